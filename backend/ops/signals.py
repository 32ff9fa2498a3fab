"""Sign-in hooks: the session's clock starts at sign-in; django-axes' flag reaches the Django request."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .middleware import SIGNED_IN_AT


@receiver(user_logged_in, dispatch_uid="ops.start_session_clock")
def start_session_clock(sender, request=None, **kwargs) -> None:  # noqa: ANN001
    # The absolute expiry counts from the sign-in itself, not from the first page after it.
    session = getattr(request, "session", None)
    if session is not None:
        session[SIGNED_IN_AT] = int(time.time())


@receiver(user_login_failed, dispatch_uid="ops.copy_axes_flag_to_django_request")
def copy_axes_flag_to_django_request(sender, credentials, request=None, **kwargs) -> None:  # noqa: ANN001
    # DRF wraps the HttpRequest; axes sets `axes_locked_out` on the wrapper, but AxesMiddleware only
    # sees the HttpRequest. Without this the token endpoint would refuse a locked-out user with the
    # generic "wrong password" answer instead of saying the account is locked.
    inner = getattr(request, "_request", None)
    if inner is None:
        return
    for name in ("axes_locked_out", "axes_credentials"):
        value = request.__dict__.get(name)
        if value is not None:
            setattr(inner, name, value)

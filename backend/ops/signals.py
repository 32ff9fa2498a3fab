"""Carries django-axes' lock-out flag from a DRF request to the Django request under it."""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver


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

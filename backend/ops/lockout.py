"""What a locked-out person sees, and which address a sign-in attempt comes from."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKOUT_STATUS = 429


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many wrong passwords. Signing in to this account is locked for %(minutes)d minutes. "
        "If you need it sooner, ask your commune officer."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: JSON for the API (the project's error shape), a page for people."""
    message = lockout_message()
    if request.path.startswith("/api/"):
        # The API's error shape (field.exceptions), and the earlier top-level keys for existing clients.
        response = JsonResponse({"error": {"code": "locked_out", "message": message}, "detail": message,
                                 "code": "locked_out"}, status=LOCKOUT_STATUS)
    else:
        response = render(request, "ops/lockout.html", {"message": message}, status=LOCKOUT_STATUS)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: REMOTE_ADDR, or the address TRUSTED_PROXY_COUNT proxies saw.

    X-Forwarded-For is only believed for the hops our own proxies appended; anything further left
    was written by the client and could name any address.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops > 0 and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= hops:
            return addresses[-hops]
    return request.META.get("REMOTE_ADDR")


USERNAME_MAX = 150  # accounts.User.username; the attempt log holds 255


def client_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username tried, cut to a length the attempt log can hold."""
    source = credentials if credentials is not None else getattr(request, "data", None) or request.POST
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if hasattr(source, "get") else None
    return username[:USERNAME_MAX] if isinstance(username, str) else username

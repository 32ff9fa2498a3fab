"""Who is locked out of signing in, what they see, and which address a sign-in attempt comes from.

Two locks (settings: AXES_FAILURE_LIMIT, AXES_ADDRESS_ACCOUNT_LIMIT, AXES_COOLOFF_TIME):
- per account and address (django-axes' AXES_LOCKOUT_PARAMETERS): repeated wrong passwords for
  one username from one address lock that pair;
- per address (LockoutHandler below): password spraying, one address trying a password on many
  accounts, locks the address for every account. It counts the accounts with failures still
  standing from that address: a volunteer who mistypes and then signs in is no longer counted
  (success clears their failures), so a village hall's shared Wi-Fi survives ordinary typos.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

LOCKOUT_STATUS = 429


def address_is_spraying(ip_address: str | None) -> bool:
    """Failures from this address, within the cool-off, on AXES_ADDRESS_ACCOUNT_LIMIT accounts or more."""
    if not ip_address:
        return False
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    accounts = (AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
                .values("username").distinct().count())
    return accounts >= settings.AXES_ADDRESS_ACCOUNT_LIMIT


class LockoutHandler(AxesDatabaseHandler):
    """AXES_HANDLER: django-axes' database handler, with the per-address lock added."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_is_spraying(getattr(request, "axes_ip_address", None) or client_ip(request)):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_message(*, address: bool = False) -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if address:
        return _(
            "Too many wrong passwords for different accounts from this network. Signing in from here is "
            "locked for %(minutes)d minutes. If you need it sooner, ask your commune officer."
        ) % {"minutes": minutes}
    return _(
        "Too many wrong passwords. Signing in to this account is locked for %(minutes)d minutes. "
        "If you need it sooner, ask your commune officer."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: JSON for the API (the project's error shape), a page for people."""
    message = lockout_message(address=address_is_spraying(client_ip(request)))
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

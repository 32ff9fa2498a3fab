from __future__ import annotations

from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle


class LoginRateThrottle(AnonRateThrottle):
    scope = "login"


class TokenView(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}; attempts are throttled per client address."""

    throttle_classes = [LoginRateThrottle]

from __future__ import annotations

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from .authentication import token_expired


class LoginRateThrottle(AnonRateThrottle):
    """Sign-in attempts per client address, counted in the shared database cache (settings.CACHES)."""

    scope = "login"
    cache_alias = "default"
    cache = ConnectionProxy(caches, cache_alias)


class TokenView(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}; attempts are throttled per client address.

    Signing in returns the caller's current token, or a new one once the old has expired.
    """

    throttle_classes = [LoginRateThrottle]

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, created = Token.objects.get_or_create(user=user)
        if not created and token_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})

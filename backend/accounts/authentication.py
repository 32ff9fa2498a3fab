"""API tokens that expire: a token left on a lost phone or in an old script stops working."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def token_expired(token) -> bool:  # noqa: ANN001
    return token.created <= timezone.now() - datetime.timedelta(seconds=settings.API_TOKEN_AGE)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than settings.API_TOKEN_AGE."""

    def authenticate_credentials(self, key):  # noqa: ANN001
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            raise exceptions.AuthenticationFailed(_("Your sign-in has expired. Please sign in again."))
        return user, token

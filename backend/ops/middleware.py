"""A hard upper bound on a session's life, whatever its activity."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "ops_signed_in_at"


class SessionAbsoluteExpiryMiddleware:
    """Signs out a session SESSION_ABSOLUTE_AGE seconds after sign-in.

    SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST is an idle timeout: a phone in daily use
    would otherwise stay signed in for ever, and the next person to pick it up would inherit it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            started = session.get(SIGNED_IN_AT)
            if started is None:
                session[SIGNED_IN_AT] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
        return self.get_response(request)

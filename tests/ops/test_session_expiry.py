"""Shared phones: a session ends after idling, and a busy one still ends hours after sign-in; so do API tokens."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import DEMO_PASSWORD

MEMBER = "member.chanhlo"
EXPIRED_VI = "Phiên đăng nhập đã hết hạn"


class Clock:
    """Stands in for the `time` module inside ops: the absolute expiry reads this clock."""

    def __init__(self) -> None:
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr("ops.middleware.time", fake)
    monkeypatch.setattr("ops.signals.time", fake)
    return fake


def signed_in(client: Client) -> Client:
    response = client.post("/login/", {"username": MEMBER, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def reaches_the_app(client: Client) -> bool:
    """The home page sends a signed-in member to the app, anyone else to the sign-in page."""
    response = client.get("/")
    assert response.status_code == 302, response
    if response["Location"] == "/app/":
        assert client.get("/api/v1/me/").status_code == 200
        return True
    assert response["Location"].startswith("/login/"), response["Location"]
    assert client.get("/api/v1/me/").status_code == 403
    return False


def stored_session(client: Client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_each_request_pushes_the_idle_expiry_forward(demo, clock):
    client = signed_in(Client())
    first = stored_session(client).expire_date
    assert abs((first - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 60
    time.sleep(1.1)  # the session table stores whole seconds on some databases
    assert reaches_the_app(client)
    assert stored_session(client).expire_date > first


def test_an_idle_session_ends(demo, clock):
    client = signed_in(Client())
    assert reaches_the_app(client)
    # Four hours without a request: the stored session has passed its expiry.
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert not reaches_the_app(client)


def test_a_busy_session_ends_after_the_absolute_age_from_sign_in(demo, clock):
    client = signed_in(Client())
    hours = settings.SESSION_ABSOLUTE_AGE // 3600
    assert hours == 12
    for _ in range(hours - 1):  # a request every hour keeps the idle expiry away
        clock.now += 3600
        assert reaches_the_app(client)
    clock.now += 3600 - 5
    assert reaches_the_app(client), "still inside the absolute age"
    clock.now += 10
    assert not reaches_the_app(client), "past the absolute age from sign-in"
    clock.now -= 3600  # turning the clock back does not bring the session back: it was flushed
    assert not reaches_the_app(client)

    # Signing in again starts a new clock.
    signed_in(client)
    clock.now += 3600
    assert reaches_the_app(client)


def test_the_clock_starts_at_sign_in_not_at_the_first_page(demo, clock):
    client = signed_in(Client())
    clock.now += settings.SESSION_ABSOLUTE_AGE + 1  # first page after sign-in, absurdly late
    assert not reaches_the_app(client)


def test_an_api_token_expires_and_signing_in_again_issues_a_new_one(demo):
    api = APIClient()
    old = api.post("/api/v1/auth/token/", {"username": MEMBER, "password": DEMO_PASSWORD}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/me/").status_code == 200
    # The same token comes back while it is young.
    again = APIClient().post("/api/v1/auth/token/", {"username": MEMBER, "password": DEMO_PASSWORD})
    assert again.json()["token"] == old

    Token.objects.filter(key=old).update(
        created=timezone.now() - datetime.timedelta(seconds=settings.API_TOKEN_AGE + 1))
    response = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code in (401, 403)
    assert EXPIRED_VI in response.content.decode()

    new = APIClient().post("/api/v1/auth/token/", {"username": MEMBER, "password": DEMO_PASSWORD}).json()["token"]
    assert new != old
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert fresh.get("/api/v1/me/").status_code == 200
    assert api.get("/api/v1/me/").status_code in (401, 403), "the expired token stays dead"

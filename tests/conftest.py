"""Shared fixtures: the demo communes, their people, and API clients signed in as each of them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

DEMO_PASSWORD = "Demo@2026"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo sets a dozen passwords; a slow hasher would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The demo data of fixtures/demo.json, loaded through the same code as `manage.py load_demo`."""
    from demo.loader import load_demo

    load_demo()


@pytest.fixture
def user(demo):
    """user("member.chanhlo") → that demo user."""
    from accounts.models import User

    return lambda username: User.objects.get(username=username)


@pytest.fixture
def api(user):
    """api("member.chanhlo") → a DRF client authenticated as that demo user (None: anonymous)."""

    def make(username: str | None = None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(user(username))
        return client

    return make


@pytest.fixture
def web(client, user):
    """web("officer.chanhlo") → Django's test client logged in through the session."""

    def make(username: str):
        client.force_login(user(username))
        return client

    return make

"""Finding 7: one address trying one password on many accounts is locked out, and the token
endpoint's throttle counts in a store every worker shares (the database cache), not in one
worker's memory."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.api import LoginRateThrottle
from tests.conftest import DEMO_PASSWORD

SPRAYED = ["member.chanhlo", "member.tinhlong", "member.ngoctrao", "member.hungdao"]


@pytest.fixture(autouse=True)
def limits(settings, db):
    caches["default"].clear()
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_ACCOUNT_LIMIT = 4
    yield
    caches["default"].clear()


def test_one_address_spraying_one_password_over_many_accounts_is_locked(demo):
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    for username in SPRAYED:  # one try each: far below the per-account limit
        sprayer.post("/login/", {"username": username, "password": "Matkhau@2026"})

    response = sprayer.post("/login/", {"username": "leader.chanhlo", "password": DEMO_PASSWORD},
                            HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 429
    assert "từ mạng này" in response.content.decode()
    assert "_auth_user_id" not in sprayer.session
    api = APIClient(REMOTE_ADDR="203.0.113.7")
    assert api.post("/api/v1/auth/token/", {"username": "leader.ngoctrao", "password": DEMO_PASSWORD}).status_code == 429
    # The accounts themselves are not locked: their owners sign in from their own phones.
    assert Client(REMOTE_ADDR="198.51.100.4").post(
        "/login/", {"username": "member.chanhlo", "password": DEMO_PASSWORD}).status_code == 302


def test_people_who_mistype_once_and_then_sign_in_do_not_lock_their_shared_address(demo):
    hall = "192.0.2.50"  # a village hall's Wi-Fi: many volunteers behind one address
    for username in SPRAYED + ["leader.chanhlo", "leader.ngoctrao"]:
        phone = Client(REMOTE_ADDR=hall)
        phone.post("/login/", {"username": username, "password": "sai-mat-khau"})
        assert phone.post("/login/", {"username": username, "password": DEMO_PASSWORD}).status_code == 302


def test_the_token_throttle_counts_in_the_shared_database_cache(demo, monkeypatch):
    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": "2/min"})
    api = APIClient(REMOTE_ADDR="198.51.100.9")
    answers = [api.post("/api/v1/auth/token/", {"username": "member.chanhlo", "password": DEMO_PASSWORD}).status_code
               for _ in range(3)]
    assert answers == [200, 200, 429]

    store = settings.CACHES[LoginRateThrottle.cache_alias]
    assert store["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(store['LOCATION'])}")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("throttle_login" in key for key in keys)

"""Wrong passwords lock a username on that address: on the sign-in page, the admin and the API."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import DEMO_PASSWORD

USERNAME = "member.chanhlo"
LOCKED_VI = "khóa"


@pytest.fixture(autouse=True)
def fresh_throttle(settings, db):
    # DRF's login throttle counts in the database cache (settings.CACHES): cleared for each test.
    cache.clear()
    settings.AXES_FAILURE_LIMIT = 3
    # The lock does not depend on the hash; a fast one keeps the demo's dozen accounts quick to create.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()


def sign_in_page(client: Client, url: str, password: str):
    return client.post(url, {"username": USERNAME, "password": password}, HTTP_ACCEPT_LANGUAGE="vi")


def test_wrong_passwords_on_the_login_page_lock_the_account(demo):
    client = Client()
    for _ in range(3):
        response = sign_in_page(client, "/login/", "wrong-password")
        assert response.status_code in (200, 429)
    response = sign_in_page(client, "/login/", DEMO_PASSWORD)
    assert response.status_code == 429
    assert LOCKED_VI in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_account_is_also_refused_by_the_api(demo):
    web = Client()
    for _ in range(3):
        sign_in_page(web, "/login/", "wrong-password")
    response = APIClient().post("/api/v1/auth/token/", {"username": USERNAME, "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json()


def test_wrong_passwords_on_the_token_endpoint_lock_the_account(demo):
    api = APIClient()
    for _ in range(3):
        response = api.post("/api/v1/auth/token/", {"username": USERNAME, "password": "wrong-password"})
        assert response.status_code in (400, 429)
    response = api.post(
        "/api/v1/auth/token/", {"username": USERNAME, "password": DEMO_PASSWORD}, HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 429
    body = response.json()
    assert "token" not in body
    assert body["code"] == "locked_out"
    assert LOCKED_VI in body["detail"]
    assert int(response["Retry-After"]) > 0


def test_wrong_passwords_on_the_admin_login_lock_the_account(demo):
    client = Client()
    for _ in range(3):
        client.post("/admin/login/", {"username": "admin", "password": "wrong-password"})
    response = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(demo):
    locked_phone = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        sign_in_page(locked_phone, "/login/", "wrong-password")
    # Another phone behind another address still signs the same person in ...
    other_phone = Client(REMOTE_ADDR="10.0.0.2")
    assert sign_in_page(other_phone, "/login/", DEMO_PASSWORD).status_code == 302
    # ... and another person on the locked phone's address is not locked either.
    response = locked_phone.post("/login/", {"username": "leader.chanhlo", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_fewer_failures_than_the_limit_then_the_right_password_signs_in(demo):
    client = Client()
    for _ in range(2):
        assert sign_in_page(client, "/login/", "wrong-password").status_code == 200
    assert sign_in_page(client, "/login/", DEMO_PASSWORD).status_code == 302


def test_force_login_and_the_test_client_login_are_unaffected(client, user, demo):
    client.force_login(user(USERNAME))
    assert client.get("/app/").status_code == 200
    assert Client().login(username=USERNAME, password=DEMO_PASSWORD)

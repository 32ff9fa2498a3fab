"""Schemathesis against /api/v1/schema/: no input, signed in or not, makes the server fail (5xx).

Bounded so it stays in `make test`: a few dozen generated cases per operation, each sent as an
anonymous caller, a team member and a commune officer.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

CALLERS = (None, "member.chanhlo", "officer.chanhlo")


@pytest.fixture
def keep_test_connection():
    """Calls go straight to the WSGI app, not through Django's test client, so Django's
    request_started/finished handlers would close the database connection that holds the test's
    transaction (PostgreSQL then answers "the connection is closed"). Django's client detaches
    them the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(keep_test_connection, demo):
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    return {
        username: Token.objects.get_or_create(user=User.objects.get(username=username))[0].key
        for username in CALLERS
        if username
    }


# Vietnamese letters, with every tone mark on every vowel (U+1EA0–U+1EF9: ậ, ộ, ợ, ệ… too).
VIETNAMESE = re.compile("[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u1ea0-\u1ef9]", re.IGNORECASE)


def error_messages(response) -> list[str]:
    """The words of a 4xx answer in the API's error shape: its message and every field's messages."""
    try:
        error = response.json().get("error") if 400 <= response.status_code < 500 else None
    except ValueError:
        return []
    if not isinstance(error, dict):
        return []
    out, stack = [error.get("message", "")], [error.get("fields", {})]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return [m for m in out if m]


def test_the_schema_lists_the_contract_endpoints():
    paths = set(schema.raw_schema["paths"])
    assert {"/api/v1/auth/token/", "/api/v1/records/", "/api/v1/sync/"} <= paths


@schema.parametrize()
@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_generated_request_causes_a_server_error(case, tokens):
    cache.clear()  # the login throttle would otherwise answer 429 before the view is exercised
    for username in CALLERS:
        headers = {"Authorization": f"Token {tokens[username]}"} if username else {}
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{response.status_code} as {username or 'anonymous'}:\n{case.as_curl_command(headers=headers)}\n"
            f"{response.text[:2000]}"
        )
        english = [m for m in error_messages(response) if not VIETNAMESE.search(m)]
        assert not english, f"{case.as_curl_command(headers=headers)}\nanswered in English: {english}"

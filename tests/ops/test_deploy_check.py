"""Production settings pass Django's deployment checklist, and every response carries the headers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="example.org", **extra)
    return env


def test_check_deploy_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env["SECRET_KEY"] = ""
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_sends_hsts_and_secure_cookies():
    # The settings module is evaluated once per process: read the production values in a fresh one.
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.STORAGES['staticfiles']['BACKEND']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT / "backend")},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    hsts, session_secure, csrf_secure, redirect, static = __import__("json").loads(result.stdout)
    assert hsts >= 31536000
    assert session_secure and csrf_secure and redirect
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.parametrize("url", ["/login/", "/app/", "/manifest.json", "/serviceworker.js", "/api/v1/schema/"])
def test_every_page_carries_the_security_headers(client, db, url):
    response = client.get(url)
    assert response.status_code < 500
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert "img-src 'self' data: blob:" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_manifest_and_the_service_worker_are_still_served(client, db):
    manifest = client.get("/manifest.json")
    assert manifest.status_code == 200
    assert manifest.json()["start_url"] == "/app/"
    worker = client.get("/serviceworker.js")
    assert worker.status_code == 200
    assert "javascript" in worker["Content-Type"]


def test_hsts_is_sent_over_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/login/").status_code == 301  # plain HTTP is sent to HTTPS


def test_the_password_policy_refuses_short_and_common_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("Ab1!xyz", "password123", "1234567890"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Lua-Chin-2026")

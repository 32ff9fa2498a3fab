"""Invitations by QR code: the officer prints one, a newcomer scans it and signs up, once."""

from __future__ import annotations

import datetime
import hashlib
import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from PIL import Image

from accounts.models import User
from audit.models import AuditEvent
from teams.models import JOIN_TOKEN_SALT, Invitation, new_invitation_nonce
from tests.database_scan import all_text_values
from tests.review_factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")

PASSWORD = "Ruong-Lua-2026"


def create_invitation(client, team, role="member", days=7) -> Invitation:
    response = client.post(f"/officer/teams/{team.pk}/invitations/", {"role": role, "days": days})
    assert response.status_code == 302
    invitation = Invitation.objects.latest("created_at")
    assert response["Location"] == f"/officer/invitations/{invitation.public_id}/"
    return invitation


def scan(png: bytes) -> str:
    """Decode the QR code the way a phone camera would: from the picture, not from our own data."""
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


@pytest.fixture
def team(user):
    return user("member.chanhlo").team


def test_the_printed_qr_code_leads_to_a_working_sign_up(web, team):
    officer = web("officer.chanhlo")
    invitation = create_invitation(officer, team)
    page = officer.get(f"/officer/invitations/{invitation.public_id}/")
    assert page.status_code == 200 and "chỉ dùng được một lần" in page.content.decode()
    png = officer.get(f"/officer/invitations/{invitation.public_id}/qr.png")
    assert png["Content-Type"] == "image/png"
    url = scan(png.content)
    assert url.startswith("http://testserver/officer/join/")
    assert invitation.token in url and len(invitation.token) >= 40
    # Reprinting later, as PNG or after a reload, gives the very same working link.
    assert scan(officer.get(f"/officer/invitations/{invitation.public_id}/qr.png").content) == url
    assert url in officer.get(f"/officer/invitations/{invitation.public_id}/").content.decode()

    phone = Client()
    path = urlsplit(url).path
    form = phone.get(path)
    assert form.status_code == 200 and team.name in form.content.decode()
    response = phone.post(path, {"username": "tv.lan", "first_name": "Lê Thị", "last_name": "Lan",
                                 "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/app/"

    newcomer = User.objects.get(username="tv.lan")
    assert (newcomer.team, newcomer.role, newcomer.unit_id) == (team, "member", team.commune_id)
    assert newcomer.check_password(PASSWORD)
    assert phone.session["_auth_user_id"] == str(newcomer.pk)  # signed in, straight into the PWA
    invitation.refresh_from_db()
    assert invitation.used_by == newcomer and invitation.used_at is not None
    assert AuditEvent.objects.filter(object_type="accounts.user", object_id=str(newcomer.pk),
                                     commune_id=team.commune_id).exists()

    # A second scan, even from another phone, is refused with a clear message.
    again = Client().get(path)
    assert again.status_code == 410 and "đã được sử dụng" in again.content.decode()
    second = Client().post(path, {"username": "tv.khac", "password1": PASSWORD, "password2": PASSWORD})
    assert second.status_code == 410 and not User.objects.filter(username="tv.khac").exists()


def test_the_svg_version_is_an_svg_of_the_same_code(web, team):
    officer = web("officer.chanhlo")
    invitation = create_invitation(officer, team)
    svg = officer.get(f"/officer/invitations/{invitation.public_id}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content and b"<path" in svg.content


def test_a_leader_invitation_makes_a_leader(web, team):
    invitation = create_invitation(web("officer.chanhlo"), team, role="leader")
    Client().post(f"/officer/join/{invitation.token}/",
                  {"username": "tt.moi", "password1": PASSWORD, "password2": PASSWORD})
    assert User.objects.get(username="tt.moi").role == "leader"


def test_an_expired_invitation_is_refused(web, team):
    invitation = create_invitation(web("officer.chanhlo"), team)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    phone = Client()
    response = phone.get(f"/officer/join/{invitation.token}/")
    assert response.status_code == 410 and "đã hết hạn" in response.content.decode()
    response = phone.post(f"/officer/join/{invitation.token}/",
                          {"username": "tv.tre", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410 and not User.objects.filter(username="tv.tre").exists()


def test_an_unknown_token_is_refused(demo):
    response = Client().get("/officer/join/not-a-real-token/")
    assert response.status_code == 404 and "không hợp lệ" in response.content.decode()


def test_a_weak_password_is_refused_and_the_invitation_stays_usable(web, team):
    invitation = create_invitation(web("officer.chanhlo"), team)
    phone = Client()
    response = phone.post(f"/officer/join/{invitation.token}/",
                          {"username": "tv.yeu", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200 and not User.objects.filter(username="tv.yeu").exists()
    assert "errorlist" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None
    ok = phone.post(f"/officer/join/{invitation.token}/",
                    {"username": "tv.yeu", "password1": PASSWORD, "password2": PASSWORD})
    assert ok.status_code == 302


def test_a_taken_username_is_refused(web, team):
    invitation = create_invitation(web("officer.chanhlo"), team)
    response = Client().post(f"/officer/join/{invitation.token}/",
                             {"username": "member.tinhlong", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_invitations_stay_within_the_commune(web, client, user, team):
    invitation = create_invitation(web("officer.chanhlo"), team)
    client.logout()
    other = web("officer.tinhlong")
    for suffix in ("", "qr.png", "qr.svg"):
        assert other.get(f"/officer/invitations/{invitation.public_id}/{suffix}").status_code == 404
    before = Invitation.objects.count()
    assert other.post(f"/officer/teams/{team.pk}/invitations/", {"role": "member", "days": 7}).status_code == 404
    assert Invitation.objects.count() == before


@pytest.mark.parametrize("username", ["member.chanhlo", "leader.chanhlo", "viewer.quangngai"])
def test_only_officers_create_invitations(web, team, username):
    response = web(username).post(f"/officer/teams/{team.pk}/invitations/", {"role": "leader", "days": 7})
    assert response.status_code == 403 and not Invitation.objects.exists()


# ---------------------------------------------------------------- no secret in the database


def _tables_holding(*secrets_: str) -> tuple[int, set[str]]:
    scanned, found = 0, set()
    for table, text in all_text_values():
        scanned += 1
        if any(secret in text for secret in secrets_):
            found.add(table)
    return scanned, found


def test_no_table_holds_a_working_token(web, team):
    officer = web("officer.chanhlo")
    invitation = create_invitation(officer, team)
    officer.get(f"/officer/invitations/{invitation.public_id}/")
    url = scan(officer.get(f"/officer/invitations/{invitation.public_id}/qr.png").content)
    token = urlsplit(url).path.removeprefix("/officer/join/").rstrip("/")
    assert token == invitation.token
    signature = token.rpartition(":")[2]
    digest = hashlib.sha256(token.encode()).hexdigest()
    assert AuditEvent.objects.filter(object_type="teams.invitation", object_id=str(invitation.pk)).exists()
    Client().get(url)  # the newcomer opens the page

    # Created, shown, printed twice, opened: neither the token, nor its signature, nor a digest of it
    # is in any table (the invitation's and the audit trail's included), so a dump cannot join.
    scanned, found = _tables_holding(token, signature, digest)
    assert found == set()
    assert scanned > 100  # the scan really read the data, demo included
    invitation.refresh_from_db()
    assert invitation.legacy_token_sha256 is None

    # Once used, the token is spent. The only copy is then the path of the newcomer's first sign-in
    # in django-axes' access log, and it opens nothing any more.
    assert Client().post(url, {"username": "tv.quet", "password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    assert not AuditEvent.objects.filter(changes__icontains=signature).exists()
    assert _tables_holding(token, signature, digest)[1] <= {"axes_accesslog"}
    assert Client().get(url).status_code == 410


def test_a_tampered_or_forged_token_opens_nothing(web, team):
    officer = web("officer.chanhlo")
    invitation = create_invitation(officer, team)
    other = create_invitation(officer, team)
    token = invitation.token
    value, signature = token.rsplit(":", 1)
    flipped = signature[:10] + ("A" if signature[10] != "A" else "B") + signature[11:]
    forged = {
        "altered signature": f"{value}:{flipped}",
        "another id": f"{other.pk}.{invitation.nonce}:{signature}",
        "another nonce": f"{invitation.pk}.{other.nonce}:{signature}",
        "signed with another key": signing.Signer(key="not-our-secret-key", salt=JOIN_TOKEN_SALT).sign(value),
        "signed for another purpose": signing.Signer(salt="accounts.something-else").sign(value),
        "what the database holds": value,
        "the nonce alone": invitation.nonce,
        "no signature": f"{value}:",
    }
    for case, bad in forged.items():
        response = Client().get(f"/officer/join/{bad}/")
        assert response.status_code == 404 and "không hợp lệ" in response.content.decode(), case
        response = Client().post(f"/officer/join/{bad}/",
                                 {"username": "tv.gia", "password1": PASSWORD, "password2": PASSWORD})
        assert response.status_code == 404 and not User.objects.filter(username="tv.gia").exists(), case
    invitation.refresh_from_db()
    assert invitation.used_at is None

    # A fresh nonce revokes every link printed before: the old one opens nothing, the new one works.
    Invitation.objects.filter(pk=invitation.pk).update(nonce=new_invitation_nonce())
    assert Client().get(f"/officer/join/{token}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.token != token and Client().get(f"/officer/join/{invitation.token}/").status_code == 200

    # Altering the token of a used invitation still opens nothing: 404, not the 410 of the real one.
    Client().post(f"/officer/join/{other.token}/", {"username": "tv.that", "password1": PASSWORD, "password2": PASSWORD})
    assert Client().get(f"/officer/join/{other.token}/").status_code == 410
    other_value, other_signature = other.token.rsplit(":", 1)
    assert Client().get(f"/officer/join/{other_value}:{other_signature[::-1]}/").status_code == 404


# ---------------------------------------------------------------- QR codes printed before tokens were signed


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_a_qr_code_printed_before_the_migration_keeps_working_once(team):
    legacy_token = "Ma-QR-in-tu-truoc_0123456789abcdefghijklmnopq"
    # Back to every app's latest afterwards, including any migration that would depend on the new teams ones.
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old_apps = _migrate([("teams", "0002_invitation")])
        OldInvitation = old_apps.get_model("teams", "Invitation")
        old = OldInvitation.objects.create(team_id=team.pk, role="member", token=legacy_token,
                                           expires_at=timezone.now() + datetime.timedelta(days=7))
    finally:
        _migrate(leaf)
    invitation = Invitation.objects.get(pk=old.pk)
    assert invitation.legacy_token_sha256 == hashlib.sha256(legacy_token.encode()).hexdigest()
    assert not any(legacy_token in text for _table, text in all_text_values())

    phone = Client()
    assert phone.get(f"/officer/join/{legacy_token}/").status_code == 200
    response = phone.post(f"/officer/join/{legacy_token}/",
                          {"username": "tv.cu", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and User.objects.get(username="tv.cu").team == team
    again = Client().get(f"/officer/join/{legacy_token}/")
    assert again.status_code == 410 and "đã được sử dụng" in again.content.decode()
    # The officer's reprint of such an invitation is a signed link to the same, now used, invitation.
    assert Client().get(f"/officer/join/{invitation.token}/").status_code == 410

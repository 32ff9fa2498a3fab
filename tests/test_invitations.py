"""Invitations by QR code: the officer prints one, a newcomer scans it and signs up, once."""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.test import Client
from django.utils import timezone
from PIL import Image
from review_factories import fast_passwords  # noqa: F401

from accounts.models import User
from audit.models import AuditEvent
from teams.models import Invitation

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

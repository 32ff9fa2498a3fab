"""One A4 page of QR cards for the imported members; each card signs its own member up, once."""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from teams.models import Invitation, Team
from teams.services import invitation_create
from tests.onboarding.test_import import NEW_ROWS
from tests.onboarding.workbooks import base, confirm, filled, template, upload
from tests.teams.test_invitations import scan

PASSWORD = "Ruong-Lua-2026"


@pytest.fixture
def officer(web):
    client = web("officer.chanhlo")
    page = base(client)
    response = confirm(client, page, upload(client, page, filled(template(client, page), NEW_ROWS)))
    assert response.status_code == 302
    if not response["Location"].endswith("/cards/"):
        shown = client.get(response["Location"])
        pytest.fail(f"confirmation went to {response['Location']}: {[str(m) for m in shown.context['messages']]}"
                    if shown.context else f"confirmation went to {response['Location']}")
    client.cards = response["Location"]
    return client


def card_links(client, url: str) -> dict[str, str]:
    """Member id → the link its card's QR code decodes to, read from the printed pictures."""
    body = client.get(url).content.decode()
    cards = re.findall(r'<div class="card" data-member="(\d+)">.*?<img src="([^"]+)"', body, re.S)
    return {member: scan(client.get(src).content) for member, src in cards}


def test_the_cards_page_prints_one_card_per_new_member(officer):
    response = officer.get(officer.cards)
    body = response.content.decode()
    assert response.status_code == 200
    assert "@page{size:A4 portrait" in body and body.count('class="sheet"') == 1
    assert "<script" not in body  # CSP: no inline script, printing is the browser's own command
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for name in ("Nguyễn Văn Thử", "Trần Thị Nghiệm", "Lê Văn Ba"):
        assert name in body
    assert "Tổ CNSCĐ thôn Mới Một" in body and "Thôn Mới Một" in body and "Tổ dân phố 99" in body
    assert "Tổ trưởng" in body and "Tổ phó" in body


def test_every_card_decodes_to_its_members_own_working_link(officer):
    links = card_links(officer, officer.cards)
    members = User.objects.filter(last_name__in=["Thử", "Nghiệm", "Ba"])
    assert set(links) == {str(m.pk) for m in members}
    for member in members:
        url = links[str(member.pk)]
        invitation = Invitation.objects.get(member=member)
        assert url == f"http://testserver/officer/join/{invitation.token}/"
        page = Client().get(urlsplit(url).path)
        assert page.status_code == 200 and member.get_full_name() in page.content.decode()


def test_scanning_a_card_activates_the_listed_member_not_a_new_account(officer):
    member = User.objects.get(last_name="Thử")
    path = urlsplit(card_links(officer, officer.cards)[str(member.pk)]).path
    phone = Client()
    form = phone.get(path)
    assert form.context["form"].initial["username"] == member.username  # a suggestion, e.g. "nguyenvanthu"
    users = User.objects.count()
    response = phone.post(path, {"username": "thu.tomoi", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/app/"
    assert User.objects.count() == users
    member.refresh_from_db()
    assert member.username == "thu.tomoi" and member.check_password(PASSWORD)
    assert (member.role, member.position, member.get_full_name()) == ("leader", "Tổ trưởng", "Nguyễn Văn Thử")
    assert phone.session["_auth_user_id"] == str(member.pk)
    # The card is spent, and the member no longer has one to print.
    assert Client().get(path).status_code == 410
    assert str(member.pk) not in card_links(officer, officer.cards)


def test_a_taken_username_is_refused_on_a_card(officer):
    member = User.objects.get(last_name="Ba")
    path = urlsplit(card_links(officer, officer.cards)[str(member.pk)]).path
    response = Client().post(path, {"username": "member.chanhlo", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200 and "username" in response.context["form"].errors
    member.refresh_from_db()
    assert not member.has_usable_password()


def test_expired_cards_are_renewed_in_one_go(officer):
    Invitation.objects.filter(member__isnull=False).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    page = officer.get(officer.cards)
    assert page.context["count"] == 0 and len(page.context["expired"]) == 3
    assert "Tạo mã QR mới" in page.content.decode()
    response = officer.post(f"{officer.cards}renew/")
    assert response.status_code == 302
    assert len(card_links(officer, officer.cards)) == 3
    assert Invitation.objects.filter(member__isnull=False, expires_at__gt=timezone.now()).count() == 3


def test_the_cards_of_one_team(officer):
    team = User.objects.get(last_name="Ba").team
    links = card_links(officer, f"{officer.cards}?team={team.pk}")
    assert set(links) == {str(User.objects.get(last_name="Ba").pk)}


def test_a_signed_up_members_other_card_no_longer_works(officer):
    member = User.objects.get(last_name="Nghiệm")
    first = urlsplit(card_links(officer, officer.cards)[str(member.pk)]).path
    Invitation.objects.filter(member=member).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    officer.post(f"{officer.cards}renew/")
    second = urlsplit(card_links(officer, officer.cards)[str(member.pk)]).path
    assert first != second
    Invitation.objects.filter(member=member).update(expires_at=timezone.now() + datetime.timedelta(days=1))
    assert Client().post(second, {"username": "nghiem", "password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    response = Client().get(first)
    assert response.status_code == 410 and "đã đăng ký" in response.content.decode()


def test_ids_in_the_thousands_are_written_plainly(officer):
    """Vietnamese number formatting must not turn id 23456 into "23.456" in a link or an attribute."""
    unit = User.objects.get(last_name="Ba").team.unit
    team = Team.objects.create(pk=12345, unit=unit, name="Tổ CNSCĐ mở rộng")
    member = User(pk=23456, username="dovanlon", first_name="Đỗ Văn", last_name="Lớn", role="member", team=team)
    member.set_unusable_password()
    member.save()
    invitation_create(team=team, role="member", by=None, member=member)
    detail = officer.get(f"/officer/teams/{team.pk}/").content.decode()
    link = re.search(r'href="([^"]*/cards/\?team=[^"]*)"', detail).group(1)
    assert link.endswith("?team=12345")
    assert set(card_links(officer, link)) == {"23456"}

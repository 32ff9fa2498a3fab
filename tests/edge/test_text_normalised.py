"""Text typed into the officer's forms and the sign-up page is stored as people mean it (issue 18):
NFC, without zero-width, control or bidirectional-override characters; passwords exactly as typed."""

from __future__ import annotations

import unicodedata

from django.test import Client

from accounts.models import User
from indicators.models import Denominator
from teams.models import Team
from teams.services import invitation_create

NFD = unicodedata.normalize("NFD", "Tổ Thôn Mới")
DIRTY = "Tổ\u200b Thôn\x00 Mới\u202e"
PASSWORD = "mật\u200bkhẩu-Dài-2026"  # a zero-width space in a password is the person's business


def test_a_team_name_typed_with_hidden_characters_is_stored_clean(web, user):
    village = user("member.chanhlo").team.unit
    response = web("officer.chanhlo").post("/officer/teams/", {
        "unit": village.pk, "name": DIRTY, "decision_ref": NFD, "established_on": "01/02/2025"})

    assert response.status_code == 302
    team = Team.objects.get(unit=village, name="Tổ Thôn Mới")
    assert team.decision_ref == "Tổ Thôn Mới" and unicodedata.is_normalized("NFC", team.decision_ref)


def test_a_member_added_by_the_officer_gets_clean_names_and_the_password_as_typed(web, user):
    team = user("member.chanhlo").team
    response = web("officer.chanhlo").post(f"/officer/teams/{team.pk}/", {
        "m-username": "tv.\u200bmoi", "m-first_name": unicodedata.normalize("NFD", "Hồng"),
        "m-last_name": "Nguy\u200bễn\u2066", "m-position": "", "m-role": "member",
        "m-password1": PASSWORD, "m-password2": PASSWORD})

    assert response.status_code == 302, response.content.decode()[-1500:]
    member = User.objects.get(username="tv.moi")
    assert (member.first_name, member.last_name) == ("Hồng", "Nguyễn")
    assert member.check_password(PASSWORD) and not member.check_password(PASSWORD.replace("\u200b", ""))


def test_a_newcomer_signing_up_is_stored_clean(demo, user):
    invitation = invitation_create(team=user("member.chanhlo").team, role="member", by=None)
    response = Client().post(f"/officer/join/{invitation.token}/", {
        "username": "tv.tu", "first_name": "T\u00adư\x00", "last_name": unicodedata.normalize("NFD", "Lê"),
        "password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    newcomer = User.objects.get(username="tv.tu")
    assert (newcomer.first_name, newcomer.last_name) == ("Tư", "Lê") and newcomer.check_password(PASSWORD)


def test_a_source_note_keeps_its_lines_but_loses_control_characters(web, user):
    village = user("member.chanhlo").team.unit
    web("officer.chanhlo").post("/officer/figures/denominator/new/", {
        "unit": village.pk, "year": "2031", "kind": "households", "value": "１.２３４",
        "source_note": "Công an xã\r\nsố liệu\x07 tháng 1\u200b"})

    figure = Denominator.objects.get(unit=village, year=2031, kind="households")
    assert figure.value == 1234 and figure.source_note == "Công an xã\nsố liệu tháng 1"

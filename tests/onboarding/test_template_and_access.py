"""The template an officer downloads, and who may onboard which commune."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from citizens.text import fold
from orgunits.models import OrgUnit
from tests.onboarding.test_import import NEW_ROWS, snapshot
from tests.onboarding.workbooks import MEMBERS, TEAMS, VILLAGES, base, confirm, filled, template, upload


def imported(client) -> str:
    page = base(client)
    confirm(client, page, upload(client, page, filled(template(client, page), NEW_ROWS)))
    return page


def test_the_template_opens_in_openpyxl_with_the_communes_data(web, user):
    officer = web("officer.chanhlo")
    commune = user("officer.chanhlo").unit
    book = load_workbook(io.BytesIO(template(officer, imported(officer))))
    assert book.sheetnames == ["Hướng dẫn", VILLAGES, TEAMS, MEMBERS]

    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert commune.full_name in guide and "Ví dụ" in guide and "47.351" in guide
    assert "Nguyễn Văn An" in guide  # the example row

    villages = book[VILLAGES]
    assert [c.value for c in villages[1]] == ["Tên thôn, tổ dân phố *", "Loại", "Năm số liệu", "Dân số",
                                              "Dân số từ 18 tuổi", "Số hộ gia đình"]
    rows = {r[0]: r for r in villages.iter_rows(min_row=2, values_only=True) if r[0]}
    today = timezone.localdate()
    assert sorted(rows) == sorted(OrgUnit.objects.filter(parent=commune, level="village").valid_on(today)
                                  .values_list("name", flat=True))
    assert rows["Thôn Mới Một"][1:] == ("Thôn", today.year, 1250, 930, 320)

    assert [c.value for c in book[TEAMS][1]] == ["Tên tổ *", "Thôn, TDP phụ trách (trống: tổ cấp xã)",
                                                 "Quyết định thành lập"]
    teams = {r[0]: r for r in book[TEAMS].iter_rows(min_row=2, values_only=True) if r[0]}
    assert teams["Tổ CNSCĐ thôn Mới Một"] == ("Tổ CNSCĐ thôn Mới Một", "Thôn Mới Một", "Quyết định 12/QĐ-UBND")
    members = [r for r in book[MEMBERS].iter_rows(min_row=2, values_only=True) if r[0]]
    assert ("Nguyễn Văn Thử", "Tổ CNSCĐ thôn Mới Một", "Tổ trưởng", "0905123456") in members
    # Nobody of another commune is in it.
    assert user("member.tinhlong").get_full_name() not in [r[0] for r in members]

    rules = {(ws.title, str(dv.sqref).split(":")[0]): dv for ws in (villages, book[TEAMS], book[MEMBERS])
             for dv in ws.data_validations.dataValidation}
    assert rules[(VILLAGES, "B2")].type == "list" and "Tổ dân phố" in rules[(VILLAGES, "B2")].formula1
    assert rules[(VILLAGES, "D2")].type == "whole"
    assert rules[(MEMBERS, "C2")].formula1 == '"Tổ trưởng,Tổ phó,Tổ viên"'
    assert rules[(MEMBERS, "B2")].formula1.startswith("'Tổ CNSCĐ'!$A$2")
    assert book[MEMBERS].column_dimensions["D"].number_format == "@"  # phones stay text


def test_a_name_that_looks_like_a_formula_stays_text_in_the_template(web):
    officer = web("officer.chanhlo")
    page = imported(officer)
    member = User.objects.get(last_name="Thử")
    member.first_name = "=1+1"
    member.save()
    book = load_workbook(io.BytesIO(template(officer, page)))
    cell = next(c for row in book[MEMBERS].iter_rows(min_row=2) for c in row[:1] if str(c.value).startswith("=1+1"))
    assert cell.data_type == "s"


@pytest.mark.parametrize("suffix", ["", "template.xlsx", "cards/"])
def test_an_officer_cannot_open_another_communes_pages(web, user, suffix):
    other = user("officer.tinhlong").unit_id
    assert web("officer.chanhlo").get(f"/officer/onboarding/{other}/{suffix}").status_code == 404


def test_an_officer_cannot_import_into_another_commune(web, user):
    officer = web("officer.chanhlo")
    content = filled(template(officer, base(officer)), NEW_ROWS)
    other = user("officer.tinhlong").unit_id
    before = snapshot()
    assert upload(officer, f"/officer/onboarding/{other}/", content).status_code == 404
    assert officer.post(f"/officer/onboarding/{other}/confirm/", {"token": "x"}).status_code == 404
    assert officer.post(f"/officer/onboarding/{other}/cards/renew/").status_code == 404
    assert snapshot() == before


def test_an_officer_is_sent_to_their_own_commune(web, user):
    officer = web("officer.hungdao")
    assert base(officer) == f"/officer/onboarding/{user('officer.hungdao').unit_id}/"


@pytest.mark.parametrize("username,status", [("member.chanhlo", 403), ("leader.chanhlo", 403),
                                             ("viewer.quangngai", 403)])
def test_only_officers_and_administrators_onboard(web, user, username, status):
    client = web(username)
    commune = user("officer.chanhlo").unit_id
    assert client.get("/officer/onboarding/").status_code == status
    assert client.get(f"/officer/onboarding/{commune}/template.xlsx").status_code == status


def test_a_visitor_is_sent_to_sign_in(demo, user):
    commune = user("officer.chanhlo").unit_id
    response = Client().get(f"/officer/onboarding/{commune}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_administrator_picks_a_commune_by_typing_its_name_without_accents(web, user):
    admin = web("admin")
    commune = user("officer.tinhlong").unit
    page = admin.get("/officer/onboarding/", {"q": fold(commune.name).upper()})
    assert page.status_code == 200
    assert f'href="/officer/onboarding/{commune.pk}/"' in page.content.decode()
    assert commune not in admin.get("/officer/onboarding/", {"q": "khong co xa nay"}).context["communes"]


def test_an_administrator_imports_into_the_commune_they_picked(web, user):
    admin = web("admin")
    commune = user("officer.tinhlong").unit
    page = f"/officer/onboarding/{commune.pk}/"
    preview = upload(admin, page, filled(template(admin, page), NEW_ROWS))
    confirm(admin, page, preview)
    assert OrgUnit.objects.filter(parent=commune, name="Thôn Mới Một").exists()
    assert User.objects.filter(team__commune=commune, last_name="Thử").exists()
    assert not OrgUnit.objects.filter(parent=user("officer.chanhlo").unit, name="Thôn Mới Một").exists()

"""Onboarding a commune from the XLSX template: upload, preview with errors by row, confirm, repeat."""

from __future__ import annotations

import pytest

from accounts.models import User
from audit.models import AuditEvent
from indicators.models import Denominator
from orgunits.models import OrgUnit
from teams.models import Invitation, Team
from tests.onboarding.workbooks import (
    MEMBERS,
    TEAMS,
    VILLAGES,
    base,
    confirm,
    errors_of,
    filled,
    template,
    upload,
)

OFFICER = "officer.chanhlo"

NEW_ROWS = {
    VILLAGES: [["Thôn Mới Một", "Thôn", None, "1.250", 930, "320"],
               ["Tổ dân phố 99", None, 2025, 47351, "35.000", 12000]],
    TEAMS: [["Tổ CNSCĐ thôn Mới Một", "Thôn Mới Một", "Quyết định 12/QĐ-UBND"],
            ["Tổ CNSCĐ TDP 99", "Tổ dân phố 99", None]],
    MEMBERS: [["Nguyễn Văn Thử", "Tổ CNSCĐ thôn Mới Một", "Tổ trưởng", "0905 123 456"],
              ["Trần Thị Nghiệm", "Tổ CNSCĐ thôn Mới Một", "Tổ phó", None],
              ["Lê Văn Ba", "Tổ CNSCĐ TDP 99", None, 912345678]],
}


def snapshot() -> tuple:
    """Everything an import could write, so that "nothing written" is checked, not assumed."""
    return (
        list(OrgUnit.objects.order_by("pk").values_list("pk", "name", "kind", "parent_id")),
        list(Denominator.objects.order_by("pk").values_list("pk", "unit_id", "year", "kind", "value")),
        list(Team.objects.order_by("pk").values_list("pk", "name", "unit_id", "decision_ref")),
        list(User.objects.order_by("pk").values_list("pk", "username", "role", "team_id", "position", "phone")),
        Invitation.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def officer(web):
    return web(OFFICER)


@pytest.fixture
def page(officer):
    return base(officer)


@pytest.fixture
def commune(user):
    return user(OFFICER).unit


def test_a_good_file_is_previewed_then_saved_on_confirmation(officer, page, commune, user):
    before = snapshot()
    preview = upload(officer, page, filled(template(officer, page), NEW_ROWS))
    assert preview.status_code == 200 and errors_of(preview) == []
    body = preview.content.decode()
    assert "Thôn Mới Một" in body and "Nguyễn Văn Thử" in body and "Xác nhận và lưu" in body
    assert snapshot() == before, "the preview wrote something"

    response = confirm(officer, page, preview)
    assert response.status_code == 302 and response["Location"].endswith("/cards/")

    one = OrgUnit.objects.get(parent=commune, name="Thôn Mới Một")
    tdp = OrgUnit.objects.get(parent=commune, name="Tổ dân phố 99")
    assert (one.level, one.kind, tdp.kind) == ("village", "thon", "to_dan_pho")  # kind read from the name
    figures = dict(Denominator.objects.filter(unit=one).values_list("kind", "value"))
    assert figures == {"population": 1250, "adults_18": 930, "households": 320}
    assert {d.year for d in Denominator.objects.filter(unit=one)} == {preview.context["plan"].ops["denominators"][0]["year"]}
    assert dict(Denominator.objects.filter(unit=tdp, year=2025).values_list("kind", "value")) == {
        "population": 47351, "adults_18": 35000, "households": 12000}

    team = Team.objects.get(unit=one, name="Tổ CNSCĐ thôn Mới Một")
    assert team.commune == commune and team.decision_ref == "Quyết định 12/QĐ-UBND"
    leader = User.objects.get(team=team, first_name="Nguyễn Văn", last_name="Thử")
    deputy = User.objects.get(team=team, last_name="Nghiệm")
    ba = User.objects.get(team__unit=tdp, last_name="Ba")
    assert (leader.role, leader.position, leader.phone) == ("leader", "Tổ trưởng", "0905123456")
    assert (deputy.role, deputy.position, deputy.phone) == ("leader", "Tổ phó", "")
    assert (ba.role, ba.position, ba.phone) == ("member", "Tổ viên", "0912345678")  # the lost 0 put back
    for member in (leader, deputy, ba):
        assert member.unit == commune and member.is_active and not member.has_usable_password()
        invitation = Invitation.objects.get(member=member)
        assert invitation.is_usable and invitation.team == member.team and invitation.role == member.role

    events = AuditEvent.objects.filter(commune=commune).exclude(pk__in=[])
    assert events.filter(object_type="orgunits.orgunit", object_id=str(one.pk), action="create").exists()
    assert events.filter(object_type="indicators.denominator", action="create").count() == 6
    assert events.filter(object_type="teams.team", action="create").count() == 2
    assert events.filter(object_type="accounts.user", action="create").count() == 3
    assert events.filter(object_type="teams.invitation", action="create").count() == 3
    summary = events.get(object_type="orgunits.orgunit", object_id=str(commune.pk))
    assert summary.actor == user(OFFICER) and summary.changes["members"] == 3
    # The officer reads all of it in the commune's audit trail.
    assert "Thôn Mới Một" in officer.get("/officer/audit/").content.decode()


def test_uploading_the_same_file_again_changes_nothing(officer, page):
    content = filled(template(officer, page), NEW_ROWS)
    confirm(officer, page, upload(officer, page, content))
    before = snapshot()
    again = upload(officer, page, content)
    assert again.status_code == 200 and errors_of(again) == []
    assert again.context["token"] == "" and "không có gì mới" in again.content.decode()
    # The template downloaded now holds everything imported: sending it back is a no-op too.
    fresh = upload(officer, page, template(officer, page))
    assert errors_of(fresh) == [] and fresh.context["token"] == ""
    assert snapshot() == before


def test_a_changed_population_is_updated_and_audited(officer, page, commune):
    content = template(officer, page)
    confirm(officer, page, upload(officer, page, filled(content, NEW_ROWS)))
    village = OrgUnit.objects.get(parent=commune, name="Thôn Mới Một")
    figure = Denominator.objects.get(unit=village, kind="population")
    changed = {**NEW_ROWS, VILLAGES: [["Thôn Mới Một", "Thôn", None, "1.300", 930, "320"], NEW_ROWS[VILLAGES][1]]}
    users, teams = User.objects.count(), Team.objects.count()

    preview = upload(officer, page, filled(content, changed))
    assert "1.250 → 1.300" in preview.content.decode()
    confirm(officer, page, preview)
    figure.refresh_from_db()
    assert figure.value == 1300
    assert Denominator.objects.filter(unit=village).count() == 3
    assert (User.objects.count(), Team.objects.count()) == (users, teams)
    event = AuditEvent.objects.get(object_type="indicators.denominator", object_id=str(figure.pk), action="update")
    assert event.changes == {"value": [1250, 1300]}


def test_a_changed_role_and_phone_update_the_member(officer, page):
    content = template(officer, page)
    confirm(officer, page, upload(officer, page, filled(content, NEW_ROWS)))
    rows = {**NEW_ROWS, MEMBERS: [["Nguyễn Văn Thử", "Tổ CNSCĐ thôn Mới Một", "Tổ viên", "0987654321"],
                                  *NEW_ROWS[MEMBERS][1:]]}
    confirm(officer, page, upload(officer, page, filled(content, rows)))
    member = User.objects.get(last_name="Thử")
    assert (member.role, member.position, member.phone) == ("member", "Tổ viên", "0987654321")
    assert User.objects.filter(last_name="Thử").count() == 1


def test_bad_rows_are_listed_by_sheet_row_and_column_and_nothing_is_written(officer, page):
    rows = {
        VILLAGES: [["Thôn Lỗi", "Làng", None, "12,5", -3, "abc"],  # row n: kind, three bad numbers
                   ["Thôn Hai", "Thôn", 1890, 100, 200, 50],  # year; more adults than people
                   ["Thôn Hai", "Thôn", None, None, None, None],  # duplicate name
                   ["X" * 130, "Thôn", None, None, None, None]],  # over-long name
        TEAMS: [["Tổ CNSCĐ thôn Ma", "Thôn Ma", None],  # unknown village
                ["Tổ CNSCĐ thôn Ma", None, None]],  # duplicate team name
        MEMBERS: [["Phạm Văn Một", "Tổ Không Có", "Tổ trưởng", None],  # unknown team
                  ["Phạm Văn Hai", "Tổ CNSCĐ thôn Ma", "Chủ tịch", "12345"],  # bad role and phone
                  ["=HYPERLINK(\"x\")", "Tổ CNSCĐ thôn Ma", None, None]],  # a formula as a name
    }
    content = template(officer, page)
    first = {title: len(_prefilled(content, title)) + 2 for title in (VILLAGES, TEAMS, MEMBERS)}
    before = snapshot()
    preview = upload(officer, page, filled(content, rows))
    assert preview.status_code == 200 and preview.context["token"] == ""
    errors = errors_of(preview)
    by_cell = {(sheet, row, column.split(" ")[0]) for sheet, row, column, _m in errors}
    v, t, m = first[VILLAGES], first[TEAMS], first[MEMBERS]
    for expected in [(VILLAGES, v, "B"), (VILLAGES, v, "D"), (VILLAGES, v, "E"), (VILLAGES, v, "F"),
                     (VILLAGES, v + 1, "C"), (VILLAGES, v + 1, "E"), (VILLAGES, v + 3, "A"),
                     (MEMBERS, m + 1, "C"), (MEMBERS, m + 1, "D"), (MEMBERS, m + 2, "A")]:
        assert expected in by_cell, (expected, errors)
    messages = {(sheet, row): message for sheet, row, _c, message in errors}
    assert f"dòng {v + 1}" in messages[(VILLAGES, v + 2)]  # the duplicate names its first row
    assert "Thôn Ma" in messages[(TEAMS, t)]
    assert f"dòng {t}" in messages[(TEAMS, t + 1)]
    assert "Tổ Không Có" in messages[(MEMBERS, m)]
    body = preview.content.decode()
    assert "Viết số nguyên, ví dụ 47.351 hoặc 47351." in body  # Vietnamese, saying what to write
    assert "Chưa có gì được lưu." in body and "Xác nhận và lưu" not in body
    assert snapshot() == before
    # Confirming anyway (an old form, a forged post) writes nothing either.
    officer.post(f"{page}confirm/", {"token": "x"})
    assert snapshot() == before


def _prefilled(content: bytes, title: str) -> list:
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content))[title]
    return [r for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]


@pytest.mark.parametrize("name,content,expected", [
    ("ds.csv", "Tên,Dân số\nThôn A,100\n".encode(), "không phải là tệp Excel .xlsx"),
    ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "tệp Excel cũ (.xls)"),
    ("hong.xlsx", b"PK\x03\x04broken" + b"\0" * 100, "không phải là tệp Excel .xlsx"),
    ("anh.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "không phải là tệp Excel .xlsx"),
    ("rong.xlsx", b"", "Tệp trống"),
])
def test_a_file_that_is_not_a_workbook_gets_a_clear_message(officer, page, name, content, expected):
    before = snapshot()
    response = upload(officer, page, content, name=name)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert snapshot() == before


def test_a_damaged_workbook_gets_a_clear_message(officer, page):
    import io
    import zipfile

    good = template(officer, page)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet2"):
                data = data[: len(data) // 2]  # cut in the middle of the XML
            dst.writestr(item, data)
    response = upload(officer, page, out.getvalue())
    assert response.status_code == 200
    assert "có thể đã bị hỏng" in response.content.decode()


def test_a_zip_bomb_is_refused_before_it_is_opened(officer, page):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(out.getvalue()) < 2 * 1024 * 1024
    response = upload(officer, page, out.getvalue())
    assert "quá lớn khi giải nén" in response.content.decode()


def test_a_huge_upload_is_refused(officer, page):
    response = upload(officer, page, b"PK" + b"\0" * (3 * 1024 * 1024))
    assert response.status_code == 200 and "Tệp quá lớn" in response.content.decode()


def test_an_empty_template_says_there_is_nothing_to_import(officer, page):
    empty = filled(template(officer, page), {VILLAGES: [], TEAMS: [], MEMBERS: []}, replace=True)
    response = upload(officer, page, empty)
    assert "chưa có dòng dữ liệu nào" in response.content.decode()


def test_a_sheet_or_column_missing_is_named(officer, page):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(template(officer, page)))
    del book[TEAMS]
    book[MEMBERS]["B1"] = "Nhóm"
    out = io.BytesIO()
    book.save(out)
    body = upload(officer, page, out.getvalue()).content.decode()
    assert "Không thấy trang “Tổ CNSCĐ”" in body
    assert "Thiếu cột “Tổ” ở dòng đầu" in body


def test_the_template_of_another_commune_is_refused(web, user, officer, page):
    other = web("admin")
    other_page = f"/officer/onboarding/{user('officer.tinhlong').unit_id}/"
    content = template(other, other_page)
    officer.force_login(user(OFFICER))
    body = upload(officer, page, filled(content, NEW_ROWS)).content.decode()
    assert "không phải của" in body


def test_everything_is_undone_when_one_write_fails(officer, page, monkeypatch):
    from teams import services as team_services

    preview = upload(officer, page, filled(template(officer, page), NEW_ROWS))
    before = snapshot()
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(**kwargs)

    original = team_services.invitation_create
    monkeypatch.setattr(team_services, "invitation_create", failing)
    with pytest.raises(RuntimeError):
        confirm(officer, page, preview)
    assert len(calls) == 3
    assert snapshot() == before


def test_a_second_confirmation_of_the_same_preview_saves_nothing_more(officer, page):
    preview = upload(officer, page, filled(template(officer, page), NEW_ROWS))
    token = preview.context["token"]
    officer.post(f"{page}confirm/", {"token": token})
    before = snapshot()
    response = officer.post(f"{page}confirm/", {"token": token})
    assert response.status_code == 302
    assert snapshot() == before


def test_a_preview_made_stale_by_another_change_is_shown_again(officer, page, commune, user):
    preview = upload(officer, page, filled(template(officer, page), NEW_ROWS))
    # Meanwhile, in another tab, the village is created by hand.
    OrgUnit.objects.create(level="village", kind="thon", name="Thôn Mới Một", parent=commune)
    before = snapshot()
    response = confirm(officer, page, preview)
    assert response.status_code == 200 and response.context["changed"]
    assert snapshot() == before
    confirm(officer, page, response)
    assert OrgUnit.objects.filter(parent=commune, name="Thôn Mới Một").count() == 1
    assert Team.objects.filter(unit__name="Thôn Mới Một", commune=commune).count() == 1


def test_a_member_without_a_written_position_comes_back_unchanged(officer, page):
    confirm(officer, page, upload(officer, page, filled(template(officer, page), NEW_ROWS)))
    member = User.objects.get(last_name="Ba")  # as if they had joined through an open invitation
    member.position = ""
    member.save()
    preview = upload(officer, page, template(officer, page))
    assert errors_of(preview) == [] and preview.context["token"] == ""


def test_a_huge_request_is_refused_before_it_is_read(officer, page):
    response = officer.post(page, {"file": "x"}, CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 200 and "Tệp quá lớn (50,0 MB)" in response.content.decode()

"""The province report (seed 001: "1 city team, 23 commune teams, 139 village teams; 1.164 members
trained") on the hand-counted world, with teams added at each level; and the XLSX that prints."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from accounts.models import Role, User
from indicators.models import EnteredFigure
from teams.models import Team
from tests.scenario import build_world


@pytest.fixture
def world(db):
    w = build_world()
    province_team = Team.objects.create(unit=w.province, name="Tổ CNSCĐ tỉnh")
    commune_team = Team.objects.create(unit=w.b, name="Tổ CNSCĐ xã Bình An")
    for i, team in enumerate([province_team, province_team, commune_team]):
        User.objects.create_user(f"extra.{i}", role=Role.MEMBER, team=team)
    gone = Team.objects.create(unit=w.b1, name="Tổ cũ", is_active=False)  # disbanded: not counted
    later = Team.objects.create(unit=w.b2, name="Tổ mới", established_on=datetime.date(2026, 1, 15))  # after the cut-off
    User.objects.create_user("extra.gone", role=Role.MEMBER, team=gone)
    User.objects.create_user("extra.later", role=Role.MEMBER, team=later)
    elsewhere = Team.objects.create(unit=w.other_officer.unit, name="Tổ tỉnh khác")
    User.objects.create_user("extra.elsewhere", role=Role.MEMBER, team=elsewhere)
    EnteredFigure.objects.create(unit=w.b, period_key="2025", kind="members_trained", value=4,
                                 as_of=datetime.date(2025, 12, 31))
    return w


def test_the_province_report_counts_teams_and_members_by_level(client, world):
    client.force_login(world.viewer)
    html = client.get(f"/reports/u/{world.province.pk}/print/?period=2025").content.decode()
    # Province 1 team (2 members); communes 1 (1 member); villages 3 (A1, merged into B, included; 3 members).
    assert ("Toàn tỉnh Thử có 5 Tổ công nghệ số cộng đồng (1 Tổ cấp tỉnh, 1 Tổ cấp xã, phường, 3 Tổ ở thôn, "
            "tổ dân phố) với tổng số 6 thành viên.") in html
    assert "Số lượng thành viên Tổ công nghệ số cộng đồng các cấp được hướng dẫn, tập huấn: 4 người." in html
    dashboard = client.get(f"/reports/u/{world.province.pk}/?period=2025").context["report"]
    assert f"hướng dẫn về chuyển đổi số: {dashboard.people} người, với {dashboard.visits} lượt" in html
    row = html.split("<td>Xã Bình An</td>")[1].split("</tr>")[0]
    cells = [c.split(">")[1] for c in row.split("</td>") if ">" in c]
    assert cells[:4] == ["1", "3", "4", "4"]  # commune teams, village teams, members, members trained
    assert cells[4:6] == [str(dashboard.children[0]["people"]), str(dashboard.children[0]["visits"])]
    assert "Xã Khác" not in html
    assert '<section class="annex landscape">' in html and "CT1 (%)" in html
    assert "CT1: Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử." in html


def test_the_province_dashboard_heads_its_table_in_vietnamese(client, world):
    client.force_login(world.viewer)
    html = client.get(f"/reports/u/{world.province.pk}/?period=2025").content.decode()
    assert "t_eid %" not in html and ">CT1 (%)</th>" in html
    assert "CT1: Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử." in html
    assert "Số liệu tính đến ngày 31/12/2025" in html


def test_the_province_report_follows_the_same_workspace_and_chot(client, world):
    client.force_login(world.viewer)
    response = client.post("/reports/documents/", {"unit": world.province.pk, "period": "2025"})
    document = world.province.report_documents.get()
    assert response.status_code == 302
    assert client.post(f"/reports/documents/{document.pk}/finalise/").status_code == 302
    snapshot = document.versions.get().snapshot
    assert snapshot["teams"] == {"province": 1, "district": 0, "commune": 1, "village": 3}
    assert snapshot["members"] == {"province": 2, "district": 0, "commune": 1, "village": 3}
    assert snapshot["communes"][0]["name"] == "Xã Bình An" and snapshot["communes"][0]["members_trained"] == 4


@pytest.mark.parametrize("who", ["officer", "viewer"])
def test_every_xlsx_sheet_prints_on_a4(client, world, who):
    user = getattr(world, who)
    unit = world.b if who == "officer" else world.province
    client.force_login(user)
    response = client.get(f"/reports/u/{unit.pk}/export.xlsx?period=2025")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    for ws in wb.worksheets:
        header_row = next(row[0].row for row in ws.iter_rows() if row[0].font.bold)  # the table's header
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0)  # 1 is the format's default
        wide = ws.max_column > 4
        assert setup.orientation == ("landscape" if wide else "portrait"), ws.title
        assert ws.print_title_rows == f"${header_row}:${header_row}", ws.title
        assert ws.freeze_panes == f"A{header_row + 1}", ws.title
        assert ws.oddHeader.center.text == f"{unit.full_name} – năm 2025 – tính đến ngày 31/12/2025"
    assert wb["Tổng hợp"]["A2"].value == "năm 2025, tính đến ngày 31/12/2025"

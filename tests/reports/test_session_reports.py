"""Group sessions in the reports: logged by leaders through the sync API, counted per unit and period.

Cẩm Thành's leader logs four sessions in 2025 (one training of team members), one on 31/12/2024 and
one on 01/01/2026; Hạc Thành's leader logs one in 2025. The 2025 reports of Cẩm Thành and of Quảng
Ngãi count the four only; attendees are attendances (lượt), never added to the distinct people.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid

import pytest
from openpyxl import load_workbook

from indicators.formatting import XLSX_INT_FORMAT
from orgunits.models import OrgUnit
from outreach.models import GroupSession
from outreach.selectors import session_totals
from periods.periods import period_as_of, period_year

SYNC = "/api/v1/sync/"
SENTENCE_2025 = (
    "Các Tổ công nghệ số cộng đồng đã tổ chức 3 buổi tập huấn, tuyên truyền, hội nghị cho người dân "
    "(1 buổi tập huấn, 1 buổi tuyên truyền, 1 hội nghị), có 1.275 lượt người tham dự; 1 buổi tập huấn cho "
    "thành viên Tổ CNSCĐ, số lượng thành viên tổ CNSCĐ được hướng dẫn tập huấn 12 lượt người."
)
NONE_LOGGED = ("Trong kỳ báo cáo, chưa có buổi tập huấn, tuyên truyền, hội nghị nào của các Tổ công nghệ số "
               "cộng đồng được ghi nhận trên ứng dụng.")


def village_of(commune_name: str, index: int = 0) -> OrgUnit:
    return OrgUnit.objects.filter(level="village", parent__name=commune_name).order_by("name")[index]


def a_session(commune: str, held_on: str, kind: str, attendees: int, *, index: int = 0, members: bool = False):
    return {"client_uuid": str(uuid.uuid4()), "village": village_of(commune, index).pk, "held_on": held_on,
            "kind": kind, "topic": "Cài đặt VNeID, dịch vụ công trực tuyến", "attendees": attendees,
            "for_team_members": members}


@pytest.fixture
def logged(api):
    """The sessions, sent the way the phones send them; returns the units the tests read."""
    chanhlo = [
        a_session("Cẩm Thành", "2025-03-10", "training", 35),
        a_session("Cẩm Thành", "2025-04-02", "outreach", 1200, index=1),
        a_session("Cẩm Thành", "2025-06-15", "meeting", 40, index=1),
        a_session("Cẩm Thành", "2025-05-20", "training", 12, members=True),
        a_session("Cẩm Thành", "2024-12-31", "outreach", 999),  # before the year
        a_session("Cẩm Thành", "2026-01-01", "outreach", 888),  # after it
    ]
    ngoctrao = [a_session("Hạc Thành", "2025-03-10", "training", 777)]
    for username, batch in (("leader.chanhlo", chanhlo), ("leader.ngoctrao", ngoctrao)):
        results = api(username).post(SYNC, {"records": [], "sessions": batch}, format="json").json()["sessions"]
        assert [r["result"] for r in results] == ["created"] * len(batch)
    assert GroupSession.objects.count() == 7
    return {name: OrgUnit.objects.get(name=name, level=level, valid_to__isnull=True) for name, level in
            (("Cẩm Thành", "commune"), ("Tịnh Khê", "commune"), ("Hạc Thành", "commune"),
             ("Quảng Ngãi", "province"))}


def test_the_selector_counts_each_unit_its_own_sessions_of_the_period(logged):
    units = list(logged.values())
    totals = session_totals(units=units, period=period_year(year=2025))
    chanhlo = totals[logged["Cẩm Thành"].pk]
    assert (chanhlo.total, chanhlo.citizen_sessions, chanhlo.member_sessions) == (4, 3, 1)
    assert (chanhlo.citizens_reached, chanhlo.members_trained) == (1275, 12)
    assert [(r["kind"], r["sessions"], r["citizens"], r["members"]) for r in chanhlo.by_kind] == [
        ("training", 2, 35, 12), ("outreach", 1, 1200, 0), ("meeting", 1, 40, 0)]
    province = totals[logged["Quảng Ngãi"].pk]
    assert (province.total, province.citizens_reached, province.members_trained) == (4, 1275, 12)
    assert totals[logged["Tịnh Khê"].pk].total == 0
    assert (totals[logged["Hạc Thành"].pk].total, totals[logged["Hạc Thành"].pk].citizens_reached) == (1, 777)
    village = village_of("Cẩm Thành", 1)
    assert session_totals(units=[village], period=period_year(year=2025))[village.pk].citizens_reached == 1240
    as_of = session_totals(units=[logged["Cẩm Thành"]], period=period_as_of(day=datetime.date(2025, 12, 31)))
    assert (as_of[logged["Cẩm Thành"].pk].total, as_of[logged["Cẩm Thành"].pk].citizens_reached) == (5, 2274)


def test_a_merged_commune_counts_the_sessions_of_its_predecessors(db):
    from outreach.services import session_create
    from tests.scenario import build_world

    world = build_world()
    member = world.records[1].member  # of the team of Thôn An 1, in An Hòa (merged into Bình An)
    session_create(by=member, client_uuid=uuid.uuid4(), village=world.a1, held_on=datetime.date(2025, 3, 1),
                   topic="Tuyên truyền", attendees=50, kind="outreach")
    session_create(by=member, client_uuid=uuid.uuid4(), village=world.b1, held_on=datetime.date(2025, 8, 1),
                   topic="Tập huấn", attendees=8, kind="training", for_team_members=True)
    totals = session_totals(units=[world.b, world.a, world.b1, world.district, world.province],
                            period=period_year(year=2025))
    assert (totals[world.b.pk].total, totals[world.b.pk].citizens_reached, totals[world.b.pk].members_trained) \
        == (2, 50, 8)
    assert (totals[world.a.pk].total, totals[world.b1.pk].total) == (1, 1)
    assert totals[world.province.pk].total == totals[world.district.pk].total == 2


def test_the_commune_dashboard_shows_the_sessions_block(web, logged):
    response = web("officer.chanhlo").get(f"/reports/u/{logged['Cẩm Thành'].pk}/?period=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Tập huấn, tuyên truyền</h2>" in html
    assert "<th>Loại buổi</th><th class=\"n\">Số buổi</th><th class=\"n\">Lượt người dân tham dự</th>" \
           "<th class=\"n\">Lượt thành viên tổ được tập huấn</th>" in html
    assert '<tr><td>Tập huấn</td><td class="n">2</td><td class="n">35</td><td class="n">12</td></tr>' in html
    assert '<tr><td>Tuyên truyền</td><td class="n">1</td><td class="n">1.200</td><td class="n">0</td></tr>' in html
    assert '<tr><td>Hội nghị</td><td class="n">1</td><td class="n">40</td><td class="n">0</td></tr>' in html
    assert '<th>Tổng cộng</th><th class="n">4</th><th class="n">1.275</th><th class="n">12</th>' in html
    assert ">777<" not in html and ">999<" not in html and ">888<" not in html
    assert response.context["report"].people == 0  # attendances are not distinct people


def test_the_province_dashboard_counts_its_communes_sessions_only(web, logged):
    response = web("viewer.quangngai").get(f"/reports/u/{logged['Quảng Ngãi'].pk}/?period=2025")
    html = response.content.decode()
    assert '<th>Tổng cộng</th><th class="n">4</th><th class="n">1.275</th><th class="n">12</th>' in html
    other = web("officer.ngoctrao").get(f"/reports/u/{logged['Hạc Thành'].pk}/?period=2025").content.decode()
    assert '<th>Tổng cộng</th><th class="n">1</th><th class="n">777</th><th class="n">0</th>' in other


def test_a_period_without_sessions_says_so(web, logged):
    html = web("officer.tinhlong").get(f"/reports/u/{logged['Tịnh Khê'].pk}/?period=2025").content.decode()
    assert "Chưa có buổi tập huấn, tuyên truyền, hội nghị nào được ghi nhận trong kỳ." in html
    assert "Lượt người dân tham dự" not in html


def test_the_xlsx_has_a_sessions_sheet(web, logged):
    client = web("officer.chanhlo")
    response = client.get(f"/reports/u/{logged['Cẩm Thành'].pk}/export.xlsx?period=2025")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Tập huấn, tuyên truyền" in wb.sheetnames
    ws = wb["Tập huấn, tuyên truyền"]
    assert ws["A1"].value == logged["Cẩm Thành"].full_name and ws["A2"].value == "năm 2025, tính đến ngày 31/12/2025"
    assert ws["A3"].value == "Số người tham dự tính theo lượt: một người dự hai buổi được tính hai lượt."
    assert [c.value for c in ws[5]] == ["TT", "Đơn vị", "Buổi tập huấn", "Buổi tuyên truyền", "Hội nghị",
                                        "Tổng số buổi", "Lượt người dân tham dự",
                                        "Người dân được điểm danh (người)", "Lượt thành viên tổ được tập huấn",
                                        "Thành viên được tập huấn (người, theo danh sách điểm danh)"]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert rows[-1] == (None, "Tổng cộng", 2, 1, 1, 4, 1275, 0, 12, 0)  # the leader's session has no list
    by_village = {r[1]: r[2:] for r in rows[:-1]}
    assert by_village[village_of("Cẩm Thành", 0).full_name] == (2, 0, 0, 2, 35, 0, 12, 0)
    assert by_village[village_of("Cẩm Thành", 1).full_name] == (0, 1, 1, 2, 1240, 0, 0, 0)
    assert sum(r[5] for r in rows[:-1]) == 4
    assert ws.cell(row=ws.max_row, column=7).number_format == XLSX_INT_FORMAT
    # the province's workbook: one row per commune, the other province's session nowhere
    viewer = web("viewer.quangngai")
    ws = load_workbook(io.BytesIO(b"".join(viewer.get(
        f"/reports/u/{logged['Quảng Ngãi'].pk}/export.xlsx?period=2025").streaming_content)))["Tập huấn, tuyên truyền"]
    rows = {r[1]: r[2:] for r in ws.iter_rows(min_row=6, values_only=True)}
    assert rows["Tổng cộng"] == (2, 1, 1, 4, 1275, 0, 12, 0)
    assert rows[logged["Tịnh Khê"].full_name] == (0, 0, 0, 0, 0, 0, 0, 0)


def test_the_csv_of_sessions(web, logged):
    response = web("officer.chanhlo").get(f"/reports/u/{logged['Cẩm Thành'].pk}/export.csv?period=2025&table=sessions")
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][2:] == ["Buổi tập huấn", "Buổi tuyên truyền", "Hội nghị", "Tổng số buổi",
                           "Lượt người dân tham dự", "Người dân được điểm danh (người)",
                           "Lượt thành viên tổ được tập huấn",
                           "Thành viên được tập huấn (người, theo danh sách điểm danh)"]
    assert rows[-1] == ["", "Tổng cộng", "2", "1", "1", "4", "1275", "0", "12", "0"]


def test_the_printed_report_quotes_the_sessions(web, logged):
    client = web("officer.chanhlo")
    html = client.get(f"/reports/u/{logged['Cẩm Thành'].pk}/print/?period=2025").content.decode()
    assert SENTENCE_2025 in html
    as_of = client.get(f"/reports/u/{logged['Cẩm Thành'].pk}/print/?asof=2025-12-31").content.decode()
    assert "(1 buổi tập huấn, 2 buổi tuyên truyền, 1 hội nghị), có 2.274 lượt người tham dự" in as_of
    empty = client.get(f"/reports/u/{logged['Cẩm Thành'].pk}/print/?period=2023").content.decode()
    assert NONE_LOGGED in empty and "lượt người tham dự" not in empty
    province = web("viewer.quangngai").get(f"/reports/u/{logged['Quảng Ngãi'].pk}/print/?period=2025")
    assert SENTENCE_2025 in province.content.decode()


def test_only_members_trained_reads_without_a_citizens_clause(web, logged):
    GroupSession.objects.exclude(for_team_members=True).delete()
    html = web("officer.chanhlo").get(f"/reports/u/{logged['Cẩm Thành'].pk}/print/?period=2025").content.decode()
    assert ("Các Tổ công nghệ số cộng đồng đã tổ chức 1 buổi tập huấn cho thành viên Tổ CNSCĐ, số lượng thành "
            "viên tổ CNSCĐ được hướng dẫn tập huấn 12 lượt người.") in html
    assert "cho người dân" not in html

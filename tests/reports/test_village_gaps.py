"""Who still needs help, per village: a hand-counted commune, its ranked gaps, XLSX, scope, the leader's API.

Commune Gò Gap (97001) with villages V1, V2, V3 (one named like a spreadsheet formula); the commune's plan
2025 sets ≥ 95 % of adults with an e-ID; V2's own plan says ≥ 90 %. As of 30/09/2025 (3 months left):

| village | adults | target count | baseline | distinct people counted | achieved | gap | pace/month |
|---|---|---|---|---|---|---|---|
| V1 | 1.000 | 950 | 732 | 6 (8 records; a pending, a submitted and a 2026 one don't count) | 738 | 212 | 71 |
| V3 | 200 | 190 | 0 | 1 | 1 | 189 | 63 |
| V2 | 500 | 450 (own 90 %) | 440 | 0 | 440 | 10 | 4 |
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from accounts.models import Role, User
from catalog.models import ServiceType
from citizens.models import Citizen, Person
from indicators.gaps import months_left, target_count, village_gaps
from indicators.models import Baseline, Denominator, Indicator, Target
from orgunits.models import Level, OrgUnit
from periods.periods import period_as_of
from records.models import AssistanceRecord
from teams.models import Team

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FORMULA_NAME = "=HYPERLINK(\"http://x\",\"V3\")"


def at(y, m, d):
    return datetime.datetime(y, m, d, 10, tzinfo=VN)


@pytest.fixture
def world(db):
    p = OrgUnit.objects.create(level=Level.PROVINCE, kind="tinh", name="Tỉnh Gap", code="97")
    c = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Gò Gap", code="97001", parent=p)
    other = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Xã Khác", code="97002", parent=p)
    v1 = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Một", parent=c)
    v2 = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Hai", parent=c)
    v3 = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name=FORMULA_NAME, parent=c)
    ov = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Khác", parent=other)
    teams = {k: Team.objects.create(unit=v, name=f"Tổ {k}") for k, v in (("v1", v1), ("v2", v2), ("v3", v3), ("ov", ov))}
    users = {
        "officer": User.objects.create_user("officer.gap", role=Role.OFFICER, unit=c),
        "other_officer": User.objects.create_user("officer.khac", role=Role.OFFICER, unit=other),
        "leader": User.objects.create_user("leader.v1", role=Role.LEADER, team=teams["v1"]),
        "member": User.objects.create_user("member.v1", role=Role.MEMBER, team=teams["v1"]),
        "other_leader": User.objects.create_user("leader.ov", role=Role.LEADER, team=teams["ov"]),
    }
    eid_s = ServiceType.objects.create(code="g_eid", name="Kích hoạt VNeID", short_name="VNeID", counts="person")
    eid = Indicator.objects.create(code="g_eid", name="Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử",
                                   denominator_kind="adults_18", counts="person", sort_order=1)
    eid.service_types.set([eid_s])
    # A denominator without a target, and a manual indicator with a target: neither has a gap.
    Indicator.objects.create(code="g_pop", name="Chỉ tiêu không có mục tiêu", denominator_kind="population",
                             counts="person", sort_order=2)
    fibre = Indicator.objects.create(code="g_fibre", name="Cáp quang", denominator_kind="households",
                                     counts="household", source="manual", sort_order=3)
    for v, adults in ((v1, 1000), (v2, 500), (v3, 200), (ov, 100)):
        Denominator.objects.create(unit=v, year=2025, kind="adults_18", value=adults)
        Denominator.objects.create(unit=v, year=2025, kind="population", value=adults * 2)
        Denominator.objects.create(unit=v, year=2025, kind="households", value=adults // 4)
    Baseline.objects.create(indicator=eid, unit=v1, as_of=datetime.date(2025, 1, 1), value=732)
    Baseline.objects.create(indicator=eid, unit=v2, as_of=datetime.date(2025, 1, 1), value=440)
    Target.objects.create(indicator=eid, unit=c, year=2025, comparison="gte", percent=Decimal(95))
    Target.objects.create(indicator=eid, unit=v2, year=2025, comparison="gte", percent=Decimal(90))
    Target.objects.create(indicator=fibre, unit=c, year=2025, comparison="gt", percent=Decimal(70))
    Target.objects.create(indicator=eid, unit=other, year=2025, comparison="gte", percent=Decimal(95))

    consent = timezone.now()
    people = [Citizen.objects.create(commune=c, person=Person.objects.create(province=p), full_name=f"Dân {i}",
                                     birth_year=1970 + i, consent_given_at=consent) for i in range(8)]

    def record(village, citizen, when, status="approved", outcome="success"):
        return AssistanceRecord.objects.create(
            service_type=eid_s, citizen=citizen, village=village, commune_id=village.parent_id,
            team=teams[{v1.pk: "v1", v2.pk: "v2", v3.pk: "v3", ov.pk: "ov"}[village.pk]],
            member=users["member"], occurred_at=when, status=status, outcome=outcome,
            outcome_reason="" if outcome == "success" else "other",
            reviewed_by=users["officer"] if status == "approved" else None,
            reviewed_at=timezone.now() if status == "approved" else None)

    for i in range(6):
        record(v1, people[i], at(2025, 3, 1 + i))
    record(v1, people[0], at(2025, 4, 1))  # the same people again: 8 records, 6 people
    record(v1, people[1], at(2025, 5, 1))
    record(v1, people[6], at(2025, 6, 1), outcome="pending")
    record(v1, people[7], at(2025, 6, 2), status="submitted")
    record(v1, people[7], at(2025, 10, 2))  # after the cut-off
    record(v3, None, at(2025, 8, 8))
    return {"c": c, "other": other, "v1": v1, "v2": v2, "v3": v3, "ov": ov, "eid": eid, **users}


def test_target_count_and_months_left_by_hand():
    t = Target(percent=Decimal(95), comparison="gte", year=2025)
    assert target_count(t, 1000) == 950 and target_count(t, 999) == 950  # 949,05 rounds up
    t.comparison = "gt"
    assert target_count(t, 1000) == 951
    assert months_left(reference_day=datetime.date(2025, 9, 30), year=2025) == 3
    assert months_left(reference_day=datetime.date(2025, 9, 15), year=2025) == 4  # September still counts
    assert months_left(reference_day=datetime.date(2025, 12, 31), year=2025) == 0
    assert months_left(reference_day=datetime.date(2025, 9, 30), year=2026) == 15


def test_the_gaps_of_a_hand_made_commune(world):
    report = village_gaps(commune=world["c"], period=period_as_of(day=datetime.date(2025, 9, 30)),
                          today=datetime.date(2026, 1, 5))
    assert report.reference_day == datetime.date(2025, 9, 30)
    rows = [(v.unit.pk, [(g.indicator.code, g.denominator, g.target_count, g.achieved, g.gap, g.months_left, g.pace,
                          g.inherited) for g in v.gaps]) for v in report.villages]
    assert rows == [
        (world["v1"].pk, [("g_eid", 1000, 950, 738, 212, 3, 71, True)]),
        (world["v3"].pk, [("g_eid", 200, 190, 1, 189, 3, 63, True)]),
        (world["v2"].pk, [("g_eid", 500, 450, 440, 10, 3, 4, False)]),
    ]
    # The commune: its villages' denominators (1.700 → 1.615 needed) and baselines (1.172) plus 7 people.
    assert [(g.target_count, g.achieved, g.gap) for g in report.commune_gaps] == [(1615, 1179, 436)]


def test_overdue_when_the_plan_year_is_over(world):
    report = village_gaps(commune=world["c"], period=period_as_of(day=datetime.date(2025, 12, 31)),
                          today=datetime.date(2026, 1, 5))
    gap = report.villages[0].gaps[0]
    assert (gap.achieved, gap.gap, gap.months_left, gap.pace, gap.overdue) == (739, 211, 0, None, True)


def test_the_commune_page_ranks_villages_and_says_it_in_vietnamese(client, world):
    client.force_login(world["officer"])
    response = client.get(f"/reports/u/{world['c'].pk}/gaps/?asof=2025-09-30")
    assert response.status_code == 200
    html = response.content.decode()
    assert "còn thiếu 212 người để đạt 95%" in html
    assert "cần thêm 71 người mỗi tháng đến 31/12/2025" in html
    assert "mục tiêu của xã" in html and "@page" in html and "A4" in html
    order = [html.index(f'href="#v{world[k].pk}"') for k in ("v1", "v3", "v2")]
    assert order == sorted(order)
    assert FORMULA_NAME not in html  # escaped
    dashboard = client.get(f"/reports/u/{world['c'].pk}/?asof=2025-09-30").content.decode()
    assert f"/reports/u/{world['c'].pk}/gaps/?asof=2025-09-30" in dashboard


def test_scope_another_communes_officer_and_team_members_are_refused(client, world):
    url = f"/reports/u/{world['c'].pk}/gaps/"
    client.force_login(world["other_officer"])
    assert client.get(url).status_code == 404
    assert client.get(url.replace("gaps/", "gaps.xlsx")).status_code == 404
    client.force_login(world["member"])
    assert client.get(url).status_code == 403
    client.force_login(world["officer"])
    assert client.get(f"/reports/u/{world['v1'].pk}/gaps/").status_code == 404  # a village has no village gaps


def test_the_xlsx_reads_back_with_the_pages_figures(client, world):
    client.force_login(world["officer"])
    response = client.get(f"/reports/u/{world['c'].pk}/gaps.xlsx?asof=2025-09-30")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content))["Còn thiếu"]
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.print_title_rows == "$5:$5"
    assert [c.value for c in ws[5]] == ["Hạng", "Thôn", "Chỉ tiêu", "Mục tiêu", "Mẫu số", "Số cần đạt", "Đã đạt",
                                        "Tỷ lệ đạt (%)", "Còn thiếu", "Số tháng còn lại", "Cần thêm mỗi tháng"]
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True)]
    assert [(r[0], r[1], r[3], r[4], r[5], r[6], r[8], r[9], r[10]) for r in rows] == [
        (1, "Thôn Một", "≥ 95%", 1000, 950, 738, 212, 3, 71),
        (2, FORMULA_NAME, "≥ 95%", 200, 190, 1, 189, 3, 63),
        (3, "Thôn Hai", "≥ 90%", 500, 450, 440, 10, 3, 4),
        (None, "Xã Gò Gap", "≥ 95%", 1700, 1615, 1179, 436, 3, 146),
    ]
    assert ws["B7"].data_type == "s"  # the formula-like name stays text
    assert rows[0][7] == 73.8


def test_the_page_costs_the_same_queries_for_more_villages(client, world):
    client.force_login(world["officer"])
    url = f"/reports/u/{world['c'].pk}/gaps/?asof=2025-09-30"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        v = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name=f"Thôn thêm {i}", parent=world["c"])
        Denominator.objects.create(unit=v, year=2025, kind="adults_18", value=100 + i)
    with CaptureQueriesContext(connection) as more:
        assert "Thôn thêm 4" in client.get(url).content.decode()
    assert len(more) == len(few)


def test_a_leader_reads_their_village_gaps_in_the_field_api(client, world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2025, 9, 30))
    client.force_login(world["leader"])
    data = client.get("/api/v1/my-gaps/").json()
    assert data["as_of"] == "30/09/2025"
    assert [v["id"] for v in data["villages"]] == [world["v1"].pk]
    (gap,) = data["villages"][0]["gaps"]
    assert (gap["code"], gap["target"], gap["target_count"], gap["achieved"], gap["gap"], gap["pace"]) == (
        "g_eid", "≥ 95%", 950, 738, 212, 71)
    assert gap["gap_text"] == "còn thiếu 212 người để đạt 95%"
    assert gap["pace_text"] == "cần thêm 71 người mỗi tháng đến 31/12/2025"
    client.force_login(world["other_leader"])
    assert [v["id"] for v in client.get("/api/v1/my-gaps/").json()["villages"]] == [world["ov"].pk]
    for who in ("member", "officer"):
        client.force_login(world[who])
        assert client.get("/api/v1/my-gaps/").status_code == 403


def test_the_printable_report_and_its_docx_name_the_villages_furthest_from_target(client, world):
    client.force_login(world["officer"])
    html = client.get(f"/reports/u/{world['c'].pk}/print/?asof=2025-09-30").content.decode()
    start = html.index("Các thôn, tổ dân phố còn xa mục tiêu nhất:")
    paragraph = html[start:html.index("</p>", start)]
    # The three villages in gap order, each with its largest gap and the monthly pace.
    assert "Thôn Một (tỷ lệ dân số trưởng thành có tài khoản định danh điện tử: còn thiếu 212 người để đạt 95%, " \
           "cần thêm 71 người mỗi tháng)" in paragraph
    assert "còn thiếu 189 người" in paragraph and "Thôn Hai (" in paragraph
    assert paragraph.index("Thôn Một") < paragraph.index("còn thiếu 189") < paragraph.index("Thôn Hai")
    assert "còn thiếu 10 người để đạt 90%" in paragraph  # V2's own plan
    assert FORMULA_NAME not in html  # escaped in the page
    docx = Document(io.BytesIO(client.get(f"/reports/u/{world['c'].pk}/report.docx?asof=2025-09-30").content))
    assert any(p.text.startswith("Các thôn, tổ dân phố còn xa mục tiêu nhất: Thôn Một (") for p in docx.paragraphs)


def test_the_officer_sees_who_is_not_finished_yet_and_a_viewer_sees_no_names(client, world):
    c, p = world["c"], world["c"].parent
    eid_s = ServiceType.objects.get(code="g_eid")
    consent = timezone.now()

    def citizen(name, commune=c):
        return Citizen.objects.create(commune=commune, person=Person.objects.create(province=p), full_name=name,
                                      birth_year=1980, consent_given_at=consent)

    def record(village, who, when, outcome, status="submitted"):
        return AssistanceRecord.objects.create(
            service_type=eid_s, citizen=who, village=village, commune_id=village.parent_id,
            team=Team.objects.get(unit=village), member=world["member"], occurred_at=when, status=status,
            outcome=outcome, outcome_reason="" if outcome == "success" else "no_signal",
            reviewed_by=world["officer"] if status == "rejected" else None,
            reviewed_at=timezone.now() if status == "rejected" else None,
            review_reason="Trùng" if status == "rejected" else "")

    waiting, done_later, rejected_only, twice, other = (citizen("Chờ Xong"), citizen("Đã Xong Sau"),
                                                        citizen("Bị Từ Chối"), citizen("Hai Lần"),
                                                        citizen("Xã Bên", world["other"]))
    record(world["v3"], waiting, at(2025, 7, 1), "failed")
    record(world["v1"], done_later, at(2025, 5, 1), "failed")
    record(world["v1"], done_later, at(2025, 8, 1), "success")
    record(world["v1"], rejected_only, at(2025, 5, 1), "failed", status="rejected")
    record(world["v2"], twice, at(2025, 5, 1), "pending")
    second = record(world["v2"], twice, at(2025, 6, 1), "pending")
    record(world["ov"], other, at(2025, 5, 1), "failed")
    record(world["v2"], citizen("Sau Ngày Chốt"), at(2025, 10, 5), "failed")

    client.force_login(world["officer"])
    html = client.get(f"/reports/u/{c.pk}/gaps/?asof=2025-09-30").content.decode()
    section = html[html.index('id="unfinished"'):]
    names = [n for n in ("Dân 6", "Chờ Xong", "Hai Lần", "Đã Xong Sau", "Bị Từ Chối", "Xã Bên", "Sau Ngày Chốt")
             if n in section]
    assert names == ["Dân 6", "Chờ Xong", "Hai Lần"]  # pending in V1, failed in V3, the latest of two in V2
    assert section.count("Hai Lần") == 1 and f"/officer/records/{second.client_uuid}/" in section
    assert "Người dân chưa hoàn tất" in section

    # Bounded work: the newest rows only (July in V3, June in V2; not May), by village, counted up to a cap.
    from records.selectors import citizens_unfinished
    rows, total, more = citizens_unfinished(user=world["officer"], commune_ids=[c.pk], start=None,
                                            before=at(2025, 9, 30), limit=2, count_cap=2)
    assert [r.citizen.full_name for r in rows] == ["Chờ Xong", "Hai Lần"] and (total, more) == (2, True)
    assert citizens_unfinished(user=world["officer"], commune_ids=[c.pk], start=None, before=at(2025, 9, 30),
                               limit=5, count_cap=5)[1:] == (3, False)

    viewer = User.objects.create_user("viewer.gap", role=Role.VIEWER, unit=p)
    client.force_login(viewer)
    page = client.get(f"/reports/u/{c.pk}/gaps/?asof=2025-09-30")
    assert page.status_code == 200 and 'id="unfinished"' not in page.content.decode()
    assert "Chờ Xong" not in page.content.decode()

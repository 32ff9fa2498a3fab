"""A missing denominator is said to be missing, and a target names the plan year it comes from.

The scenario (tests/scenario.py) has denominators for 2024 and 2025 only, and xã Bình An's targets
from its 2024 and 2025 plans. A 2023 report used to divide by the 2024 figures without saying so.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from indicators.models import Target
from indicators.selectors import indicator_tables
from periods.periods import period_year
from reports import content
from reports.figures import report_figures
from tests.scenario import build_world


@pytest.fixture
def world(db):
    return build_world()


def rows(unit, year):
    return {r.indicator.code: r for r in indicator_tables(units=[unit], period=period_year(year=year))[unit.pk]}


def test_a_year_without_denominators_has_none_instead_of_the_next_years(world):
    eid = rows(world.b, 2023)["t_eid"]
    assert (eid.denominator, eid.percent, eid.remaining, eid.denominator_missing) == (None, None, None, True)
    assert rows(world.b, 2024)["t_eid"].denominator == 3000  # the year's own figures still count


def test_the_dashboard_says_the_denominator_is_missing(client, world):
    client.force_login(world.officer)
    html = client.get(f"/reports/u/{world.b.pk}/?period=2023").content.decode()
    assert "chưa có mẫu số năm 2023" in html
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "3.000" not in table and "1.050" not in table  # the 2024 figures are not borrowed


def test_the_report_says_the_denominator_is_missing(world):
    data = report_figures(unit=world.b, period=period_year(year=2023), cutoff=datetime.date(2023, 12, 31))
    lines = {row[1]: row for row in content.indicators_table(data).rows}
    assert lines["Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử"][3] == "0 (chưa có mẫu số năm 2023)"
    assert "Chưa có mẫu số năm 2023" in content.default_prose(data)["limitations_text"]


def test_an_earlier_plans_target_names_its_year(client, world):
    # 2026: no plan of that year; Bình An's 2025 plan still applies, and says so.
    row = rows(world.b, 2026)["t_eid"]
    assert (row.target.percent, row.target_year, row.year) == (Decimal(50), 2025, 2026)
    client.force_login(world.officer)
    html = client.get(f"/reports/u/{world.b.pk}/?period=2026").content.decode()
    assert "(kế hoạch năm 2025)" in html and "chưa có mẫu số năm 2026" in html
    # the same year's plan needs no note
    assert "(kế hoạch năm" not in client.get(f"/reports/u/{world.b.pk}/?period=2025").content.decode()
    data = report_figures(unit=world.b, period=period_year(year=2026), cutoff=datetime.date(2026, 1, 31))
    lines = {row[1]: row for row in content.indicators_table(data).rows}
    assert lines["Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử"][2] == "≥ 50% (kế hoạch năm 2025)"


def test_a_target_stops_after_its_last_plan_year(world):
    Target.objects.filter(unit=world.b, indicator__code="t_eid", year=2025).update(last_year=2025)
    assert rows(world.b, 2025)["t_eid"].target is not None
    assert rows(world.b, 2026)["t_eid"].target is None


def test_the_officer_cannot_end_a_plan_before_it_starts(client, world):
    client.force_login(world.officer)
    response = client.post("/officer/figures/target/new/", {
        "indicator": world.indicators["eid"].pk, "unit": world.b.pk, "year": "2026", "last_year": "2025",
        "comparison": "gte", "percent": "60", "denominator_kind": "adults_15", "source_note": ""})
    assert response.status_code == 200
    assert "Năm cuối của kế hoạch không thể trước năm kế hoạch." in response.content.decode()
    response = client.post("/officer/figures/target/new/", {
        "indicator": world.indicators["eid"].pk, "unit": world.b.pk, "year": "2026", "last_year": "2027",
        "comparison": "gte", "percent": "60", "denominator_kind": "adults_15", "source_note": ""})
    assert response.status_code == 302
    assert Target.objects.get(unit=world.b, year=2026).denominator_kind == "adults_15"

"""The hand-counted scenario of tests/scenario.py, through the summary table and through live counting.

Every expected figure below was counted by hand from the table of records in scenario.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from indicators.models import SummaryCell
from indicators.selectors import figures_live, indicator_tables, unit_report
from indicators.services import summary_rebuild
from periods.periods import period_as_of, period_from_key, period_range
from records.services import record_review
from tests.scenario import build_world

D = Decimal


@pytest.fixture
def world(db):
    return build_world()


def table(unit, period, *, live=False):
    figures = figures_live(units=[unit], period=period) if live else None
    rows = indicator_tables(units=[unit], period=period, figures=figures)[unit.pk]
    return {r.indicator.code: (r.numerator, r.denominator, r.percent, r.remaining) for r in rows}


# (unit, period) → {indicator: (numerator, denominator, per cent, remaining to target)}
EXPECTED = {
    ("b", "2024"): {"t_eid": (154, 3000, D("5.13"), 1046), "t_pay": (1, 4000, D("0.03"), None),
                    "t_addr": (2, 1050, D("0.19"), None), "t_fibre": (400, 1050, D("38.10"), None)},
    ("b", "2025"): {"t_eid": (154, 3120, D("4.94"), 1406), "t_pay": (2, 4100, D("0.05"), 409),
                    "t_addr": (2, 1070, D("0.19"), 1068), "t_fibre": (600, 1070, D("56.07"), None)},
    ("b", "asof:2025-12-31"): {"t_eid": (157, 3120, D("5.03"), 1403), "t_pay": (3, 4100, D("0.07"), 408),
                               "t_addr": (3, 1070, D("0.28"), 1067), "t_fibre": (600, 1070, D("56.07"), None)},
    ("b", "2025-Q1"): {"t_eid": (152, 3120, D("4.87"), 1408), "t_pay": (1, 4100, D("0.02"), 410),
                       "t_addr": (0, 1070, D("0.00"), 1070), "t_fibre": (400, 1070, D("37.38"), None)},
    ("b", "2025-H1"): {"t_eid": (152, 3120, D("4.87"), 1408), "t_pay": (1, 4100, D("0.02"), 410),
                       "t_addr": (1, 1070, D("0.09"), 1069), "t_fibre": (400, 1070, D("37.38"), None)},
    ("b", "2025-H2"): {"t_eid": (152, 3120, D("4.87"), 1408), "t_pay": (1, 4100, D("0.02"), 410),
                       "t_addr": (1, 1070, D("0.09"), 1069), "t_fibre": (600, 1070, D("56.07"), None)},
    ("b", "2024-01"): {"t_eid": (151, 3000, D("5.03"), 1049), "t_pay": (0, 4000, D("0.00"), None),
                       "t_addr": (0, 1050, D("0.00"), None), "t_fibre": (0, 1050, D("0.00"), None)},
    # No 2023 denominators: shown as missing, not borrowed from 2024.
    ("b", "2023-12"): {"t_eid": (0, None, None, None), "t_pay": (0, None, None, None),
                       "t_addr": (0, None, None, None), "t_fibre": (0, None, None, None)},
    ("a", "2024"): {"t_eid": (53, 700, D("7.57"), None), "t_pay": (0, 1000, D("0.00"), None),
                    "t_addr": (0, 250, D("0.00"), None), "t_fibre": (0, 250, D("0.00"), None)},
    ("a", "2024-03"): {"t_eid": (51, 700, D("7.29"), None), "t_pay": (0, 1000, D("0.00"), None),
                       "t_addr": (0, 250, D("0.00"), None), "t_fibre": (0, 250, D("0.00"), None)},
    ("province", "2024"): {"t_eid": (154, 3000, D("5.13"), None), "t_pay": (1, 4000, D("0.03"), None),
                           "t_addr": (2, 1050, D("0.19"), None), "t_fibre": (400, 1050, D("38.10"), None)},
    ("district", "2024-Q4"): {"t_eid": (150, 3000, D("5.00"), None), "t_pay": (0, 4000, D("0.00"), None),
                              "t_addr": (2, 1050, D("0.19"), None), "t_fibre": (400, 1050, D("38.10"), None)},
    ("b2", "2025"): {"t_eid": (2, 800, D("0.25"), None), "t_pay": (0, 1000, D("0.00"), None),
                     "t_addr": (1, 300, D("0.33"), None), "t_fibre": (0, 300, D("0.00"), None)},
    ("b", "range:2024-12-01:2025-02-28"): {"t_eid": (152, 3120, D("4.87"), 1408), "t_pay": (0, 4100, D("0.00"), 411),
                                           "t_addr": (2, 1070, D("0.19"), 1068), "t_fibre": (400, 1070, D("37.38"), None)},
    ("b", "asof:2024-11-27"): {"t_eid": (154, 3000, D("5.13"), 1046), "t_pay": (1, 4000, D("0.03"), None),
                               "t_addr": (0, 1050, D("0.00"), None), "t_fibre": (0, 1050, D("0.00"), None)},
}


def make_period(text):
    if text.startswith("asof:"):
        return period_as_of(day=datetime.date.fromisoformat(text[5:]))
    if text.startswith("range:"):
        _, a, b = text.split(":")
        return period_range(start=datetime.date.fromisoformat(a), end=datetime.date.fromisoformat(b))
    return period_from_key(text)


@pytest.mark.parametrize("mode", ["signals", "rebuilt", "live"])
def test_it_counts_every_indicator_for_every_period_type(world, mode):
    if mode == "rebuilt":
        SummaryCell.objects.all().delete()
        summary_rebuild()
    for (unit_name, period_text), expected in EXPECTED.items():
        unit = getattr(world, unit_name)
        got = table(unit, make_period(period_text), live=mode == "live")
        assert got == expected, (unit_name, period_text, mode)


def test_it_counts_people_visits_services_villages_and_teams(world):
    report = unit_report(unit=world.b, period=period_from_key("2025"))
    assert (report.people, report.visits) == (7, 10)
    services = {r["service"].code: (r["people"], r["visits"]) for r in report.services}
    assert services == {"t_eid": (4, 6), "t_pay": (2, 2), "t_addr": (2, 2)}
    assert [(r["unit"].name, r["people"], r["visits"]) for r in report.children] == [
        ("Thôn Bình 1", 5, 5), ("Thôn Bình 2", 3, 4), ("Thôn An 1", 1, 1)]
    teams = {r["team"].unit.name: (r["visits"], r["people"], r["members"]) for r in report.teams}
    assert teams == {"Thôn An 1": (1, 1, 1), "Thôn Bình 1": (5, 5, 1), "Thôn Bình 2": (4, 3, 1)}
    assert [(m["month"], m["people"], m["visits"], m["new_people"]) for m in report.trend if m["visits"]] == [
        (1, 1, 1, 0), (2, 1, 2, 1), (3, 1, 1, 0), (6, 1, 1, 1), (7, 1, 2, 1), (8, 1, 1, 0), (10, 1, 1, 0),
        (12, 1, 1, 1)]


def test_it_counts_people_and_visits_for_2024_and_the_whole_history(world):
    r2024 = unit_report(unit=world.b, period=period_from_key("2024"))
    assert (r2024.people, r2024.visits) == (6, 10)
    a2024 = unit_report(unit=world.a, period=period_from_key("2024"))
    assert (a2024.people, a2024.visits) == (3, 4)
    whole = unit_report(unit=world.b, period=period_as_of(day=datetime.date(2025, 12, 31)))
    assert (whole.people, whole.visits) == (10, 20)
    live = figures_live(units=[world.b], period=period_range(start=datetime.date(2024, 12, 1),
                                                              end=datetime.date(2025, 2, 28)))
    assert (live.people[(f"u{world.b.pk}", "all")], live.visits[(f"u{world.b.pk}", "all")]) == (5, 6)


def cells():
    return {(c.scope, c.kind, c.key, c.metric): (c.people, c.visits) for c in SummaryCell.objects.all()
            if c.people or c.visits}


def test_the_summary_follows_reviews_edits_and_deletions_exactly(world):
    r = world.records
    record_review(record=r[5], by=world.officer, status="approved")  # c3, eid, 2024
    assert table(world.b, period_from_key("2024"))["t_eid"][0] == 155
    record_review(record=r[4], by=world.officer, status="rejected", reason="Trùng")  # the anonymous one
    assert table(world.b, period_from_key("2024"))["t_eid"][0] == 154
    r[13].delete()  # c3 stays counted in 2025 through r14
    assert table(world.b, period_from_key("2025"))["t_eid"][0] == 154
    r[21].village = world.b1  # moved to another village, same household
    r[21].occurred_at = r[21].occurred_at.replace(year=2024)
    r[21].save()
    incremental = cells()
    summary_rebuild()
    assert cells() == incremental
    summary_rebuild(commune_ids=[world.b.pk])
    assert cells() == incremental

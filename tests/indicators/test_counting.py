"""A range read from the nearest standard period plus the records of the days between (indicators.counting)
equals the range counted from the records (figures_live) on the hand-counted world: a commune and its
villages, a province and its communes, the teams; ranges shorter and longer than their base, "as of"."""

from __future__ import annotations

import datetime

import pytest

from indicators.counting import nearest_base
from indicators.selectors import child_units, figures_live, figures_read
from periods.periods import period_as_of, period_half, period_range, period_year
from review.services import record_decide
from tests.scenario import build_world

D = datetime.date
PERIODS = [period_range(start=D(2024, 1, 1), end=D(2024, 11, 27)), period_range(start=D(2025, 1, 1), end=D(2025, 7, 1)),
           period_range(start=D(2025, 1, 1), end=D(2025, 6, 29)), period_range(start=D(2024, 7, 1), end=D(2024, 12, 10)),
           period_range(start=D(2025, 1, 1), end=D(2025, 12, 30)), period_range(start=D(2024, 3, 1), end=D(2024, 3, 20)),
           period_as_of(day=D(2025, 2, 2)), period_as_of(day=D(2024, 12, 20)), period_as_of(day=D(2025, 7, 1))]


@pytest.fixture
def world(db):
    return build_world()


def test_the_base_is_the_nearest_standard_period_sharing_the_start():
    assert nearest_base(period_range(start=D(2025, 1, 1), end=D(2025, 11, 27))) == period_year(year=2025)
    assert nearest_base(period_range(start=D(2025, 1, 1), end=D(2025, 7, 2))) == period_half(year=2025, half=1)
    assert nearest_base(period_range(start=D(2025, 1, 5), end=D(2025, 7, 2))) is None  # no period starts then
    assert nearest_base(period_range(start=D(2025, 3, 1), end=D(2025, 3, 2))) is None  # the range is shorter
    assert nearest_base(period_as_of(day=D(2025, 11, 27))) == period_as_of(day=D(2025, 11, 30))


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
@pytest.mark.parametrize("level", ["commune", "province"])
def test_the_corrected_base_equals_the_records_count(world, period, level):
    record_decide(record=world.records[5], by=world.officer, status="approved")
    unit = world.b if level == "commune" else world.province
    units = [unit, *child_units(unit=unit)]
    teams = [t.pk for t in world.teams.values()]
    read = figures_read(units=units, period=period, teams=teams)
    live = figures_live(units=units, period=period)
    scopes = {f"u{u.pk}" for u in units} | {f"t{t}" for t in teams}
    keys = {k for k in (*read.people, *read.visits, *live.people, *live.visits) if k[0] in scopes}
    assert any(k[1].startswith("i") for k in keys) and any(k[1] == "m" for k in keys)
    for key in keys:
        assert (read.people[key], read.visits[key]) == (live.people[key], live.visits[key]), key

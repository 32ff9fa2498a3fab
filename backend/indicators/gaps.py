"""Who still needs help, per village: the gap to each indicator's target and the monthly pace to close it.

Reads only, through the indicator engine (selectors.indicator_tables): achieved = baseline + distinct
subjects counted in the period, exactly as the dashboard's indicator table. For each indicator with a
denominator and a target:

- target count: the smallest count that meets the target on the village's denominator
  (≥ 95 % of 1.000 → 950; > 95 % of 1.000 → 951);
- gap: target count − achieved, never below 0;
- pace: the gap spread over the months left until 31/12 of the target's (plan's) year, rounded up;
  the month of the reference day counts as left unless that day is the month's last. The reference day
  is the period's end, or today when the period is still running. No month left and a gap: overdue.

A village without a target of its own takes its commune's (the commune's plan covers its villages).
Baselines entered for the commune as a whole cannot be split among villages: they count only in the
commune's row.
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from orgunits.models import Level, OrgUnit
from periods.periods import Period

from .formatting import vn_decimal, vn_int
from .models import Comparison, Source, Target
from .selectors import IndicatorRow, child_units, figures_read, indicator_tables


@dataclass
class Gap:
    unit: OrgUnit
    row: IndicatorRow
    target: Target
    target_count: int
    gap: int
    months_left: int
    pace: int | None  # per month; None when no month is left (overdue) or nothing is missing

    @property
    def indicator(self):
        return self.row.indicator

    @property
    def achieved(self) -> int:
        return self.row.numerator

    @property
    def denominator(self) -> int:
        return self.row.denominator

    @property
    def percent(self) -> Decimal | None:
        return self.row.percent

    @property
    def overdue(self) -> bool:
        return self.gap > 0 and self.months_left <= 0

    @property
    def inherited(self) -> bool:
        return self.target.unit_id != self.unit.pk


def subject_word(counts: str) -> str:
    return {"household": pgettext("gap subject", "households"),
            "business": pgettext("gap subject", "businesses")}.get(counts, pgettext("gap subject", "people"))


def target_label(target: Target) -> str:
    return f"{vn_decimal(target.percent).removesuffix(',00')}%"


def gap_sentence(gap: Gap) -> str:
    """"còn thiếu 212 người để đạt 95%", "đã đạt mục tiêu 95%"."""
    values = {"n": vn_int(gap.gap), "who": subject_word(gap.indicator.counts), "target": target_label(gap.target)}
    if not gap.gap:
        return _("target of %(target)s reached") % values
    return _("%(n)s %(who)s short of %(target)s") % values


def pace_sentence(gap: Gap) -> str:
    """"cần thêm 24 người mỗi tháng đến 31/12/2025", or overdue."""
    values = {"n": vn_int(gap.pace), "who": subject_word(gap.indicator.counts), "year": gap.target.year}
    if not gap.gap:
        return ""
    if gap.overdue:
        return _("the plan's year (%(year)s) is over") % values
    return _("%(n)s more %(who)s a month until 31/12/%(year)s") % values


@dataclass
class VillageGaps:
    unit: OrgUnit
    gaps: list[Gap]

    @property
    def total_gap(self) -> int:
        return sum(g.gap for g in self.gaps)


@dataclass
class GapReport:
    commune: OrgUnit
    period: Period
    reference_day: datetime.date
    commune_gaps: list[Gap]
    villages: list[VillageGaps]  # ranked: largest total gap first


def target_count(target: Target, denominator: int) -> int:
    """The smallest count meeting the target on this denominator (the engine's rule for "remaining")."""
    exact = target.percent * denominator / 100
    return math.floor(exact) + 1 if target.comparison == Comparison.GT else math.ceil(exact)


def months_left(*, reference_day: datetime.date, year: int) -> int:
    """Months from the reference day to 31/12 of the year, the reference month included unless it is over."""
    last_day = calendar.monthrange(reference_day.year, reference_day.month)[1]
    current = 0 if reference_day.day == last_day else 1
    return (year - reference_day.year) * 12 + (12 - reference_day.month) + current


def reference_day_for(period: Period, *, today: datetime.date) -> datetime.date:
    return min(period.end, today)


def _gap(unit: OrgUnit, row: IndicatorRow, target: Target | None, reference_day: datetime.date) -> Gap | None:
    if target is None or not row.denominator or row.indicator.source != Source.RECORDS:
        return None
    count = min(target_count(target, row.denominator), row.denominator)
    missing = max(0, count - row.numerator)
    left = months_left(reference_day=reference_day, year=target.year)
    pace = math.ceil(missing / left) if missing and left > 0 else None
    return Gap(unit=unit, row=row, target=target, target_count=count, gap=missing, months_left=left, pace=pace)


def gaps_of(*, units: list[OrgUnit], commune: OrgUnit, period: Period, today: datetime.date) -> dict[int, list[Gap]]:
    """Gaps of these units (the commune and/or villages within it), in a fixed number of queries."""
    everyone = [commune, *[u for u in units if u.pk != commune.pk]]
    figures = figures_read(units=everyone, period=period)
    tables = indicator_tables(units=everyone, period=period, figures=figures, within=commune)
    commune_targets = {r.indicator.pk: r.target for r in tables[commune.pk]}
    reference_day = reference_day_for(period, today=today)
    out = {}
    for unit in units:
        rows = [_gap(unit, r, r.target or commune_targets.get(r.indicator.pk), reference_day) for r in tables[unit.pk]]
        out[unit.pk] = [g for g in rows if g is not None]
    return out


def village_gaps(*, commune: OrgUnit, period: Period, today: datetime.date) -> GapReport:
    """The commune's gaps and its villages', villages ranked by total gap (largest first, then by name)."""
    if commune.level != Level.COMMUNE:
        raise ValueError("village gaps are a commune's")
    villages = child_units(unit=commune)
    found = gaps_of(units=[commune, *villages], commune=commune, period=period, today=today)
    ranked = sorted((VillageGaps(unit=v, gaps=found[v.pk]) for v in villages),
                    key=lambda vg: (-vg.total_gap, vg.unit.name))
    return GapReport(commune=commune, period=period, reference_day=reference_day_for(period, today=today),
                     commune_gaps=found[commune.pk], villages=ranked)


__all__ = ["gap_sentence", "pace_sentence", "Gap", "GapReport", "VillageGaps", "gaps_of", "months_left", "target_count", "village_gaps"]

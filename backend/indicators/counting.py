"""Reads: the figures of a date range from the summary table, corrected by the records near its end.

A range that starts where a standard period starts (1 January → the year, its first half, quarter
or month; 1 July → the second half...) or an "as of" any day differs from the nearest standard
period (or running total to a month's end) only by the records of the days between the two ends.
Distinct counts are not additive, but a subject's contribution to a distinct count changes only if
the subject has a record in those days. So, with G the days between the ends and R the records of the
wider window that lie in G or belong to a citizen or household with a record in G:

    figures(range) = figures(base) − (tally(R) − tally(R within the narrower window))   (base wider)
    figures(range) = figures(base) + (tally(R) − tally(R within the narrower window))   (base narrower)

tally() applies aggregation's Tally, the very rules of the summary table and of figures_live(). A
report "as of 27/11" of the year then costs the records of a few days, not of eleven months. Team
members (who work on most days) are counted directly: one COUNT(DISTINCT) per team.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL

from orgunits.models import OrgUnit
from orgunits.selectors import villages_within
from periods.periods import (
    Period,
    local_tz,
    month_end,
    period_as_of,
    period_half,
    period_month,
    period_quarter,
    period_year,
)
from records.models import AssistanceRecord, Outcome, Status

from .aggregation import MEMBERS, Tally, rules_load, unit_scopes

DAY = datetime.timedelta(days=1)


def base_candidates(period: Period) -> list[Period]:
    """Periods the summary table answers that share the range's start (or, "as of", any start)."""
    if period.start is None:
        first = period.end.replace(day=1)
        return [period_as_of(day=month_end(period.end.year, period.end.month)), period_as_of(day=first - DAY)]
    s = period.start
    if s.day != 1:
        return []
    out = [period_month(year=s.year, month=s.month)]
    if s.month in (1, 4, 7, 10):
        out.append(period_quarter(year=s.year, quarter=(s.month - 1) // 3 + 1))
    if s.month in (1, 7):
        out.append(period_half(year=s.year, half=1 if s.month == 1 else 2))
    if s.month == 1:
        out.append(period_year(year=s.year))
    return out


def nearest_base(period: Period) -> Period | None:
    """The candidate whose last day is nearest the range's, if nearer than counting the range itself."""
    candidates = base_candidates(period)
    if not candidates:
        return None
    base = min(candidates, key=lambda b: abs((b.end - period.end).days))
    gap = abs((base.end - period.end).days)
    if period.start is not None and gap >= (period.end - period.start).days + 1:
        return None
    return base


def _tally(rows, *, scopes, rules) -> Tally:
    """tally_records(by_month=False, members=False) of approved records already read, grouped as
    aggregation.grouped_rows and subject_rows group them in SQL."""
    visits: Counter = Counter()
    anonymous_people: Counter = Counter()
    anonymous_households: Counter = Counter()
    people: dict[int, set] = defaultdict(set)  # by person: the province-level subject (aggregation.py)
    households: dict[int, set] = defaultdict(set)
    for _pk, service, village, team, person, household, outcome in rows:
        key = (service, village, team)
        visits[key] += 1
        if outcome != Outcome.SUCCESS:
            continue
        if person is None:
            anonymous_people[key] += 1
        else:
            people[person].add(key)
        if household is None:
            anonymous_households[key] += 1
        else:
            households[household].add(key)
    tally = Tally(rules=rules, scopes=scopes, by_month=False)
    tally.add_grouped((s, v, t, None, n, anonymous_people[(s, v, t)], anonymous_households[(s, v, t)])
                      for (s, v, t), n in visits.items())
    for counts_people, subjects in ((True, people), (False, households)):
        for keys in subjects.values():
            tally.add_subject(people=counts_people, rows=[(s, v, t, None) for s, v, t in keys])
    return tally


def _one_of(column: str, ids: set[int]):
    """column IN ids: one array parameter on PostgreSQL (thousands of ids), a plain IN elsewhere."""
    if connection.vendor == "postgresql":
        table = AssistanceRecord._meta.db_table
        return RawSQL(f'"{table}"."{column}" = ANY(%s)', (sorted(ids),), output_field=BooleanField())
    return Q(**{f"{column}__in": sorted(ids)})


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_tz())


def figures_from_base(*, units: list[OrgUnit], period: Period, base: Period, base_figures, scopes: set[str]):
    """The figures of `period` (for these "u<id>"/"t<id>" scopes) from those of `base`, which the caller
    read from the summary table for the same scopes."""
    from .selectors import Figures

    if base.end == period.end:
        return base_figures
    villages = sorted({v for u in units for v in villages_within(unit=u)})
    narrow_end, wide_end = sorted((period.end, base.end))
    gap = Q(occurred_at__gte=_midnight(narrow_end + DAY), occurred_at__lt=_midnight(wide_end + DAY))
    window = AssistanceRecord.objects.filter(village_id__in=villages, status=Status.APPROVED,
                                             occurred_at__lt=_midnight(wide_end + DAY))
    if period.start is not None:
        window = window.filter(occurred_at__gte=_midnight(period.start))
    # Three reads rather than one OR (which the planner answers by scanning the whole window): the
    # records of the days between, then the other records of the people and households seen in them.
    fields = ("id", "service_type_id", "village_id", "team_id", "person_id", "household_id", "outcome")
    between = list(window.filter(gap).order_by().values_list(*fields))
    others = {}
    for column, seen in (("person_id", {r[4] for r in between}), ("household_id", {r[5] for r in between})):
        seen.discard(None)
        if seen:
            rows = window.exclude(gap).filter(_one_of(column, seen)).order_by().values_list(*fields)
            others.update((r[0], r) for r in rows)
    above, rules = unit_scopes(villages), rules_load()
    narrow = _tally(others.values(), scopes=above, rules=rules)
    wide = _tally([*others.values(), *between], scopes=above, rules=rules)
    sign = -1 if base.end > period.end else 1
    out = Figures()
    out.people.update(base_figures.people)
    out.visits.update(base_figures.visits)
    for mine, theirs, counter in ((wide.people, narrow.people, out.people), (wide.visits, narrow.visits, out.visits)):
        for (scope, kind, key, metric), n in mine.items():
            if scope in scopes:
                counter[(scope, metric)] += sign * (n - theirs.get((scope, kind, key, metric), 0))
    # Every member works on most days: active members are counted directly, one row per team.
    teams = [int(s[1:]) for s in scopes if s.startswith("t")]
    ranged = window.filter(occurred_at__lt=_midnight(period.end + DAY), team_id__in=teams)
    members = dict(ranged.order_by().values_list("team_id").annotate(n=Count("member_id", distinct=True)).order_by())
    for team_id in teams:
        out.people[(f"t{team_id}", MEMBERS)] = members.get(team_id, 0)
    return out

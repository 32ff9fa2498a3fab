"""Writes of the indicators app: the pre-aggregated summary table and its upkeep.

summary_rebuild() recomputes the table from the records (after bulk inserts, which send no
signals, and after units are merged); the record signals in indicators.signals keep it current
one record at a time, by computing the affected subjects' contribution before and after a change.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Min, Q

from orgunits.models import Level, OrgUnit
from periods.periods import local_tz, month_keys, period_from_key
from records.models import AssistanceRecord, Status
from teams.models import Team

from .aggregation import (
    FIRST,
    MEMBERS,
    Cell,
    Tally,
    grouped_rows,
    rules_load,
    subject_rows,
    tally_records,
    unit_scopes,
)
from .models import SummaryCell

BATCH = 5000


def _villages_sharing_scopes(commune_ids: Iterable[int]) -> list[int]:
    """Villages whose figures share a cell with the given communes' villages (their whole provinces)."""
    villages = list(OrgUnit.objects.villages().filter(parent_id__in=list(commune_ids)).values_list("id", flat=True))
    touched = {s for scopes in unit_scopes(villages).values() for s in scopes}
    province_ids = OrgUnit.objects.filter(id__in=[int(s[1:]) for s in touched], level=Level.PROVINCE)
    everything = list(OrgUnit.objects.villages().filter(province_id__in=province_ids).values_list("id", flat=True))
    return [v for v, scopes in unit_scopes(everything).items() if touched & set(scopes)] or villages


@transaction.atomic
def summary_rebuild(*, commune_ids: Iterable[int] | None = None) -> int:
    """Recompute the summary table from the records (all of it, or the provinces of the given communes).

    Returns the number of cells written.
    """
    records = AssistanceRecord.objects.all()
    if commune_ids is None:
        villages = list(OrgUnit.objects.villages().values_list("id", flat=True))
        scopes = unit_scopes(villages)
        SummaryCell.objects.all().delete()
    else:
        villages = _villages_sharing_scopes(commune_ids)
        scopes = unit_scopes(villages)
        communes = OrgUnit.objects.filter(id__in=villages).values_list("parent_id", flat=True)
        teams = Team.objects.filter(commune_id__in=communes).values_list("id", flat=True)
        unit_cells = sorted({s for v in scopes.values() for s in v})
        team_cells = [f"t{t}" for t in teams]
        for i in range(0, len(unit_cells + team_cells), 500):
            SummaryCell.objects.filter(scope__in=(unit_cells + team_cells)[i:i + 500]).delete()
        records = records.filter(Q(village_id__in=villages) | Q(team_id__in=list(teams)))
    tally = tally_records(records, scopes=scopes, by_month=True)
    cells = set(tally.people) | set(tally.visits)
    batch = []
    written = 0
    for cell in cells:
        scope, kind, key, metric = cell
        batch.append(SummaryCell(scope=scope, kind=kind, key=key, metric=metric,
                                 people=tally.people.get(cell, 0), visits=tally.visits.get(cell, 0)))
        if len(batch) >= BATCH:
            written += len(SummaryCell.objects.bulk_create(batch))
            batch = []
    written += len(SummaryCell.objects.bulk_create(batch))
    return written


# ---- incremental upkeep -------------------------------------------------------------------------

TRACKED = ("status", "outcome", "person_id", "household_id", "member_id", "team_id", "village_id",
           "service_type_id", "occurred_at")


def record_state(record: AssistanceRecord) -> dict:
    return {f: getattr(record, f) for f in TRACKED}


def _member_presence(*, members: set[tuple[int, int]], months: set[tuple[int, int]]) -> Counter[Cell]:
    """Active-member cells (team, period) of the given (member, team) pairs, from the database now."""
    present: Counter[Cell] = Counter()
    keys = {pair for ym in months for pair in month_keys(*ym)}
    for member, team in members:
        for kind, key in keys:
            period = period_from_key(key)
            if AssistanceRecord.objects.filter(
                member_id=member, team_id=team, status=Status.APPROVED,
                occurred_at__gte=period.start_dt, occurred_at__lt=period.end_dt,
            ).exists():
                present[(f"t{team}", kind, key, MEMBERS)] += 1
        first = AssistanceRecord.objects.filter(member_id=member, team_id=team, status=Status.APPROVED).aggregate(
            first=Min("occurred_at"))["first"]
        if first is not None:
            local = first.astimezone(local_tz())
            present[(f"t{team}", FIRST, f"{local.year}-{local.month:02d}", MEMBERS)] += 1
    return present


def summary_contributions(*, states: list[dict], record_id: int | None) -> tuple[Counter, Counter]:
    """What the subjects touched by a record (in any of its states) add to the table, as the database stands."""
    citizens = {s["person_id"] for s in states if s["person_id"]}
    households = {s["household_id"] for s in states if s["household_id"]}
    records = AssistanceRecord.objects.all()
    subject_q = Q(person_id__in=citizens) | Q(household_id__in=households)
    villages = {s["village_id"] for s in states}
    if citizens or households:
        villages |= set(records.filter(subject_q).values_list("village_id", flat=True).distinct())
    tally = Tally(rules=rules_load(), scopes=unit_scopes(villages), by_month=True)
    if record_id is not None:
        tally.add_grouped(grouped_rows(records.filter(pk=record_id), by_month=True))
    if citizens:
        for _c, rows in subject_rows(records.filter(person_id__in=citizens), field="person_id", by_month=True):
            tally.add_subject(people=True, rows=rows)
    if households:
        for _h, rows in subject_rows(records.filter(household_id__in=households), field="household_id",
                                     by_month=True):
            tally.add_subject(people=False, rows=rows)
    months = set()
    for s in states:
        local = s["occurred_at"].astimezone(local_tz()) if isinstance(s["occurred_at"], datetime.datetime) else None
        if local:
            months.add((local.year, local.month))
    tally.people.update(_member_presence(members={(s["member_id"], s["team_id"]) for s in states}, months=months))
    return tally.people, tally.visits


def summary_apply(*, before: tuple[Counter, Counter], after: tuple[Counter, Counter]) -> int:
    """Add the difference after − before to the table. Returns the number of cells changed."""
    people = {c: after[0].get(c, 0) - before[0].get(c, 0) for c in set(after[0]) | set(before[0])}
    visits = {c: after[1].get(c, 0) - before[1].get(c, 0) for c in set(after[1]) | set(before[1])}
    changed = {c for c, d in people.items() if d} | {c for c, d in visits.items() if d}
    if not changed:
        return 0
    existing = {
        (row.scope, row.kind, row.key, row.metric): row.pk
        for row in SummaryCell.objects.filter(
            scope__in={c[0] for c in changed}, key__in={c[2] for c in changed}, metric__in={c[3] for c in changed},
        ).only("scope", "kind", "key", "metric")
    }
    new = []
    for cell in changed:
        dp, dv = people.get(cell, 0), visits.get(cell, 0)
        if cell in existing:
            SummaryCell.objects.filter(pk=existing[cell]).update(people=F("people") + dp, visits=F("visits") + dv)
        else:
            scope, kind, key, metric = cell
            new.append(SummaryCell(scope=scope, kind=kind, key=key, metric=metric, people=dp, visits=dv))
    SummaryCell.objects.bulk_create(new)
    return len(changed)

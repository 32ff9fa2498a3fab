"""Keeping the summary table exact while records change, under any interleaving of requests.

A record's figures depend on its subjects: the person, the household and the team member it names.
Each subject's share of the table is a function of that subject's approved records, so upkeep is

    lock the subjects → measure their share → change the records → measure again → add the difference.

- Subjects are locked with PostgreSQL transaction-scoped advisory locks, all at once and in a fixed
  order, so that two approvals of the same person (or household, or member) follow each other and each
  measures what the other committed. Anonymous records are additive: their own row lock suffices.
- Cells are added to with one INSERT … ON CONFLICT DO UPDATE, rows in a fixed order: no lost update,
  no duplicate cell, no deadlock between two upkeeps.
- A rebuild or a repair of the table takes the table's lock exclusively; upkeep takes it shared.
- SQLite runs each transaction alone (settings: transaction_mode IMMEDIATE): the locks are not needed.

A transaction should apply upkeep once (one Upkeep for all its records), as the review services do;
the record signals (indicators.signals) apply one per saved record for other writers (admin, scripts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Exists, Q

from periods.periods import month_keys, period_from_key
from records.models import AssistanceRecord, Status
from teams.models import Team

from .aggregation import (
    FIRST,
    MEMBERS,
    Tally,
    grouped_rows,
    month_bucket,
    rules_load,
    subject_rows,
    unit_scopes,
)
from .models import SummaryCell

TRACKED = ("status", "outcome", "person_id", "household_id", "member_id", "team_id", "village_id",
           "service_type_id", "occurred_at")

# Advisory lock namespaces (the first of PostgreSQL's two int4 keys).
TABLE, PERSON, HOUSEHOLD, MEMBER = 0, 1, 2, 3


def record_state(record: AssistanceRecord) -> dict:
    return {f: getattr(record, f) for f in TRACKED}


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def table_lock(*, exclusive: bool) -> None:
    """Upkeep shares the table; a rebuild or a repair has it alone until its transaction ends."""
    if _postgres() and connection.in_atomic_block:
        function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s, 0)", [TABLE])


def subjects_lock(states: Iterable[dict]) -> None:
    """Locks every person, household and member the states name, in one fixed order."""
    if not (_postgres() and connection.in_atomic_block):
        return
    keys = set()
    for state in states:
        for space, field in ((PERSON, "person_id"), (HOUSEHOLD, "household_id"), (MEMBER, "member_id")):
            if state.get(field):
                keys.add((space, state[field]))
    table_lock(exclusive=False)
    if not keys:
        return
    spaces, ids = zip(*sorted(keys), strict=True)
    with connection.cursor() as cursor:
        # unnest keeps the arrays' order: the locks are taken in the order sorted above.
        cursor.execute("SELECT count(pg_advisory_xact_lock(k.s, k.i)) FROM unnest(%s::int[], %s::int[]) AS k(s, i)",
                       [list(spaces), list(ids)])


class Upkeep:
    """The share of the table held by some records' subjects; measured before and after a change.

    states: the tracked fields of the records, before and after (records.services reads them under lock).
    record_ids: the records whose anonymous part (visits, people without citizen…) moves with them.
    """

    def __init__(self, *, states: Sequence[dict], record_ids: Iterable[int]):
        self.states = list(states)
        self.record_ids = sorted(set(record_ids))
        self.people = {s["person_id"] for s in self.states if s["person_id"]}
        self.households = {s["household_id"] for s in self.states if s["household_id"]}
        self.members = {s["member_id"] for s in self.states if s["member_id"]}
        self.member_teams = {(s["member_id"], s["team_id"]) for s in self.states if s["member_id"]}
        self.months = {month_bucket(s["occurred_at"]) for s in self.states if s["occurred_at"]}
        subjects_lock(self.states)
        self.rules = rules_load()
        villages = {s["village_id"] for s in self.states}
        if self.people or self.households:
            subject_q = Q(person_id__in=self.people) | Q(household_id__in=self.households)
            villages |= set(AssistanceRecord.objects.filter(subject_q).values_list("village_id", flat=True)
                            .order_by().distinct())
        self.scopes = unit_scopes(villages)
        self.before = self.measure()

    def measure(self, *, record_ids: Iterable[int] | None = None) -> tuple[Counter, Counter]:
        records = AssistanceRecord.objects.all()
        tally = Tally(rules=self.rules, scopes=self.scopes, by_month=True)
        ids = self.record_ids if record_ids is None else list(record_ids)
        if ids:
            tally.add_grouped(grouped_rows(records.filter(pk__in=ids), by_month=True))
        if self.people:
            for _p, rows in subject_rows(records.filter(person_id__in=self.people), field="person_id", by_month=True):
                tally.add_subject(people=True, rows=rows)
        if self.households:
            for _h, rows in subject_rows(records.filter(household_id__in=self.households), field="household_id",
                                         by_month=True):
                tally.add_subject(people=False, rows=rows)
        if self.members:
            tally.people.update(self._member_cells())
        return tally.people, tally.visits

    def _member_cells(self) -> Counter:
        """The active-member cells of the states' (member, team) pairs, for the periods the states touch.

        A member's presence in a month, quarter, half-year or year is one EXISTS on the (member, date)
        index, and their "first month" one ordered look-up: a member's years of history are not read
        again for each approval. Cells of other periods cannot move, so they are left out on both sides.
        """
        cells: Counter = Counter()
        keys = sorted({pair for month in self.months for pair in month_keys(*month)})
        for member, team in sorted(self.member_teams):
            theirs = AssistanceRecord.objects.filter(member_id=member, team_id=team, status=Status.APPROVED)
            present = {}
            for i, (_kind, key) in enumerate(keys):
                period = period_from_key(key)
                present[f"p{i}"] = Exists(theirs.filter(occurred_at__gte=period.start_dt, occurred_at__lt=period.end_dt))
            row = Team.objects.filter(pk=team).annotate(**present).values_list(*present).first() if keys else ()
            for (kind, key), there in zip(keys, row or (), strict=False):
                if there:
                    cells[(f"t{team}", kind, key, MEMBERS)] += 1
            first = theirs.order_by("occurred_at").values_list("occurred_at", flat=True).first()
            if first is not None:
                year, month = month_bucket(first)
                cells[(f"t{team}", FIRST, f"{year}-{month:02d}", MEMBERS)] += 1
        return cells

    def apply(self, *, record_ids: Iterable[int] | None = None) -> int:
        """Measures again and adds the difference to the table. Returns the number of cells changed."""
        after = self.measure(record_ids=record_ids)
        return cells_add(difference(self.before, after))


def difference(before: tuple[Counter, Counter], after: tuple[Counter, Counter]) -> dict[tuple, tuple[int, int]]:
    out = {}
    for cell in set(before[0]) | set(before[1]) | set(after[0]) | set(after[1]):
        people = after[0].get(cell, 0) - before[0].get(cell, 0)
        visits = after[1].get(cell, 0) - before[1].get(cell, 0)
        if people or visits:
            out[cell] = (people, visits)
    return out


CHUNK = 500


def cells_add(deltas: dict[tuple, tuple[int, int]]) -> int:
    """Adds (people, visits) to each cell, creating the missing ones; rows in a fixed order."""
    if not deltas:
        return 0
    table = connection.ops.quote_name(SummaryCell._meta.db_table)
    rows = sorted(deltas.items())
    with connection.cursor() as cursor:
        for i in range(0, len(rows), CHUNK):
            part = rows[i:i + CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(part))
            params = [v for (scope, kind, key, metric), (people, visits) in part
                      for v in (scope, kind, key, metric, people, visits)]
            cursor.execute(
                f"INSERT INTO {table} (scope, kind, key, metric, people, visits) VALUES {values} "
                f"ON CONFLICT (scope, kind, key, metric) DO UPDATE SET "
                f"people = {table}.people + excluded.people, visits = {table}.visits + excluded.visits",
                params,
            )
    return len(rows)

"""The counting rules, shared by the summary table (rebuild and incremental upkeep) and live queries.

- Numerators count subjects with an approved record whose outcome is success. A person is the
  record's `person` (the province-level link of the communes' copies of one citizen, so the same
  person helped in two communes counts once in the province and once in each commune); a record
  without a citizen is a person of its own. A household (or business)
  is the record's household; a record without one is a household of its own.
- Visits (lượt) count approved records, whatever their outcome: the help was given and checked.
- Active members count team members with at least one approved record.
- A record counts in its village and in every unit above it, including the units its commune (or
  district, or province) was merged into, so that a merged commune's figures include its history.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from catalog.models import Counts, ServiceType
from orgunits.selectors import units_above
from periods.periods import local_tz, month_keys
from records.models import Outcome, Status

from .models import Indicator, Source

Cell = tuple[str, str, str, str]  # scope, period kind, period key, metric
ALL, MEMBERS = "all", "m"
FIRST = "f"
LIVE = ("r", "")


@dataclass(frozen=True)
class Rules:
    """Which metrics a record of a service type feeds, and whether each counts people or households."""

    metrics: dict[int, tuple[tuple[str, bool], ...]]  # service type id → ((metric, counts people), …)

    def of(self, service_type_id: int) -> tuple[tuple[str, bool], ...]:
        return self.metrics.get(service_type_id, ((ALL, True),))


def rules_load() -> Rules:
    metrics: dict[int, list[tuple[str, bool]]] = {}
    for pk, counts in ServiceType.objects.values_list("id", "counts"):
        metrics[pk] = [(ALL, True), (f"s{pk}", counts == Counts.PERSON)]
    links = Indicator.service_types.through.objects.filter(
        indicator__is_active=True, indicator__source=Source.RECORDS,
    ).values_list("servicetype_id", "indicator_id", "indicator__counts")
    for service_id, indicator_id, counts in links:
        metrics.setdefault(service_id, [(ALL, True)]).append((f"i{indicator_id}", counts == Counts.PERSON))
    return Rules({k: tuple(v) for k, v in metrics.items()})




def unit_scopes(village_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The summary-table scopes ("u<id>") a village's records count in: see orgunits.selectors.units_above."""
    return {village: tuple(f"u{u}" for u in units) for village, units in units_above(village_ids).items()}


def month_bucket(value) -> tuple[int, int] | None:
    if value is None:
        return None
    if getattr(value, "tzinfo", None) is not None:
        value = timezone.localtime(value, local_tz())
    return (value.year, value.month)


class Tally:
    """Adds records up into cells. by_month: the summary table's periods; otherwise one live bucket."""

    def __init__(self, *, rules: Rules, scopes: dict[int, tuple[str, ...]], by_month: bool):
        self.rules, self.scopes, self.by_month = rules, scopes, by_month
        self.people: Counter[Cell] = Counter()
        self.visits: Counter[Cell] = Counter()

    def periods(self, bucket) -> list[tuple[str, str]]:
        return month_keys(*bucket) if self.by_month else [LIVE]

    def add_grouped(self, rows: Iterable[tuple]) -> None:
        """Additive parts: (service, village, team, bucket, visits, people without citizen, without household)."""
        for service, village, team, bucket, visits, anon_people, anon_households in rows:
            periods = self.periods(bucket)
            units = self.scopes.get(village, ())
            for metric, people in self.rules.of(service):
                n = anon_people if people else anon_households
                for scope in (*units, f"t{team}") if metric == ALL else units:
                    for kind, key in periods:
                        if visits:
                            self.visits[(scope, kind, key, metric)] += visits
                        if n:
                            self.people[(scope, kind, key, metric)] += n
                    if n and self.by_month:
                        self.people[(scope, FIRST, periods[0][1], metric)] += n

    def add_subject(self, *, people: bool, rows: Iterable[tuple]) -> None:
        """One citizen's (people=True) or household's rows: (service, village, team, bucket), deduplicated."""
        present: set[Cell] = set()
        first: dict[tuple[str, str], tuple[int, int]] = {}
        for service, village, team, bucket in rows:
            periods = self.periods(bucket)
            units = self.scopes.get(village, ())
            for metric, counts_people in self.rules.of(service):
                if counts_people != people:
                    continue
                for scope in (*units, f"t{team}") if metric == ALL else units:
                    for kind, key in periods:
                        present.add((scope, kind, key, metric))
                    if self.by_month:
                        seen = first.get((scope, metric))
                        if seen is None or bucket < seen:
                            first[(scope, metric)] = bucket
        for cell in present:
            self.people[cell] += 1
        for (scope, metric), (year, month) in first.items():
            self.people[(scope, FIRST, f"{year}-{month:02d}", metric)] += 1

    def add_members(self, rows: Iterable[tuple]) -> None:
        """Distinct (member, team, bucket) rows, ordered by member."""
        for _member, group in itertools.groupby(rows, key=lambda r: r[0]):
            present: set[Cell] = set()
            first: dict[int, tuple[int, int]] = {}
            for _m, team, bucket in group:
                present |= {(f"t{team}", kind, key, MEMBERS) for kind, key in self.periods(bucket)}
                if self.by_month and (team not in first or bucket < first[team]):
                    first[team] = bucket
            present |= {(f"t{team}", FIRST, f"{y}-{m:02d}", MEMBERS) for team, (y, m) in first.items()}
            for cell in present:
                self.people[cell] += 1


def _bucket_expr():
    return TruncMonth("occurred_at", tzinfo=local_tz())


def grouped_rows(qs: QuerySet, *, by_month: bool) -> Iterable[tuple]:
    fields = ["service_type_id", "village_id", "team_id"]
    rows = qs.filter(status=Status.APPROVED)
    if by_month:
        rows = rows.annotate(b=_bucket_expr())
        fields.append("b")
    rows = rows.values(*fields).annotate(
        n=Count("id"),
        ap=Count("id", filter=Q(outcome=Outcome.SUCCESS, person__isnull=True)),
        ah=Count("id", filter=Q(outcome=Outcome.SUCCESS, household__isnull=True)),
    ).order_by().values_list(*fields, "n", "ap", "ah")
    for row in rows.iterator(chunk_size=5000):
        if by_month:
            yield (row[0], row[1], row[2], month_bucket(row[3]), *row[4:])
        else:
            yield (row[0], row[1], row[2], None, *row[3:])


def subject_rows(qs: QuerySet, *, field: str, by_month: bool) -> Iterable[tuple[int, list[tuple]]]:
    """(subject id, its distinct rows) for field person_id or household_id."""
    fields = [field, "service_type_id", "village_id", "team_id"]
    rows = qs.filter(status=Status.APPROVED, outcome=Outcome.SUCCESS, **{f"{field}__isnull": False})
    if by_month:
        rows = rows.annotate(b=_bucket_expr())
        fields.append("b")
    rows = rows.values_list(*fields).distinct().order_by(field)
    for subject, group in itertools.groupby(rows.iterator(chunk_size=5000), key=lambda r: r[0]):
        yield subject, [(r[1], r[2], r[3], month_bucket(r[4]) if by_month else None) for r in group]


def member_rows(qs: QuerySet, *, by_month: bool) -> Iterable[tuple]:
    fields = ["member_id", "team_id"]
    rows = qs.filter(status=Status.APPROVED)
    if by_month:
        rows = rows.annotate(b=_bucket_expr())
        fields.append("b")
    for row in rows.values_list(*fields).distinct().order_by("member_id").iterator(chunk_size=5000):
        yield (row[0], row[1], month_bucket(row[2]) if by_month else None)


def tally_records(qs: QuerySet, *, scopes: dict[int, tuple[str, ...]], by_month: bool,
                  rules: Rules | None = None, members: bool = True) -> Tally:
    """Every figure of a set of records, by the rules above."""
    tally = Tally(rules=rules or rules_load(), scopes=scopes, by_month=by_month)
    tally.add_grouped(grouped_rows(qs, by_month=by_month))
    for _person, rows in subject_rows(qs, field="person_id", by_month=by_month):
        tally.add_subject(people=True, rows=rows)
    for _household, rows in subject_rows(qs, field="household_id", by_month=by_month):
        tally.add_subject(people=False, rows=rows)
    if members:
        tally.add_members(member_rows(qs, by_month=by_month))
    return tally

"""Checking the summary table against a recount of the records, and mending the cells that differ.

summary_diff() (a read) recounts the cells of the summary table from the approved records, by the
same rules as summary_rebuild (indicators.aggregation), and compares them with the stored cells.
A cell missing from the table counts as 0/0; a stored cell that the recount does not produce
should be 0/0. It works in batches, so that memory stays bounded on a whole country:

- one batch per commune in use today: its own scope, its villages' scopes (and those of the
  communes and villages merged into it) and its teams' scopes;
- one batch per province: the province's and its districts' scopes (with their former units).

Each batch recounts only the records its cells need: the records of the villages that count in its
scopes (orgunits.selectors.units_above), and the records of its teams.

summary_fix() (a write) rewrites only the differing cells, in one transaction, by the difference
between the recount and the stored value that was read with it: an approval that moved a cell
between the check and the fix is kept.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q

from catalog.models import ServiceType
from orgunits.models import Level, OrgUnit
from orgunits.selectors import unit_with_history_ids, units_above, villages_within
from records.models import AssistanceRecord
from teams.models import Team

from .aggregation import ALL, MEMBERS, Cell, Rules, rules_load, tally_records
from .models import Indicator, SummaryCell
from .upkeep import cells_add

CHUNK = 2000  # ids per IN (…) list


@dataclass
class Batch:
    """Cells checked together: unit scopes u<id> and team ids, with the villages that count in them."""

    label: str  # the province (or commune) the batch belongs to, for progress
    scopes: set[str]  # unit scopes "u<id>"
    teams: set[int] = field(default_factory=set)
    villages: set[int] = field(default_factory=set)

    @property
    def all_scopes(self) -> set[str]:
        return self.scopes | {f"t{t}" for t in self.teams}


@dataclass(frozen=True)
class CellDiff:
    cell: Cell  # scope, period kind, period key, metric
    stored: tuple[int, int]  # people, visits (0, 0 when the cell is missing)
    recounted: tuple[int, int]


@dataclass
class CheckResult:
    checked: int = 0  # cells compared (stored or recounted)
    diffs: list[CellDiff] = field(default_factory=list)


# ---- planning the batches -------------------------------------------------------------------------

def _chunks(ids: Iterable, size: int = CHUNK) -> Iterator[list]:
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def commune_batch(commune: OrgUnit) -> Batch:
    """The cells of one commune: its scope and its former communes', its villages', its teams'."""
    history = unit_with_history_ids(unit=commune)
    villages: set[int] = set()
    for unit in OrgUnit.objects.filter(id__in=history):
        villages |= set(villages_within(unit=unit))
    mine = set(villages_within(unit=commune))
    # A village merged into one of ours counts in it, and in the commune: villages_within has it.
    scopes = {f"u{c}" for c in history} | {f"u{v}" for v in mine}
    teams = set(Team.objects.filter(commune_id__in=history).values_list("id", flat=True))
    return Batch(label=commune.name, scopes=scopes, teams=teams, villages=villages)


def plan_all() -> list[Batch]:
    """Every scope of the country, in batches ordered by province: its own batch, then its communes'."""
    units = {pk: (level, successor, province, name) for pk, level, successor, province, name in
             OrgUnit.objects.order_by().values_list("id", "level", "successor_id", "province_id", "name")}
    village_ids = [pk for pk, u in units.items() if u[0] == Level.VILLAGE]
    above = units_above(village_ids)

    def home(unit_ids: tuple[int, ...], level: str) -> int | None:
        """The unit of that level a village counts in today (one without a successor), else any."""
        at_level = [u for u in unit_ids if units[u][0] == level]
        current = [u for u in at_level if units[u][1] is None]
        return min(current or at_level, default=None)

    counting: dict[int, list[int]] = defaultdict(list)  # unit → villages counting in it
    home_commune, home_province = {}, {}
    for village, ids in above.items():
        home_commune[village] = home(ids, Level.COMMUNE)
        home_province[village] = home(ids, Level.PROVINCE)
        for u in ids:
            counting[u].append(village)

    communes: dict[int, Batch] = {}
    provinces: dict[int | None, Batch] = {}
    for unit, villages in counting.items():
        level = units[unit][0]
        if level in (Level.VILLAGE, Level.COMMUNE):
            key = min((home_commune[v] for v in villages if home_commune[v] is not None), default=None)
            if key is not None:
                batch = communes.setdefault(key, Batch(label=units[key][3], scopes=set()))
                batch.scopes.add(f"u{unit}")
                batch.villages.update(villages)
                continue
        key = min((home_province[v] for v in villages if home_province[v] is not None), default=None)
        batch = provinces.setdefault(key, Batch(label=units[key][3] if key else "—", scopes=set()))
        batch.scopes.add(f"u{unit}")
        batch.villages.update(villages)

    assigned = set().union(*(b.scopes for b in (*communes.values(), *provinces.values())))

    def last(unit: int) -> int:
        seen = set()
        while units[unit][1] is not None and unit not in seen:
            seen.add(unit)
            unit = units[unit][1]
        return unit

    for unit, (level, _s, _p, _n) in units.items():
        # A commune no village counts in (one merged before villages were recorded) goes with its successor.
        if level == Level.COMMUNE and f"u{unit}" not in assigned and units[last(unit)][0] == Level.COMMUNE:
            key = last(unit)
            communes.setdefault(key, Batch(label=units[key][3], scopes=set())).scopes.add(f"u{unit}")
    holder = {scope: key for key, batch in communes.items() for scope in batch.scopes}
    for team, commune in Team.objects.order_by().values_list("id", "commune_id"):
        # A former commune's team goes with the batch that holds its commune's scope.
        key = commune if commune in communes else holder.get(f"u{commune}", commune)
        communes.setdefault(key, Batch(label=units[key][3], scopes=set())).teams.add(team)

    def province_of(unit: int) -> int | None:
        return last(units[unit][2] or unit)

    grouped: dict[int | None, list[Batch]] = defaultdict(list)
    for key, batch in communes.items():
        grouped[province_of(key)].append(batch)
    plan: list[Batch] = []
    for key in sorted(set(provinces) | set(grouped), key=lambda k: (units[k][3] if k else "", k or 0)):
        label = units[key][3] if key else "—"
        if key in provinces:
            plan.append(provinces[key])
        for batch in sorted(grouped.get(key, []), key=lambda b: b.label):
            batch.label = f"{label} › {batch.label}"
            plan.append(batch)
    return plan


# ---- the check ------------------------------------------------------------------------------------

@contextlib.contextmanager
def _snapshot():
    """One consistent view of records and table for a batch (PostgreSQL: a repeatable-read transaction)."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def batch_recount(batch: Batch, *, rules: Rules) -> dict[Cell, tuple[int, int]]:
    """The batch's cells as recounted from the records (non-zero cells only)."""
    wanted = batch.all_scopes
    if not batch.villages and not batch.teams:
        return {}
    above = units_above(batch.villages)
    scopes = {v: tuple(f"u{u}" for u in ids if f"u{u}" in batch.scopes) for v, ids in above.items()}
    query = Q()
    for part in _chunks(batch.villages):
        query |= Q(village_id__in=part)
    for part in _chunks(batch.teams):
        query |= Q(team_id__in=part)
    records = AssistanceRecord.objects.filter(query)
    tally = tally_records(records, scopes=scopes, by_month=True, rules=rules, members=bool(batch.teams))
    cells: dict[Cell, tuple[int, int]] = {}
    for cell in set(tally.people) | set(tally.visits):
        if cell[0] in wanted:
            value = (tally.people.get(cell, 0), tally.visits.get(cell, 0))
            if value != (0, 0):
                cells[cell] = value
    return cells


def stored_cells(scopes: Iterable[str]) -> dict[Cell, tuple[int, int]]:
    cells = {}
    for part in _chunks(scopes):
        for scope, kind, key, metric, people, visits in SummaryCell.objects.filter(scope__in=part).values_list(
                "scope", "kind", "key", "metric", "people", "visits"):
            cells[(scope, kind, key, metric)] = (people, visits)
    return cells


def compare(stored: dict[Cell, tuple[int, int]], recounted: dict[Cell, tuple[int, int]]) -> CheckResult:
    cells = set(stored) | set(recounted)
    diffs = [CellDiff(cell, stored.get(cell, (0, 0)), recounted.get(cell, (0, 0))) for cell in sorted(cells)]
    return CheckResult(checked=len(cells), diffs=[d for d in diffs if d.stored != d.recounted])


def batch_diff(batch: Batch, *, rules: Rules) -> CheckResult:
    with _snapshot():
        recounted = batch_recount(batch, rules=rules)
        stored = stored_cells(batch.all_scopes)
    return compare(stored, recounted)


def leftover_diff(checked_scopes: set[str]) -> CheckResult:
    """Stored cells of scopes that no batch covers (no village counts in them, no such team): expected 0/0."""
    scopes = set(SummaryCell.objects.order_by().values_list("scope", flat=True).distinct()) - checked_scopes
    return compare(stored_cells(scopes), {})


def summary_diff(*, commune: OrgUnit | None = None, plan: list[Batch] | None = None,
                 progress: Callable[[Batch, CheckResult], None] | None = None) -> CheckResult:
    """Compare the summary table with a recount: all of it, or one commune's cells (see commune_batch)."""
    rules = rules_load()
    if commune is not None:
        plan = [commune_batch(commune)]
    elif plan is None:
        plan = plan_all()
    result = CheckResult()
    for batch in plan:
        part = batch_diff(batch, rules=rules)
        result.checked += part.checked
        result.diffs += part.diffs
        if progress:
            progress(batch, part)
    if commune is None:
        covered = set().union(*(b.all_scopes for b in plan)) if plan else set()
        part = leftover_diff(covered)
        result.checked += part.checked
        result.diffs += part.diffs
    return result


# ---- mending --------------------------------------------------------------------------------------

@transaction.atomic
def summary_fix(diffs: Iterable[CellDiff]) -> int:
    """Rewrite the differing cells to their recounted values. Returns the number of cells fixed.

    Each cell moves by (recounted − stored as read with the recount), so a change made to it since
    by an approval stays. The cells are added to as the upkeep does (indicators.upkeep.cells_add: one
    statement, a fixed order); a cell that ends at 0/0 is deleted.
    """
    deltas = {d.cell: (d.recounted[0] - d.stored[0], d.recounted[1] - d.stored[1]) for d in diffs}
    cells_add(deltas)
    scopes = sorted({cell[0] for cell in deltas})
    for i in range(0, len(scopes), 500):
        SummaryCell.objects.filter(scope__in=scopes[i:i + 500], people=0, visits=0).delete()
    return len(deltas)


# ---- describing cells -----------------------------------------------------------------------------

class CellNames:
    """Readable unit, period and metric of cells (names fetched once for a set of cells)."""

    def __init__(self, cells: Iterable[Cell]):
        cells = list(cells)
        unit_ids = {int(c[0][1:]) for c in cells if c[0].startswith("u") and c[0][1:].isdigit()}
        team_ids = {int(c[0][1:]) for c in cells if c[0].startswith("t") and c[0][1:].isdigit()}
        self.units = {pk: (f"{name}, {parent}" if level == Level.VILLAGE else name, code)
                      for pk, name, code, level, parent in OrgUnit.objects.filter(id__in=unit_ids).values_list(
                          "id", "name", "code", "level", "parent__name")}
        self.teams = dict(Team.objects.filter(id__in=team_ids).values_list("id", "name"))
        self.services = dict(ServiceType.objects.values_list("id", "code"))
        self.indicators = dict(Indicator.objects.values_list("id", "code"))

    def unit(self, scope: str) -> str:
        kind, pk = scope[:1], int(scope[1:]) if scope[1:].isdigit() else None
        if kind == "u" and pk in self.units:
            name, code = self.units[pk]
            return f"{name} ({code}) [{scope}]" if code else f"{name} [{scope}]"
        if kind == "t" and pk in self.teams:
            return f"{self.teams[pk]} [{scope}]"
        return f"? [{scope}]"

    @staticmethod
    def period(kind: str, key: str) -> str:
        return f"{kind}/{key}"

    def metric(self, metric: str, *, all_label: str, members_label: str) -> str:
        if metric == ALL:
            return all_label
        if metric == MEMBERS:
            return members_label
        pk = int(metric[1:]) if metric[1:].isdigit() else None
        if metric.startswith("s") and pk in self.services:
            return self.services[pk]
        if metric.startswith("i") and pk in self.indicators:
            return self.indicators[pk]
        return metric


__all__ = ["Batch", "CellDiff", "CellNames", "CheckResult", "commune_batch", "plan_all",
           "summary_diff", "summary_fix"]

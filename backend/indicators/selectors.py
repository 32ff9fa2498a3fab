"""The indicator engine (reads): figures of a unit (village, commune, district, province) for a period.

numerator = baseline + distinct subjects with an approved, successful record of the indicator's
service types in the period (see aggregation.py for who counts as one subject); manual indicators
take the officer's latest figure as of the period's end; denominators are the villages' figures of
the period's year, summed up the hierarchy. Standard periods and "as of" a month's end (or today)
are read from the summary table; any other range is counted from the records, by the same rules.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Trim, Upper

from catalog.models import ServiceType
from orgunits.models import Level, OrgUnit
from orgunits.selectors import unit_with_history_ids, villages_within
from periods.periods import MONTH, Period
from records.models import AssistanceRecord, Status
from teams.models import Team

from .aggregation import ALL, FIRST, LIVE, MEMBERS, tally_records, unit_scopes
from .counting import figures_from_base, nearest_base
from .formatting import percent_of
from .models import (
    Baseline,
    Comparison,
    Denominator,
    DenominatorKind,
    EnteredFigure,
    Indicator,
    IndicatorEntry,
    ManualFigure,
    Source,
    SummaryCell,
    Target,
)

Key = tuple[str, str]  # scope, metric


@dataclass
class Figures:
    people: Counter[Key] = field(default_factory=Counter)
    visits: Counter[Key] = field(default_factory=Counter)




def figures_read(*, units: list[OrgUnit], period: Period, teams: list[int] = ()) -> Figures:
    """People and visits per (scope, metric) for these units (and teams) in the period."""
    scopes = [f"u{u.pk}" for u in units] + [f"t{t}" for t in teams]
    out = Figures()
    cells = SummaryCell.objects.filter(scope__in=scopes)
    if period.is_standard:
        for scope, metric, people, visits in cells.filter(kind=period.kind, key=period.key).values_list(
                "scope", "metric", "people", "visits"):
            out.people[(scope, metric)] = people
            out.visits[(scope, metric)] = visits
        return out
    month = period.cumulative_month
    if month:
        for row in cells.filter(kind=FIRST, key__lte=month).values("scope", "metric").annotate(n=Sum("people")):
            out.people[(row["scope"], row["metric"])] = row["n"]
        for row in cells.filter(kind=MONTH, key__lte=month).values("scope", "metric").annotate(n=Sum("visits")):
            out.visits[(row["scope"], row["metric"])] = row["n"]
        return out
    base = nearest_base(period)
    if base is not None:  # a range near a standard period: its cells, corrected by the days between
        return figures_from_base(units=units, period=period, base=base, scopes=set(scopes),
                                 base_figures=figures_read(units=units, period=base, teams=teams))
    return figures_live(units=units, period=period)


def figures_live(*, units: list[OrgUnit], period: Period) -> Figures:
    """The same figures counted from the records themselves (any date range; also checks the table)."""
    villages = sorted({v for u in units for v in villages_within(unit=u)})
    records = AssistanceRecord.objects.filter(village_id__in=villages, occurred_at__lt=period.end_dt)
    if period.start_dt is not None:
        records = records.filter(occurred_at__gte=period.start_dt)
    tally = tally_records(records, scopes=unit_scopes(villages), by_month=False)
    out = Figures()
    for (scope, _kind, _key, metric), n in tally.people.items():
        out.people[(scope, metric)] = n
    for (scope, _kind, _key, metric), n in tally.visits.items():
        out.visits[(scope, metric)] = n
    return out


@dataclass
class IndicatorRow:
    indicator: Indicator
    baseline: int
    counted: int
    numerator: int
    denominator: int | None
    denominator_year: int | None  # the year the denominator is of: always the period's (None: no figure)
    percent: Decimal | None
    target: Target | None
    remaining: int | None
    denominator_kind: str = ""  # what the unit's plan measures the indicator over
    year: int | None = None  # the period's year
    entry_missing: bool = False  # an indicator of the unit's own plan without n of N for the period

    @property
    def is_own(self) -> bool:
        """Added by the unit's officer to its own plan, entered as n of N."""
        return self.indicator.unit_id is not None

    @property
    def denominator_missing(self) -> bool:
        """No denominator entered for the period's year: shown as missing, never borrowed from another year."""
        return self.denominator is None

    @property
    def denominator_label(self) -> str:
        return str(DenominatorKind(self.denominator_kind).label) if self.denominator_kind else ""

    @property
    def target_year(self) -> int | None:
        """The plan year the target comes from (an earlier plan's target still applies until replaced)."""
        return self.target.year if self.target is not None else None

    @property
    def met(self) -> bool:
        return self.target is not None and self.remaining == 0 and self.denominator is not None

    @property
    def progress(self) -> Decimal | None:
        """Share of the target reached, 0–100, for the progress bar."""
        if self.percent is None or self.target is None or not self.target.percent:
            return None
        return min(Decimal(100), self.percent * 100 / self.target.percent)


def _below(units: list[OrgUnit]) -> set[int]:
    ids = {u.pk for u in units}
    top = [u for u in units if u.parent_id not in ids and u.province_id not in ids]  # the others lie below these
    return {v for u in top for v in villages_within(unit=u)} | {x for u in top for x in _units_between(u)}


def _contributions(rows: list, *, units: list[OrgUnit], scopes: dict) -> list[tuple[OrgUnit, object]]:
    """Rows of a unit-attached model that count towards each unit: rows whose unit lies at or below it."""
    wanted = {f"u{u.pk}": u for u in units}
    return [(wanted[s], r) for r in rows for s in scopes.get(r.unit_id, ()) if s in wanted]


def _units_between(unit: OrgUnit) -> set[int]:
    """The unit, its history and the non-village units below it."""
    found = set(unit_with_history_ids(unit=unit))
    frontier = set(found)
    while frontier:
        frontier = set(OrgUnit.objects.filter(Q(parent_id__in=frontier) | Q(successor_id__in=frontier))
                       .exclude(level=Level.VILLAGE).order_by().values_list("id", flat=True)) - found
        found |= frontier
    return found


def indicator_tables(*, units: list[OrgUnit], period: Period, figures: Figures | None = None,
                     within: OrgUnit | None = None) -> dict[int, list[IndicatorRow]]:
    """The indicator table of each unit: target, numerator, denominator, per cent, remaining."""
    indicators = list(Indicator.objects.filter(is_active=True, unit__isnull=True).prefetch_related("service_types"))
    figures = figures or figures_read(units=units, period=period)
    year = period.year
    # Indicators an officer added to a unit's own plan, entered as n of N for the period.
    own: dict[int, list[Indicator]] = defaultdict(list)
    for ind in Indicator.objects.filter(is_active=True, unit__in=units).order_by("sort_order", "pk"):
        if ind.applies_in(year):
            own[ind.unit_id].append(ind)
    entries = {(e.unit_id, e.indicator_id): e for e in IndicatorEntry.objects.filter(
        unit__in=units, period_key=entry_key(period))} if own else {}
    # Units all within one (a province's communes): what lies below that one covers them all, in a few queries;
    # below a province (as it is and as it was) is what carries its id, without listing thousands of ids.
    if within is not None and within.level == Level.PROVINCE:
        history = unit_with_history_ids(unit=within)
        below = Q(unit_id__in=history) | Q(unit__province_id__in=history)
    else:
        below = Q(unit_id__in=_below([within] if within is not None else units))
    found = {model: list(model.objects.filter(extra, below)) for model, extra in (
        (Baseline, Q(as_of__lte=period.end)), (ManualFigure, Q(as_of__lte=period.end)), (Denominator, Q()))}
    scopes = unit_scopes({r.unit_id for rows in found.values() for r in rows})
    baselines: Counter = Counter()
    for unit, b in _contributions(found[Baseline], units=units, scopes=scopes):
        baselines[(unit.pk, b.indicator_id)] += b.value
    latest: dict[tuple, ManualFigure] = {}
    for unit, f in _contributions(found[ManualFigure], units=units, scopes=scopes):
        k = (unit.pk, f.indicator_id, f.unit_id)
        if k not in latest or f.as_of > latest[k].as_of:
            latest[k] = f
    manual: Counter = Counter()
    for (unit_id, indicator_id, _x), f in latest.items():
        manual[(unit_id, indicator_id)] += f.value
    by_year: dict[tuple, Counter] = defaultdict(Counter)
    for unit, d in _contributions(found[Denominator], units=units, scopes=scopes):
        by_year[(unit.pk, d.kind)][d.year] += d.value
    targets = plan_targets(units=units, year=year)
    result = {}
    for unit in units:
        rows = []
        for ind in indicators:
            if ind.unit_id is not None:
                continue
            if ind.source == Source.MANUAL:
                baseline, counted = 0, manual[(unit.pk, ind.pk)]
            else:
                baseline, counted = baselines[(unit.pk, ind.pk)], figures.people[(f"u{unit.pk}", f"i{ind.pk}")]
            target = targets.get((unit.pk, ind.pk))
            kind = target.denominator_kind if target is not None and target.denominator_kind else ind.denominator_kind
            # The period's own year only: a year without figures is shown as missing ("chưa có mẫu số năm …").
            years = by_year.get((unit.pk, kind), {})
            denominator = years[year] if year in years else None
            numerator = baseline + counted
            rows.append(IndicatorRow(
                indicator=ind, baseline=baseline, counted=counted, numerator=numerator,
                denominator=denominator, denominator_year=year if denominator is not None else None,
                percent=percent_of(numerator, denominator), target=target,
                remaining=_remaining(target, numerator, denominator), denominator_kind=kind, year=year,
            ))
        for ind in own.get(unit.pk, ()):
            entry, target = entries.get((unit.pk, ind.pk)), targets.get((unit.pk, ind.pk))
            numerator = entry.numerator if entry else 0
            denominator = entry.denominator if entry else None
            rows.append(IndicatorRow(
                indicator=ind, baseline=0, counted=numerator, numerator=numerator, denominator=denominator,
                denominator_year=year if entry else None, percent=percent_of(numerator, denominator), target=target,
                remaining=_remaining(target, numerator, denominator), denominator_kind=ind.denominator_kind,
                year=year, entry_missing=entry is None,
            ))
        result[unit.pk] = rows
    return result


def entry_key(period: Period) -> str:
    """The key an entered n of N is filed under for a period (as reports file their documents)."""
    if period.key:
        return period.key
    if period.start is None:
        return f"asof:{period.end.isoformat()}"
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def plan_targets(*, units: list[OrgUnit], year: int) -> dict[tuple[int, int], Target]:
    """(unit id, indicator id) → the target of the unit's latest plan that applies in `year`.

    A plan's target applies from its year until its last year (or, without one, until a later plan
    sets another); it carries the plan's choice of denominator.
    """
    latest: dict[tuple[int, int], Target] = {}
    for t in Target.objects.filter(unit__in=units, year__lte=year).order_by("year"):
        latest[(t.unit_id, t.indicator_id)] = t
    # The latest plan replaced the earlier ones; once its last year is over, nothing applies.
    return {k: t for k, t in latest.items() if t.last_year is None or t.last_year >= year}


def denominator_kind_for(*, indicator: Indicator, unit: OrgUnit, year: int) -> str:
    """What the unit's plan of `year` measures the indicator over (the indicator's usual kind without one)."""
    target = plan_targets(units=[unit], year=year).get((unit.pk, indicator.pk))
    return target.denominator_kind if target is not None and target.denominator_kind else indicator.denominator_kind


def _remaining(target: Target | None, numerator: int, denominator: int | None) -> int | None:
    if target is None or not denominator:
        return None
    exact = target.percent * denominator / 100
    needed = math.floor(exact) + 1 if target.comparison == Comparison.GT else math.ceil(exact)
    return max(0, needed - numerator)


def child_units(*, unit: OrgUnit) -> list[OrgUnit]:
    """What a unit's page ranks: a commune's villages, a district's or province's communes.

    A former unit lists its own (former) units as they were; a current one lists only the units a
    former one was merged into (whose figures include it).
    """
    from orgunits.selectors import commune_ids_within, shown_children

    if unit.level == Level.COMMUNE:
        return shown_children(OrgUnit.objects.filter(id__in=villages_within(unit=unit)).order_by("name"))
    if unit.level in (Level.DISTRICT, Level.PROVINCE):
        return shown_children(OrgUnit.objects.filter(id__in=commune_ids_within(unit=unit)).order_by("name"))
    return []


def unit_teams(*, unit: OrgUnit) -> list[Team]:
    if unit.level != Level.COMMUNE:
        return []
    return list(Team.objects.filter(commune_id__in=unit_with_history_ids(unit=unit)).select_related("unit")
                .order_by("name"))


def trend(*, unit: OrgUnit, period: Period) -> list[dict]:
    """Month by month of the period's year up to its last month: people, visits, people reached for the first time."""
    year, last = period.end.year, period.end.month
    keys = [f"{year}-{m:02d}" for m in range(1, last + 1)]
    rows = SummaryCell.objects.filter(scope=f"u{unit.pk}", metric=ALL, kind__in=[MONTH, FIRST], key__in=keys)
    data = {(r.kind, r.key): r for r in rows}
    out = []
    for m, key in enumerate(keys, start=1):
        cell, first = data.get((MONTH, key)), data.get((FIRST, key))
        out.append({"month": m, "year": year, "people": cell.people if cell else 0,
                    "visits": cell.visits if cell else 0, "new_people": first.people if first else 0})
    return out


@dataclass
class UnitReport:
    unit: OrgUnit
    period: Period
    people: int
    visits: int
    indicators: list[IndicatorRow]
    services: list[dict]
    children: list[dict]
    teams: list[dict]
    trend: list[dict]
    child_indicators: dict[int, list[IndicatorRow]]


def unit_report(*, unit: OrgUnit, period: Period) -> UnitReport:
    """Everything a dashboard, an export and the printed report show for one unit and period."""
    children = child_units(unit=unit)
    teams = unit_teams(unit=unit)
    figures = figures_read(units=[unit, *children], period=period, teams=[t.pk for t in teams])
    tables = indicator_tables(units=[unit, *children] if unit.level != Level.COMMUNE else [unit],
                              period=period, figures=figures, within=unit)
    me = f"u{unit.pk}"
    services = [
        {"service": s, "people": figures.people[(me, f"s{s.pk}")], "visits": figures.visits[(me, f"s{s.pk}")]}
        for s in ServiceType.objects.all()
    ]
    child_rows = sorted(
        ({"unit": c, "people": figures.people[(f"u{c.pk}", ALL)], "visits": figures.visits[(f"u{c.pk}", ALL)],
          "percents": [r.percent for r in tables.get(c.pk, []) if r.indicator.source == Source.RECORDS]}
         for c in children),
        key=lambda r: (-r["people"], -r["visits"], r["unit"].name),
    )
    team_rows = [
        {"team": t, "visits": figures.visits[(f"t{t.pk}", ALL)], "people": figures.people[(f"t{t.pk}", ALL)],
         "members": figures.people[(f"t{t.pk}", MEMBERS)]}
        for t in teams
    ]
    return UnitReport(
        unit=unit, period=period, people=figures.people[(me, ALL)], visits=figures.visits[(me, ALL)],
        indicators=tables[unit.pk], services=services, children=child_rows, teams=team_rows,
        trend=trend(unit=unit, period=period), child_indicators={k: v for k, v in tables.items() if k != unit.pk},
    )


@dataclass
class ApplicationsHelped:
    """Online applications the teams helped submit: distinct application codes, per procedure and in all."""

    total: int
    by_procedure: list[tuple[str, int]]  # (procedure as typed, distinct codes), most first


def applications_helped(*, unit: OrgUnit, period: Period) -> ApplicationsHelped:
    """Distinct application codes of approved records of the services that ask for one (DVCTT) in the period.

    One application logged twice (two members, or a fix logged again) counts once: codes are compared
    without surrounding spaces and case. The code itself is the proof of submission, so every
    approved record carrying one counts, whatever its outcome. An application filed under two
    procedure names counts under each, and once in the total.
    """
    records = AssistanceRecord.objects.filter(
        village_id__in=sorted(villages_within(unit=unit)), status=Status.APPROVED, service_type__asks_procedure=True,
        occurred_at__lt=period.end_dt).exclude(application_code="")
    if period.start_dt is not None:
        records = records.filter(occurred_at__gte=period.start_dt)
    records = records.annotate(code=Upper(Trim("application_code")), procedure=Trim("procedure_name")).order_by()
    total = records.aggregate(n=Count("code", distinct=True))["n"] or 0
    rows = records.values("procedure").annotate(n=Count("code", distinct=True)).values_list("procedure", "n")
    return ApplicationsHelped(total=total, by_procedure=sorted(rows, key=lambda r: (-r[1], r[0])))


def entered_figures_for(*, units: list[OrgUnit], period_key: str) -> dict[int, dict[str, int]]:
    """Each unit's figures from other systems for a period (unit pk → kind → value).

    A unit's own entry wins; a kind it has not entered is the sum of the units merged into it and,
    above the commune, of the communes within it (each with its history).
    """
    from orgunits.selectors import commune_ids_within

    if not EnteredFigure.objects.filter(period_key=period_key).exists():
        return {u.pk: {} for u in units}
    contributors = {u.pk: unit_with_history_ids(unit=u) | (set() if u.level in (Level.COMMUNE, Level.VILLAGE)
                                                           else set(commune_ids_within(unit=u)))
                    for u in units}
    rows = EnteredFigure.objects.filter(unit_id__in=set().union(*contributors.values()), period_key=period_key)
    values: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, kind, value in rows.values_list("unit_id", "kind", "value"):
        values[unit_id][kind] = value
    out = {}
    for unit in units:
        own = dict(values.get(unit.pk, {}))
        others: Counter = Counter()
        for pk in contributors[unit.pk] - {unit.pk}:
            others.update(values.get(pk, {}))
        out[unit.pk] = {**others, **own}
    return out


__all__ = ["ApplicationsHelped", "applications_helped", "Figures", "IndicatorRow", "UnitReport", "figures_live", "figures_read", "indicator_tables",
           "unit_report", "LIVE", "entered_figures_for"]

"""Reads: the figures of a report, as one JSON-able dict (what "chốt số liệu" stores as the snapshot).

The figures are those of the report's period as of its cut-off: records that happened from the
period's start up to the cut-off day. A cut-off on or after the period's end, or on or after today
inside a standard period (nothing can have happened after today), reads the summary table; an
earlier cut-off reads the shortened range, which the indicator engine answers from the nearest
standard period corrected by the records of the days between (indicators.counting).
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Count, Q
from django.utils import timezone, translation

from accounts.models import Role, User
from catalog.models import ServiceType
from indicators.aggregation import ALL
from indicators.formatting import vn_decimal
from indicators.gaps import village_gaps
from indicators.models import FigureKind, Source
from indicators.selectors import (
    IndicatorRow,
    applications_helped,
    child_units,
    entered_figures_for,
    figures_read,
    indicator_tables,
)
from orgunits.models import Level, OrgUnit
from orgunits.selectors import commune_ids_within, unit_with_history_ids
from outreach.selectors import session_totals
from periods.periods import AS_OF, RANGE, Period, period_as_of
from satisfaction.selectors import commune_share, satisfaction_share, with_computed_satisfaction
from teams.models import Team

from .wording import session_sentence

SCHEMA = 1
LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE)


def default_cutoff(*, period: Period, today: datetime.date | None = None) -> datetime.date:
    """The earlier of today and the period's last day."""
    return min(today or timezone.localdate(), period.end)


def figures_period(*, period: Period, cutoff: datetime.date, today: datetime.date | None = None) -> Period:
    """The period whose figures a report of `period` states as of `cutoff`."""
    today = today or timezone.localdate()
    if period.kind == AS_OF:
        return period_as_of(day=min(cutoff, period.end))
    if cutoff >= period.end:
        return period
    start = period.start
    if period.is_standard and cutoff >= today:
        return Period(period.kind, start, max(cutoff, start), period.key)  # same summary cells, figures to the cut-off
    return Period(RANGE, start, max(cutoff, start))


def natural_key(name: str) -> list:
    """Administrative order of names: "Thôn 2" before "Thôn 10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def _in_vietnamese(func, *args):
    with translation.override("vi"):
        return str(func(*args))


def _percent(value) -> str | None:
    return None if value is None else str(value)


def _indicator_row(row: IndicatorRow) -> dict:
    target = row.target
    return {
        "code": row.indicator.code, "name": row.indicator.name, "source": row.indicator.source,
        "counts": row.indicator.counts,
        "target": None if target is None else {"comparison": target.get_comparison_display(),
                                               "percent": _percent(target.percent), "plan_year": target.year},
        "baseline": row.baseline, "counted": row.counted, "numerator": row.numerator,
        "denominator": row.denominator, "denominator_kind": row.denominator_kind,
        "denominator_label": _in_vietnamese(lambda: row.denominator_label), "year": row.year,
        "entry_missing": row.entry_missing,
        "percent": _percent(row.percent), "remaining": row.remaining,
        "met": row.met,
    }


def _team_scope(unit: OrgUnit) -> Q:
    """Teams serving the unit or any unit below it, merged-away units included."""
    ids = unit_with_history_ids(unit=unit)
    if unit.level == Level.PROVINCE:
        return Q(unit_id__in=ids) | Q(unit__province_id__in=ids)
    return Q(commune_id__in=commune_ids_within(unit=unit)) | Q(unit_id__in=ids)


def team_counts(*, unit: OrgUnit, cutoff: datetime.date) -> tuple[dict, dict]:
    """Active teams and their active members by the level of the unit each team serves."""
    teams = Team.objects.filter(_team_scope(unit), is_active=True).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=cutoff))
    by_level = dict(teams.values_list("unit__level").annotate(n=Count("id")).order_by())
    members = dict(User.objects.filter(team__in=teams, is_active=True, role__in=[Role.MEMBER, Role.LEADER])
                   .values_list("team__unit__level").annotate(n=Count("id")).order_by())
    return ({lv: by_level.get(lv, 0) for lv in LEVELS}, {lv: members.get(lv, 0) for lv in LEVELS})


def _current_of(ids: set[int]) -> dict[int, int]:
    """Each commune id → the commune that took it in today (itself when not merged)."""
    succ = dict(OrgUnit.objects.filter(id__in=ids).values_list("id", "successor_id"))
    out = {}
    for pk in ids:
        seen, cur = {pk}, pk
        while succ.get(cur) and succ[cur] not in seen:
            cur = succ[cur]
            seen.add(cur)
            if cur not in succ:
                succ.update(OrgUnit.objects.filter(id=cur).values_list("id", "successor_id"))
        out[pk] = cur
    return out


def commune_team_counts(*, communes: list[OrgUnit], cutoff: datetime.date) -> dict[int, dict]:
    """Per current commune (history included): commune teams, village teams, members."""
    wanted = {c.pk for c in communes}
    out = {pk: {"teams_commune": 0, "teams_village": 0, "members": 0} for pk in wanted}
    province_ids = {c.province_id for c in communes}
    all_ids = set(OrgUnit.objects.communes().filter(province_id__in=province_ids).values_list("id", flat=True))
    current = _current_of(all_ids | wanted)
    teams = Team.objects.filter(commune_id__in=all_ids | wanted, is_active=True).filter(
        Q(established_on__isnull=True) | Q(established_on__lte=cutoff))
    for commune_id, level, n in teams.values_list("commune_id", "unit__level").annotate(n=Count("id")).order_by():
        target = current.get(commune_id)
        if target in out:
            out[target]["teams_commune" if level == Level.COMMUNE else "teams_village"] += n
    members = (User.objects.filter(team__in=teams, is_active=True, role__in=[Role.MEMBER, Role.LEADER])
               .values_list("team__commune_id").annotate(n=Count("id")).order_by())
    for commune_id, n in members:
        target = current.get(commune_id)
        if target in out:
            out[target]["members"] += n
    return out


def _members_trained(entered: dict[str, int], sessions) -> int | None:
    value = entered.get(FigureKind.MEMBERS_TRAINED)
    if value is None and sessions.members_listed:
        return sessions.members_listed
    return value


def _entered(values: dict[str, int]) -> dict[str, int | None]:
    return {kind: values.get(kind) for kind in FigureKind.values}


def report_figures(*, unit: OrgUnit, period: Period, cutoff: datetime.date,
                   today: datetime.date | None = None) -> dict:
    """Every figure the report states, counted as of the cut-off."""
    counted = figures_period(period=period, cutoff=cutoff, today=today)
    is_commune = unit.level == Level.COMMUNE
    children = child_units(unit=unit)
    figures = figures_read(units=[unit, *children], period=counted)
    tables = indicator_tables(units=[unit] if is_commune else [unit, *children], period=counted, figures=figures)
    me = f"u{unit.pk}"
    teams, members = team_counts(unit=unit, cutoff=cutoff)
    all_sessions = session_totals(units=[unit] if is_commune else [unit, *children], period=counted)
    sessions = all_sessions[unit.pk]
    entered = entered_figures_for(units=[unit, *([] if is_commune else children)], period_key=period_doc_key(period))
    applications = applications_helped(unit=unit, period=counted)
    if is_commune:  # the satisfaction a commune chose to compute from the citizens' answers, as on the dashboard
        tables[unit.pk] = with_computed_satisfaction(commune=unit, period=counted, rows=tables[unit.pk])
    data = {
        "schema": SCHEMA, "unit_id": unit.pk, "unit_name": unit.full_name, "level": unit.level,
        "period": {"kind": period.kind, "key": period_doc_key(period), "label": period.label,
                   "start": period.start.isoformat() if period.start else None, "end": period.end.isoformat()},
        "cutoff": cutoff.isoformat(),
        "people": figures.people[(me, ALL)], "visits": figures.visits[(me, ALL)],
        "teams": teams, "members": members,
        "teams_total": sum(teams.values()), "members_total": sum(members.values()),
        "sessions": {"total": sessions.total, "citizen_sessions": sessions.citizen_sessions,
                     "member_sessions": sessions.member_sessions, "citizens_reached": sessions.citizens_reached,
                     "citizens_checked_in": sessions.citizens_checked_in,
                     "members_trained": sessions.members_trained, "members_listed": sessions.members_listed,
                     "members_unlisted": sessions.members_unlisted,
                     "by_kind": [{"kind": k["kind"], "label": str(k["label"]), "sessions": k["sessions"],
                                  "citizens": k["citizens"], "members": k["members"]} for k in sessions.by_kind],
                     "sentence": _in_vietnamese(session_sentence, sessions)},
        "services": [{"code": s.code, "name": s.name, "people": figures.people[(me, f"s{s.pk}")],
                      "visits": figures.visits[(me, f"s{s.pk}")]} for s in ServiceType.objects.all()],
        "indicators": [_indicator_row(r) for r in tables[unit.pk]],
        "applications": {"total": applications.total,
                         "by_procedure": [{"procedure": p, "applications": n} for p, n in applications.by_procedure]},
        "entered": _entered(entered.get(unit.pk, {})),
        "satisfaction": satisfaction_figures(unit=unit, period=counted),
        "furthest": furthest_villages(unit=unit, period=counted, today=today) if is_commune else [],
        "children": [],
        "communes": [],
    }
    ordered = sorted(children, key=lambda c: natural_key(c.name))
    if is_commune:
        data["children"] = [{"name": c.full_name, "people": figures.people[(f"u{c.pk}", ALL)],
                             "visits": figures.visits[(f"u{c.pk}", ALL)]} for c in ordered]
    else:
        counts = commune_team_counts(communes=ordered, cutoff=cutoff)
        data["communes"] = [{
            "name": c.full_name, **counts[c.pk],
            # The commune's entered figure, else the members on its sessions' attendance lists (people).
            "members_trained": _members_trained(entered.get(c.pk, {}), all_sessions[c.pk]),
            "people": figures.people[(f"u{c.pk}", ALL)], "visits": figures.visits[(f"u{c.pk}", ALL)],
            "percents": [_percent(r.percent) for r in tables[c.pk] if r.indicator.source == Source.RECORDS],
        } for c in ordered]
    return data


def satisfaction_figures(*, unit: OrgUnit, period: Period) -> dict:
    """The citizens' answers by QR in the unit's communes: "hài lòng" among all answers of the period."""
    if unit.level == Level.COMMUNE:
        share = commune_share(commune=unit, period=period)
    else:
        share = satisfaction_share(commune_ids=commune_ids_within(unit=unit), period=period)
    return {"happy": share.happy, "answers": share.answers, "percent": _percent(share.percent)}


FURTHEST = 3


def furthest_villages(*, unit: OrgUnit, period: Period, today: datetime.date | None = None) -> list[dict]:
    """The villages furthest from target (largest total gap first), each with its largest gap."""
    report = village_gaps(commune=unit, period=period, today=today or timezone.localdate())
    out = []
    for village in report.villages:
        if not village.total_gap or len(out) == FURTHEST:
            break
        gap = max(village.gaps, key=lambda g: g.gap)
        out.append({"name": village.unit.full_name, "indicator": gap.indicator.name, "counts": gap.indicator.counts,
                    "gap": gap.gap, "target": _percent(gap.target.percent), "percent": _percent(gap.percent),
                    "pace": gap.pace})
    return out


def period_doc_key(period: Period) -> str:
    """The key a report document of this period is filed under."""
    if period.is_standard:
        return period.key
    if period.kind == AS_OF:
        return f"asof:{period.end.isoformat()}"
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


# ---- what changed since "chốt" ------------------------------------------------------------------

def _flat(data: dict) -> dict[str, tuple[str, int | None, str]]:
    """Comparable figures: key → (label, value, unit word)."""
    out = {"people": ("Số người dân được hướng dẫn", data["people"], "người"),
           "visits": ("Số lượt hỗ trợ", data["visits"], "lượt"),
           "teams": ("Số Tổ công nghệ số cộng đồng", data["teams_total"], "tổ"),
           "members": ("Số thành viên", data["members_total"], "người")}
    for row in data["indicators"]:
        word = "hộ" if row["counts"] == "household" else ("đơn vị" if row["counts"] == "business" else "người")
        out[f"i:{row['code']}"] = (row["name"], row["numerator"], word)
    for row in data["services"]:
        out[f"s:{row['code']}"] = (row["name"], row["people"], "người")
    if "applications" in data:  # snapshots taken before the count existed have none
        out["applications"] = ("Số hồ sơ dịch vụ công trực tuyến được hỗ trợ nộp", data["applications"]["total"],
                               "hồ sơ")
    if data.get("satisfaction"):
        out["satisfaction"] = ("Số ý kiến hài lòng của người dân (qua mã QR)", data["satisfaction"]["happy"], "ý kiến")
    for kind, value in data["entered"].items():
        out[f"e:{kind}"] = (str(FigureKind(kind).label), value, "")
    return out


def figures_diff(*, before: dict, after: dict) -> list[dict]:
    """What differs between a finalised snapshot and the live figures: label, before, after, change."""
    old, new = _flat(before), _flat(after)
    rows = []
    for key, (label, value, word) in new.items():
        was = old.get(key, (label, None, word))[1]
        if was != value:
            delta = (value or 0) - (was or 0)
            rows.append({"key": key, "label": label, "before": was, "after": value, "word": word,
                         "delta": delta, "delta_text": f"{'+' if delta > 0 else ''}{vn_decimal(delta, 0)}"})
    return rows


def percent_text(value: str | None) -> str:
    return "—" if value is None else f"{vn_decimal(value)}%"


__all__ = ["default_cutoff", "figures_diff", "figures_period", "natural_key", "period_doc_key",
           "report_figures", "team_counts"]

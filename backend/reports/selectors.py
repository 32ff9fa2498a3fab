"""Reads the report pages need beyond the indicator engine: period menu, heading words, team counts."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.models import Role, User
from indicators.selectors import UnitReport
from orgunits.models import KIND_TITLE, Level
from orgunits.selectors import unit_with_history_ids
from outreach.selectors import session_totals
from periods.periods import period_half, period_month, period_quarter, period_year
from teams.models import Team

from .wording import session_sentence


def period_choices(*, today: datetime.date) -> list[tuple[str, str]]:
    """The periods offered in the menu: as of today, this and last year, halves, quarters, recent months."""
    out = [("today", _("as of today"))]
    for year in (today.year, today.year - 1):
        out.append((period_year(year=year).key, period_year(year=year).label))
        for half in (1, 2):
            p = period_half(year=year, half=half)
            out.append((p.key, p.label))
        for quarter in range(1, 5):
            p = period_quarter(year=year, quarter=quarter)
            out.append((p.key, p.label))
    y, m = today.year, today.month
    for _i in range(12):
        p = period_month(year=y, month=m)
        out.append((p.key, p.label))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def report_extras(*, report: UnitReport) -> dict:
    """Heading words of the administrative report, the teams and members of a commune, group sessions."""
    unit = report.unit
    title = KIND_TITLE.get(unit.kind, "")
    sessions = session_totals(units=[unit], period=report.period)[unit.pk]
    extras = {"unit_title": f"{title} {unit.name}".strip() if not unit.name.startswith(title) else unit.name,
              "place": unit.name, "teams_commune": 0, "teams_village": 0, "members": 0,
              "sessions": sessions, "session_sentence": session_sentence(sessions)}
    if unit.level == Level.COMMUNE:
        ids = unit_with_history_ids(unit=unit)
        teams = Team.objects.filter(commune_id__in=ids, is_active=True).aggregate(
            commune=Count("id", filter=Q(unit__level=Level.COMMUNE)),
            village=Count("id", filter=Q(unit__level=Level.VILLAGE)))
        extras["teams_commune"], extras["teams_village"] = teams["commune"], teams["village"]
        extras["members"] = User.objects.filter(team__commune_id__in=ids, is_active=True,
                                                role__in=[Role.MEMBER, Role.LEADER]).count()
    peak = max([m["visits"] for m in report.trend] + [0])
    extras["trend_width"] = str(10 * max(len(report.trend), 1))
    extras["trend_bars"] = [
        {**m, "x": str(10 * i + 1), "tx": str(10 * i + 5),
         "h": f"{(m['visits'] * 68 / peak) if peak else 0:.2f}",
         "y": f"{70 - ((m['visits'] * 68 / peak) if peak else 0):.2f}"}
        for i, m in enumerate(report.trend)
    ]
    extras["total_people_children"] = sum(r["people"] for r in report.children)
    return extras

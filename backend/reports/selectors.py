"""Reads the report pages need beyond the indicator engine: period menu, heading words, team counts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import Role, User
from indicators.models import EnteredFigure, ManualFigure, Source
from indicators.selectors import Figures, UnitReport, indicator_tables
from orgunits.models import KIND_TITLE, Level, OrgUnit
from orgunits.selectors import unit_with_history_ids
from outreach.selectors import session_totals
from periods.periods import (
    AS_OF,
    STANDARD_KINDS,
    Period,
    period_as_of,
    period_from_key,
    period_half,
    period_month,
    period_quarter,
    period_range,
    period_year,
)
from teams.models import Team

from .access import can_write_report, readable_units
from .content import document_content
from .defaults import EDITABLE, version_defaults
from .figures import figures_diff, figures_period, period_doc_key, report_figures, team_counts
from .models import ReportDocument, ReportVersion
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


def report_period_choices(*, today: datetime.date) -> list[tuple[str, str]]:
    """The periods a report is written for: the menu's, and the years and halves of three years before."""
    older = [(p.key, p.label) for y in range(today.year - 2, today.year - 5, -1)
             for p in (period_year(year=y), period_half(year=y, half=1), period_half(year=y, half=2))]
    return [c for c in period_choices(today=today) if c[0] != "today"] + older


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


# ---- report documents ---------------------------------------------------------------------------

def document_period(document: ReportDocument) -> Period:
    """The period a report document was made for, rebuilt from what it stores."""
    if document.period_kind in STANDARD_KINDS:
        return period_from_key(document.period_key)
    if document.period_kind == AS_OF:
        return period_as_of(day=document.period_end)
    return period_range(start=document.period_start, end=document.period_end)


def documents_visible_to(*, user):
    """Report documents of the units the user may read, with their latest version first."""
    return (ReportDocument.objects.filter(unit__in=readable_units(user)).select_related("unit")
            .prefetch_related("versions").order_by("-period_end", "unit__name"))


def document_for(*, user, pk: int, write: bool = False) -> ReportDocument:
    """The document if the user may read it (404 otherwise); 403 when writing is asked and not allowed."""
    document = get_object_or_404(ReportDocument.objects.filter(unit__in=readable_units(user)).select_related("unit"),
                                 pk=pk)
    if write and not can_write_report(user, document.unit):
        raise PermissionDenied
    return document


def document_lookup(*, unit: OrgUnit, period: Period) -> ReportDocument | None:
    return ReportDocument.objects.filter(unit=unit, period_key=period_doc_key(period)).first()


def version_latest(document: ReportDocument) -> ReportVersion:
    return document.versions.order_by("-number").first()


def version_of(*, document: ReportDocument, number: int | None) -> ReportVersion:
    if number is None:
        return version_latest(document)
    return get_object_or_404(document.versions, number=number)


@dataclass
class RenderedReport:
    """A unit's report for a period as shown: its version (None: no draft yet), fields and figures."""

    unit: OrgUnit
    period: Period
    document: ReportDocument | None
    version: ReportVersion | None
    fields: dict
    figures: dict
    live: dict | None = None  # a finalised version's figures counted again today, when asked
    changes: list = dc_field(default_factory=list)

    @property
    def content(self):
        return document_content(fields=self.fields, data=self.figures)


def version_fields(version: ReportVersion) -> dict:
    return {f: getattr(version, f) for f in EDITABLE}


def report_rendered(*, unit: OrgUnit, period: Period, version_number: int | None = None,
                    with_changes: bool = False, today: datetime.date | None = None) -> RenderedReport:
    """The unit's current report of the period (or a given version): a finalised version shows its
    snapshot (and, with_changes, what differs today); a draft its live figures as of its cut-off; no
    report yet, the defaults and live figures as of the default cut-off."""
    document = document_lookup(unit=unit, period=period)
    if document is None:
        if version_number is not None:
            raise Http404
        fields = version_defaults(unit=unit, period=period, today=today)
        figures = report_figures(unit=unit, period=period, cutoff=fields["cutoff"], today=today)
        return RenderedReport(unit, period, None, None, fields, figures)
    version = version_of(document=document, number=version_number)
    fields = version_fields(version)
    period = document_period(document)
    if not version.is_final:
        figures = report_figures(unit=unit, period=period, cutoff=version.cutoff, today=today)
        return RenderedReport(unit, period, document, version, fields, figures)
    rendered = RenderedReport(unit, period, document, version, fields, version.snapshot)
    if with_changes:
        rendered.live = report_figures(unit=unit, period=period, cutoff=version.cutoff, today=today)
        rendered.changes = figures_diff(before=version.snapshot, after=rendered.live)
    return rendered


def entered_form_setup(*, unit: OrgUnit, period: Period, period_key: str, as_of: datetime.date) -> dict:
    """What the entered-figures form of a unit and period starts from: the entered-figure indicators
    with their denominators, the teams' members, the unit's own figures so far."""
    counted = figures_period(period=period, cutoff=as_of)
    rows = indicator_tables(units=[unit], period=counted, figures=Figures())[unit.pk]
    manual = [(r.indicator, r.denominator) for r in rows if r.indicator.source == Source.MANUAL]
    latest: dict[int, int] = {}
    for indicator_id, value in (ManualFigure.objects.filter(unit=unit, as_of__lte=as_of)
                                .order_by("indicator_id", "as_of").values_list("indicator_id", "value")):
        latest[indicator_id] = value
    _teams, members = team_counts(unit=unit, cutoff=as_of)
    return {"indicators": manual, "members": sum(members.values()),
            "initial_figures": dict(EnteredFigure.objects.filter(unit=unit, period_key=period_key)
                                    .values_list("kind", "value")),
            "initial_indicators": {pk: v for pk, v in latest.items() if pk in {i.pk for i, _d in manual}}}

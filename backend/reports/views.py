"""Dashboards, exports and the printable report. Thin: figures come from indicators.selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scopes import can_read_personal_data
from edge.errors import error_response
from edge.params import choice_param, int_param
from indicators.selectors import unit_report
from orgunits.models import Level
from orgunits.selectors import unit_current_successor, unit_former_parts, units_matching
from periods.periods import period_from_params
from satisfaction.selectors import with_computed_satisfaction

from .access import can_write_report, home_unit_for, report_unit_for, report_units_for
from .docx_render import docx_bytes
from .exports import CSV_TABLES, csv_response, xlsx_file
from .figures import default_cutoff
from .selectors import document_lookup, period_choices, report_extras, report_rendered

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, pk: int):
    """The unit and its report for the period the query asks; the dashboard, the printable report and every
    export read the period the same way. A bad period raises BadParameter: edge answers a 400 saying why."""
    unit = report_unit_for(request.user, pk)
    report = unit_report(unit=unit, period=period_from_params(request.GET))
    if unit.level == Level.COMMUNE:  # the satisfaction a commune chose to compute from the citizens' answers
        report.indicators = with_computed_satisfaction(commune=unit, period=report.period, rows=report.indicators)
    return unit, report


@login_required
def home(request):
    unit = home_unit_for(request.user)
    if unit is None:
        return error_response(request, 400, _("Your account has no unit."))
    return redirect("reports:unit", pk=unit.pk)


@login_required
def units(request):
    """Find a unit by typing its name without diacritics ("tinh khe"): JSON for the picker, a list without JS."""
    q = request.GET.get("q", "")[:80]
    found = units_matching(report_units_for(request.user), q=q)
    rows = [{"id": u.pk, "label": u.label, "current": u.valid_to is None,
             "url": reverse("reports:unit", args=[u.pk])} for u in found]
    if request.GET.get("format") == "json":
        return JsonResponse({"results": rows})
    return render(request, "reports/units.html", {"q": q, "rows": rows})


@login_required
def dashboard(request, pk: int):
    unit, report = _report(request, pk)
    context = {"report": report, "unit": unit, "choices": period_choices(today=timezone.localdate()),
               "is_commune": unit.level == Level.COMMUNE, **report_extras(report=report),
               "successor": unit_current_successor(unit=unit) if unit.valid_to else None,
               "former_parts": unit_former_parts(unit=unit),
               "cutoff": default_cutoff(period=report.period), "can_write": can_write_report(request.user, unit),
               "document": document_lookup(unit=unit, period=report.period),
               "record_indicators": [r for r in report.indicators if r.indicator.source == "records"]}
    return render(request, "reports/dashboard.html", context)


@login_required
def export_xlsx(request, pk: int):
    unit, report = _report(request, pk)
    # Written to a temporary file, then sent in chunks: memory stays flat however many records it lists.
    file = xlsx_file(report=report, user=request.user, with_records=can_read_personal_data(request.user),
                     cutoff=default_cutoff(period=report.period))
    response = FileResponse(file, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.pk}-{report.period.end:%Y%m%d}.xlsx"'
    return response


@login_required
def export_csv(request, pk: int):
    unit, report = _report(request, pk)
    table = choice_param(request.GET, "table", CSV_TABLES, default="indicators", label=_("Table"))
    if table == "records" and not can_read_personal_data(request.user):
        return HttpResponse(status=403)
    return csv_response(report=report, table=table, user=request.user,
                        filename=f"bao-cao-{unit.pk}-{table}-{report.period.end:%Y%m%d}.csv")


def _rendered(request, pk: int):
    """The unit's report of the period in the query (?version=N: that version). A bad period or version
    raises BadParameter: edge answers a 400 saying why, as for the dashboard and the exports."""
    unit = report_unit_for(request.user, pk)
    period = period_from_params(request.GET)
    number = int_param(request.GET, "version", minimum=1, maximum=32767, label=_("Version"))
    return report_rendered(unit=unit, period=period, version_number=number)


@login_required
def print_report(request, pk: int):
    rendered = _rendered(request, pk)
    return render(request, "reports/print.html", {"rendered": rendered, "unit": rendered.unit,
                                                  "content": rendered.content, "query": rendered.period.query})


@login_required
def report_docx(request, pk: int):
    rendered = _rendered(request, pk)
    response = HttpResponse(docx_bytes(rendered.content), content_type=DOCX_TYPE)
    version = f"-v{rendered.version.number}" if rendered.version else ""
    key = rendered.figures["period"]["key"].replace(":", "-").replace("..", "_")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{rendered.unit.pk}-{key}{version}.docx"'
    return response

"""Dashboards, exports and the printable report. Thin: figures come from indicators.selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scopes import can_read_personal_data
from indicators.selectors import unit_report
from orgunits.models import Level
from orgunits.selectors import unit_current_successor, unit_former_parts, units_matching
from periods.periods import period_from_params

from .access import home_unit_for, report_unit_for, report_units_for
from .exports import CSV_TABLES, csv_response, xlsx_bytes
from .selectors import period_choices, report_extras

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, pk: int):
    unit = report_unit_for(request.user, pk)
    try:
        period = period_from_params(request.GET)
    except ValueError:
        return unit, None
    return unit, unit_report(unit=unit, period=period)


@login_required
def home(request):
    unit = home_unit_for(request.user)
    if unit is None:
        return HttpResponseBadRequest(_("Your account has no unit."))
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
    if report is None:
        return HttpResponseBadRequest(_("Unknown period."))
    context = {"report": report, "unit": unit, "choices": period_choices(today=timezone.localdate()),
               "is_commune": unit.level == Level.COMMUNE, **report_extras(report=report),
               "successor": unit_current_successor(unit=unit) if unit.valid_to else None,
               "former_parts": unit_former_parts(unit=unit)}
    return render(request, "reports/dashboard.html", context)


@login_required
def export_xlsx(request, pk: int):
    unit, report = _report(request, pk)
    if report is None:
        return HttpResponseBadRequest(_("Unknown period."))
    content = xlsx_bytes(report=report, user=request.user,
                         with_records=can_read_personal_data(request.user))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.pk}-{report.period.end:%Y%m%d}.xlsx"'
    return response


@login_required
def export_csv(request, pk: int):
    unit, report = _report(request, pk)
    table = request.GET.get("table", "indicators")
    if report is None or table not in CSV_TABLES:
        return HttpResponseBadRequest(_("Unknown period or table."))
    if table == "records" and not can_read_personal_data(request.user):
        return HttpResponse(status=403)
    return csv_response(report=report, table=table, user=request.user,
                        filename=f"bao-cao-{unit.pk}-{table}-{report.period.end:%Y%m%d}.csv")


@login_required
def print_report(request, pk: int):
    unit, report = _report(request, pk)
    if report is None:
        return HttpResponseBadRequest(_("Unknown period."))
    return render(request, "reports/print.html", {"report": report, "unit": unit, **report_extras(report=report),
                                                  "today": timezone.localdate()})

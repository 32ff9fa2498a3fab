"""Dashboards, exports and the printable report. Thin: figures come from indicators.selectors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scopes import can_read_personal_data
from edge.errors import error_response
from edge.params import choice_param
from indicators.selectors import unit_report
from orgunits.models import Level
from periods.periods import period_from_params

from .access import home_unit_for, report_unit_for
from .exports import CSV_TABLES, csv_response, xlsx_bytes
from .selectors import period_choices, report_extras

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, pk: int):
    """The unit and its report for the period the query asks; the dashboard, the printable report and every
    export read the period the same way. A bad period raises BadParameter: edge answers a 400 saying why."""
    unit = report_unit_for(request.user, pk)
    return unit, unit_report(unit=unit, period=period_from_params(request.GET))


@login_required
def home(request):
    unit = home_unit_for(request.user)
    if unit is None:
        return error_response(request, 400, _("Your account has no unit."))
    return redirect("reports:unit", pk=unit.pk)


@login_required
def dashboard(request, pk: int):
    unit, report = _report(request, pk)
    context = {"report": report, "unit": unit, "choices": period_choices(today=timezone.localdate()),
               "is_commune": unit.level == Level.COMMUNE, **report_extras(report=report)}
    return render(request, "reports/dashboard.html", context)


@login_required
def export_xlsx(request, pk: int):
    unit, report = _report(request, pk)
    content = xlsx_bytes(report=report, user=request.user,
                         with_records=can_read_personal_data(request.user))
    response = HttpResponse(content, content_type=XLSX_TYPE)
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


@login_required
def print_report(request, pk: int):
    unit, report = _report(request, pk)
    return render(request, "reports/print.html", {"report": report, "unit": unit, **report_extras(report=report),
                                                  "today": timezone.localdate()})

"""Who still needs help, per village: the commune page (ranked by gap), its XLSX and its A4 print."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from indicators.gaps import village_gaps
from orgunits.models import Level
from periods.periods import period_from_params

from .access import report_unit_for
from .gap_exports import gap_xlsx_bytes
from .selectors import period_choices
from .views import XLSX_TYPE


def _gaps(request, pk: int):
    unit = report_unit_for(request.user, pk)
    if unit.level != Level.COMMUNE:
        raise Http404
    today = timezone.localdate()
    return unit, village_gaps(commune=unit, period=period_from_params(request.GET, today=today), today=today)


@login_required
def village_gap_page(request, pk: int):
    unit, report = _gaps(request, pk)
    return render(request, "reports/gaps.html", {"unit": unit, "report": report,
                                                 "choices": period_choices(today=timezone.localdate())})


@login_required
def village_gap_xlsx(request, pk: int):
    unit, report = _gaps(request, pk)
    response = HttpResponse(gap_xlsx_bytes(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="con-thieu-{unit.pk}-{report.period.end:%Y%m%d}.xlsx"')
    return response

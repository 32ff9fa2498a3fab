"""Who still needs help, per village: the commune page (ranked by gap), its XLSX and its A4 print."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.scopes import can_read_personal_data
from indicators.formatting import vn_int
from indicators.gaps import village_gaps
from orgunits.models import Level
from orgunits.selectors import unit_with_history_ids
from periods.periods import period_from_params
from records.selectors import citizens_unfinished

from .access import report_unit_for
from .gap_exports import gap_xlsx_bytes
from .selectors import period_choices
from .views import XLSX_TYPE

UNFINISHED_SHOWN = 100  # the newest, by village: a week of visits for a team
UNFINISHED_COUNTED = 1_000  # counted up to this, then "1.000+" (more than a team can visit from one list)


def _gaps(request, pk: int):
    unit = report_unit_for(request.user, pk)
    if unit.level != Level.COMMUNE:
        raise Http404
    today = timezone.localdate()
    return unit, village_gaps(commune=unit, period=period_from_params(request.GET, today=today), today=today)


@login_required
def village_gap_page(request, pk: int):
    unit, report = _gaps(request, pk)
    context = {"unit": unit, "report": report, "choices": period_choices(today=timezone.localdate())}
    if can_read_personal_data(request.user):  # who exactly still needs help: named citizens, for officers
        context["unfinished"], context["unfinished_total"], context["unfinished_more"] = citizens_unfinished(
            user=request.user, commune_ids=unit_with_history_ids(unit=unit), start=report.period.start_dt,
            before=report.period.end_dt, limit=UNFINISHED_SHOWN, count_cap=UNFINISHED_COUNTED)
        context["unfinished_count"] = vn_int(context["unfinished_total"]) + ("+" if context["unfinished_more"] else "")
    return render(request, "reports/gaps.html", context)


@login_required
def village_gap_xlsx(request, pk: int):
    unit, report = _gaps(request, pk)
    response = HttpResponse(gap_xlsx_bytes(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (f'attachment; filename="con-thieu-{unit.pk}-{report.period.end:%Y%m%d}.xlsx"')
    return response

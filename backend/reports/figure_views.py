"""Entered figures of a unit and period: the entered-figure indicators and the figures of other systems."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indicators.figure_services import entered_figures_save
from periods.periods import period_from_params

from .access import can_write_report, report_unit_for
from .figures import default_cutoff, period_doc_key
from .forms import EnteredFiguresForm
from .selectors import document_lookup, entered_form_setup, version_latest


@login_required
def entered_figures(request, pk: int):
    unit = report_unit_for(request.user, pk)
    if not can_write_report(request.user, unit):
        raise PermissionDenied
    period = period_from_params(request.GET)  # a bad period: BadParameter, a 400 from edge saying why
    document = document_lookup(unit=unit, period=period)
    as_of = version_latest(document).cutoff if document else default_cutoff(period=period)
    key = period_doc_key(period)
    setup = entered_form_setup(unit=unit, period=period, period_key=key, as_of=as_of)
    form = EnteredFiguresForm(request.POST or None, **setup)
    if request.method == "POST" and form.is_valid():
        initial = setup["initial_indicators"]
        changed_indicators = {pk: v for pk, v in form.indicator_values().items() if v != initial.get(pk)}
        count = entered_figures_save(unit=unit, period_key=key, as_of=as_of, by=request.user,
                                     figures=form.figure_values(), indicator_values=changed_indicators,
                                     source_note=form.cleaned_data.get("source_note", ""))
        messages.success(request, _("Saved (%(n)s figures changed).") % {"n": count})
        return redirect(f"{request.path}?{period.query}")
    return render(request, "reports/entered_figures.html", {
        "unit": unit, "period": period, "as_of": as_of, "form": form, "document": document,
    }, status=400 if form.is_bound else 200)

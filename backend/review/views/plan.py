"""Indicators a commune officer adds to the commune's plan, and their n of N per period."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.figure_services import indicator_entry_save, plan_indicator_add
from indicators.models import Indicator

from .. import selectors
from ..forms import IndicatorEntryForm, PlanIndicatorForm
from .common import commune_of, form_errors, officer_required


@officer_required
def plan_indicator_new(request):
    unit = commune_of(request.user, refusal=_("Only a commune's officer adds indicators to its plan."))
    form = PlanIndicatorForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            plan_indicator_add(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("review:figures")
    return render(request, "review/figure_form.html", {"form": form, "title": _("indicator of the commune's plan")})


@officer_required
def indicator_entry_new(request, pk: int):
    units = selectors.managed_units(user=request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("unit"), pk=pk, unit__in=units)
    initial = {"period_key": str(timezone.localdate().year), "as_of": timezone.localdate()}
    form = IndicatorEntryForm(request.POST or None, indicator=indicator, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicator_entry_save(indicator=indicator, unit=indicator.unit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("review:figures")
    return render(request, "review/figure_form.html", {"form": form, "title": indicator.name})

"""Denominators, baselines and targets: the officer-entered figures behind the indicators."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from edge.params import year_param
from indicators.models import Baseline, Denominator, Indicator, Target
from orgunits.models import Level

from .. import selectors, services
from ..forms import BaselineForm, DenominatorForm, TargetForm
from .common import officer_required

KINDS = {
    "denominator": (Denominator, DenominatorForm),
    "baseline": (Baseline, BaselineForm),
    "target": (Target, TargetForm),
}


@officer_required
def figure_list(request):
    units = selectors.managed_units(user=request.user)
    year = year_param(request.GET, label=_("Year"))
    denominators = Denominator.objects.filter(unit__in=units).select_related("unit")
    targets = Target.objects.filter(unit__in=units).select_related("unit", "indicator")
    if year is not None:
        denominators = denominators.filter(year=year)
        targets = targets.filter(year=year)
    return render(request, "review/figure_list.html", {
        "denominators": denominators.order_by("-year", "unit__name", "kind"),
        "baselines": Baseline.objects.filter(unit__in=units).select_related("unit", "indicator"),
        "targets": targets.order_by("-year", "unit__name", "indicator__sort_order"),
        "own_indicators": Indicator.objects.filter(unit__in=units).select_related("unit").prefetch_related(
            "entries").order_by("unit__name", "first_year", "pk"),
        "can_add_indicator": request.user.unit_id is not None and request.user.unit.level == Level.COMMUNE,
        "year": year or "",
    })


@officer_required
def figure_edit(request, kind: str, pk: int | None = None):
    if kind not in KINDS:
        raise Http404
    model, form_class = KINDS[kind]
    instance = None if pk is None else selectors.object_in_scope(user=request.user, queryset=model.objects, pk=pk)
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.figure_save(form=form, by=request.user)
        messages.success(request, _("Saved."))
        return redirect("review:figures")
    return render(request, "review/figure_form.html", {"form": form, "kind": kind, "title": model._meta.verbose_name})

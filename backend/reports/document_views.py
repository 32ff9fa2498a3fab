"""The report workspace ("Báo cáo"): list and create reports, write a draft (autosaved), chốt, versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import can_write_report, writable_units
from .content import default_prose
from .forms import DocumentCreateForm, VersionForm
from .selectors import (
    document_for,
    document_period,
    documents_visible_to,
    report_period_choices,
    report_rendered,
    version_latest,
)
from .services import document_create, version_finalise, version_new, version_save


@login_required
def document_list(request):
    units = writable_units(request.user)
    today = timezone.localdate()
    form = DocumentCreateForm(request.POST or None, units=units, choices=report_period_choices(today=today),
                              initial={"period": str(today.year)})
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        version = document_create(unit=unit, period=form.cleaned_data["period_obj"], by=request.user,
                                  cutoff=form.cleaned_data.get("cutoff"))
        return redirect("reports:document", pk=version.document_id)
    documents = [{"document": d, "period": document_period(d), "version": max(d.versions.all(), key=lambda v: v.number)}
                 for d in documents_visible_to(user=request.user)[:200]]
    return render(request, "reports/documents.html", {"form": form, "documents": documents,
                                                      "can_create": units.exists()})


def _editor_context(request, document, version_number=None, form=None):
    rendered = report_rendered(unit=document.unit, period=document_period(document), version_number=version_number,
                               with_changes=True)
    version = rendered.version
    writable = can_write_report(request.user, document.unit) and not version.is_final
    if form is None and writable:
        form = VersionForm(instance=version, placeholders=default_prose(rendered.figures))
    return {"document": document, "version": version, "rendered": rendered, "figures": rendered.figures,
            "content": rendered.content, "form": form if writable else None,
            "can_write": can_write_report(request.user, document.unit),
            "versions": list(document.versions.order_by("-number")),
            "latest": version_latest(document), "query": rendered.period.query}


@login_required
def document_edit(request, pk: int):
    document = document_for(user=request.user, pk=pk)
    if request.method == "POST":
        document = document_for(user=request.user, pk=pk, write=True)
        version = version_latest(document)
        form = VersionForm(request.POST, instance=version)
        if form.is_valid():
            try:
                version_save(version=version, values=form.cleaned_data, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect("reports:document", pk=pk)
            messages.success(request, _("Saved."))
            return redirect("reports:document", pk=pk)
        return render(request, "reports/document_edit.html", _editor_context(request, document, form=form),
                      status=400)
    return render(request, "reports/document_edit.html", _editor_context(request, document))


@login_required
def document_version(request, pk: int, number: int):
    document = document_for(user=request.user, pk=pk)
    return render(request, "reports/document_edit.html", _editor_context(request, document, version_number=number))


@login_required
@require_POST
def document_autosave(request, pk: int):
    """The editor's background save: the whole form, answered in JSON (errors by field)."""
    document = document_for(user=request.user, pk=pk, write=True)
    version = version_latest(document)
    if version.is_final:
        return JsonResponse({"error": _("This version has been finalised; make a new version to change it.")},
                            status=409)
    form = VersionForm(request.POST, instance=version)
    if not form.is_valid():
        return JsonResponse({"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400)
    try:
        version = version_save(version=version, values=form.cleaned_data, by=request.user)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=409)
    saved = timezone.localtime(version.updated_at)
    return JsonResponse({"saved": True, "version": version.number,
                         "saved_at": date_format(saved, "H:i:s"), "updated_at": version.updated_at.isoformat()})


@login_required
@require_POST
def document_finalise(request, pk: int):
    document = document_for(user=request.user, pk=pk, write=True)
    version = version_latest(document)
    try:
        if "cutoff" in request.POST and not version.is_final:  # the editor's form: save what was typed first
            form = VersionForm(request.POST, instance=version)
            if not form.is_valid():
                return render(request, "reports/document_edit.html", _editor_context(request, document, form=form),
                              status=400)
            version_save(version=version, values=form.cleaned_data, by=request.user)
        version = version_finalise(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:document", pk=pk)
    messages.success(request, _("Figures finalised as of %(d)s (version %(n)s).") % {
        "d": version.cutoff.strftime("%d/%m/%Y"), "n": version.number})
    return redirect("reports:document", pk=pk)


@login_required
@require_POST
def document_new_version(request, pk: int):
    document = document_for(user=request.user, pk=pk, write=True)
    try:
        version = version_new(document=document, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:document", pk=pk)
    messages.success(request, _("Version %(n)s started; the earlier versions are kept.") % {"n": version.number})
    return redirect("reports:document", pk=pk)

"""Onboarding a commune from a spreadsheet: template, upload and preview, confirmation, QR cards."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.scopes import is_admin
from citizens.text import fold
from review.views.common import officer_required

from . import selectors, services
from .forms import MAX_UPLOAD_BYTES, CommuneSearchForm, UploadForm
from .reader import Upload, read_upload
from .workbook import template_xlsx

PENDING = "onboarding.pending"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CARDS_PER_PAGE = 12  # 3 × 4 on an A4 page


@officer_required
def index(request):
    if not is_admin(request.user):
        return redirect("onboarding:commune", commune_id=request.user.unit_id or 0)
    form = CommuneSearchForm(request.GET or None)
    communes = []
    if form.is_valid():
        communes = selectors.communes_matching(user=request.user, query=form.cleaned_data["q"])
    return render(request, "onboarding/index.html", {"form": form, "communes": communes})


@officer_required
def commune_page(request, commune_id: int):
    commune = selectors.commune_for_onboarding(user=request.user, commune_id=commune_id)
    if request.method == "POST" and _declared_size(request) > MAX_UPLOAD_BYTES + 64 * 1024:
        # Refused before Django reads the body into a temporary file.
        return render(request, "onboarding/commune.html", {
            "commune": commune, "form": UploadForm(),
            "upload_error": UploadForm.too_large(_declared_size(request)).message})
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = read_upload(form.cleaned_data["file"], commune=commune, year=timezone.localdate().year)
        plan = selectors.onboarding_plan(commune=commune, upload=upload)
        return _preview(request, commune, upload, plan, filename=form.cleaned_data["file"].name[:120])
    return render(request, "onboarding/commune.html", {"commune": commune, "form": form})


def _declared_size(request) -> int:
    length = request.META.get("CONTENT_LENGTH") or "0"
    return int(length) if length.isdigit() else 0


def _preview(request, commune, upload: Upload, plan, *, filename: str, changed: bool = False):
    """Shows what confirming would do; keeps the checked rows (not the file) in the session until then."""
    request.session.pop(PENDING, None)
    token = ""
    if not plan.errors and plan.has_writes:
        token = uuid.uuid4().hex
        request.session[PENDING] = {"token": token, "commune": commune.pk, "rows": upload.rows,
                                    "invalid": upload.invalid, "digest": plan.digest, "filename": filename}
    return render(request, "onboarding/preview.html", {
        "commune": commune, "plan": plan, "sheets": plan.by_sheet(), "token": token, "filename": filename,
        "changed": changed, "form": UploadForm(),
    })


@officer_required
@require_POST
def confirm(request, commune_id: int):
    commune = selectors.commune_for_onboarding(user=request.user, commune_id=commune_id)
    pending = request.session.get(PENDING)
    if not pending or pending["commune"] != commune.pk or pending["token"] != request.POST.get("token"):
        messages.error(request, _("Nothing is waiting for confirmation (it was already confirmed, or another file "
                                  "was uploaded since). Upload the file again."))
        return redirect("onboarding:commune", commune_id=commune.pk)
    upload = Upload(rows=pending["rows"], invalid=pending["invalid"])
    try:
        done = services.onboarding_apply(commune=commune, upload=upload, digest=pending["digest"], by=request.user,
                                         filename=pending["filename"])
    except services.PlanChanged as exc:
        return _preview(request, commune, upload, exc.plan, filename=pending["filename"], changed=True)
    except IntegrityError:
        request.session.pop(PENDING, None)
        messages.error(request, _("Someone changed the commune's data at the same moment; nothing was saved. "
                                  "Upload the file again."))
        return redirect("onboarding:commune", commune_id=commune.pk)
    request.session.pop(PENDING, None)
    messages.success(request, _("Saved: %(villages)s villages, %(figures)s population figures, %(teams)s teams, "
                                "%(members)s members added or updated.") % {
        "villages": done.villages, "figures": done.denominators, "teams": done.teams, "members": done.members})
    if done.invitations:
        messages.success(request, ngettext("Print the QR card of the new member below.",
                                           "Print the QR cards of the %(count)s new members below.",
                                           done.invitations) % {"count": done.invitations})
        return redirect("onboarding:cards", commune_id=commune.pk)
    return redirect("onboarding:commune", commune_id=commune.pk)


@officer_required
@never_cache
def template_download(request, commune_id: int):
    commune = selectors.commune_for_onboarding(user=request.user, commune_id=commune_id)
    year = timezone.localdate().year
    data = template_xlsx(commune=commune, year=year, **selectors.template_rows(commune=commune, year=year))
    response = HttpResponse(data, content_type=XLSX)
    slug = "-".join(fold(commune.full_name).split()) or str(commune.pk)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{slug}.xlsx"'
    return response


@officer_required
@never_cache
def cards(request, commune_id: int):
    commune = selectors.commune_for_onboarding(user=request.user, commune_id=commune_id)
    team = selectors.team_for_cards(commune=commune, team_id=request.GET.get("team"))
    rows = selectors.members_awaiting_sign_up(commune=commune, team=team)
    printable = [(m, inv, selectors.unit_label(m.team)) for m, inv in rows if inv is not None]
    pages = [printable[i:i + CARDS_PER_PAGE] for i in range(0, len(printable), CARDS_PER_PAGE)]
    return render(request, "onboarding/cards.html", {
        "commune": commune, "team": team, "pages": pages, "count": len(printable),
        "expired": [m for m, inv in rows if inv is None],
    })


@officer_required
@require_POST
def cards_renew(request, commune_id: int):
    commune = selectors.commune_for_onboarding(user=request.user, commune_id=commune_id)
    team = selectors.team_for_cards(commune=commune, team_id=request.POST.get("team"))
    renewed = services.invitations_renew(commune=commune, team=team, by=request.user)
    messages.success(request, ngettext("%(count)s new QR code made.", "%(count)s new QR codes made.", renewed)
                     % {"count": renewed})
    url = reverse("onboarding:cards", kwargs={"commune_id": commune.pk})
    return redirect(f"{url}?team={team.pk}" if team else url)

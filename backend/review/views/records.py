"""Record list, detail and review decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.scopes import can_read_personal_data
from edge.params import uuid_list
from records.models import Status
from records.photos import photo_response

from .. import selectors, services
from ..forms import ReasonForm, RecordFilterForm
from .common import officer_required, paginate, query_without_page


@officer_required
def record_list(request):
    form = RecordFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    records = selectors.records_for_review(user=request.user, filters=filters)
    # Counted once (not again by the paginator), and only so far: past 10,000 a status reads "10.000+".
    counts = selectors.record_counts(records, cap=selectors.COUNT_CAP)
    page = paginate(request, records, count=counts["total"])
    duplicates = selectors.duplicates_for(user=request.user, records=page.object_list)
    rows = [(r, duplicates.for_record(r)) for r in page.object_list]
    return render(request, "review/record_list.html", {
        "form": form, "page": page, "rows": rows, "counts": counts,
        "query": query_without_page(request),
        "submitted_on_page": [str(r.client_uuid) for r, _f in rows if r.status == Status.SUBMITTED],
    })


@officer_required
@require_POST
def record_bulk_approve(request):
    uuids = uuid_list(request.POST.getlist("uuids"), name="uuids", label=_("Records"))
    scoped = selectors.records_for_review(user=request.user).filter(client_uuid__in=uuids)
    count = services.records_bulk_approve(records=scoped, by=request.user)
    messages.success(request, ngettext("%(n)d record approved.", "%(n)d records approved.", count) % {"n": count})
    # Back to the same filters: re-encoded, so nothing sent can reach the Location header as typed.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("review:records") + (f"?{query}" if query else ""))


@officer_required
def record_detail(request, client_uuid):
    record = selectors.record_for_officer(user=request.user, client_uuid=client_uuid)
    return _detail(request, record)


def _detail(request, record, *, reason_form=None, decision: str = "", status: int = 200):
    duplicates = selectors.duplicates_for(user=request.user, records=[record]).for_record(record)
    return render(request, "review/record_detail.html", {
        "record": record, "duplicates": duplicates, "history": selectors.record_history(record=record),
        "reason_form": reason_form or ReasonForm(), "decision": decision,
        "reviewable": record.status in services.REVIEWABLE, "personal": can_read_personal_data(request.user),
    }, status=status)


@officer_required
@require_POST
def record_decide(request, client_uuid, decision: str):
    record = selectors.record_for_officer(user=request.user, client_uuid=client_uuid)
    status = {"approve": Status.APPROVED, "return": Status.RETURNED, "reject": Status.REJECTED}[decision]
    reason = ""
    if status != Status.APPROVED:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            # The page again, with what was typed and what to change ("too long", not "give a reason").
            messages.error(request, " ".join(form.errors["reason"]))
            return _detail(request, record, reason_form=form, decision=decision, status=400)
        reason = form.cleaned_data["reason"]
    try:
        services.record_decide(record=record, by=request.user, status=status, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Record %(status)s.") % {"status": Status(status).label})
    return redirect("review:record", client_uuid=record.client_uuid)


@officer_required
def record_photo(request, client_uuid):
    """Photos are personal data: served only through the same scope check as the record."""
    record = selectors.record_for_officer(user=request.user, client_uuid=client_uuid)
    return photo_response(record, thumb=bool(request.GET.get("thumb")))

"""Record list, detail and review decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.scopes import can_read_personal_data
from edge.params import int_param, parse_int, uuid_list
from outreach.selectors import session_of_check_in
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
        "versions_on_page": [f"{r.client_uuid}:{r.version}" for r, _f in rows if r.status == Status.SUBMITTED],
    })


@officer_required
@require_POST
def record_bulk_approve(request):
    uuids = uuid_list(request.POST.getlist("uuids"), name="uuids", label=_("Records"))
    # "uuid:version" of each record as the page showed it: one changed since is left for another look.
    seen = _versions(request.POST.getlist("versions"))
    scoped = selectors.records_for_review(user=request.user).filter(client_uuid__in=uuids)
    versions = None
    if seen:
        versions = {pk: seen[u] for pk, u in scoped.values_list("pk", "client_uuid") if u in seen}
    result = services.records_bulk_approve_checked(records=scoped, by=request.user, versions=versions)
    count = result.approved
    messages.success(request, ngettext("%(n)d record approved.", "%(n)d records approved.", count) % {"n": count})
    if result.stale:
        messages.warning(request, ngettext(
            "%(n)d record was just changed and was not approved: look at it again.",
            "%(n)d records were just changed and were not approved: look at them again.",
            result.stale) % {"n": result.stale})
    # Back to the same filters: re-encoded, so nothing sent can reach the Location header as typed.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(reverse("review:records") + (f"?{query}" if query else ""))


def _versions(values) -> dict:
    out = {}
    for value in values:
        uuid_text, _sep, version = str(value).partition(":")
        (key,) = uuid_list([uuid_text], name="versions", label=_("Records"))
        out[key] = parse_int(version, name="versions", minimum=1, label=_("Version"))
    return out


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
        "follow_ups": selectors.records_for_review(user=request.user).filter(follows=record).select_related(
            "service_type").order_by("occurred_at"),
        "session": session_of_check_in(record),
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
    version = int_param(request.POST, "version", minimum=1, label=_("Version"))
    try:
        services.record_decide(record=record, by=request.user, status=status, reason=reason, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Record %(status)s.") % {"status": Status(status).label})
    return redirect("review:record", client_uuid=record.client_uuid)


@officer_required
def follow_up_list(request):
    """"Cần quay lại": per village, the visits to come back to that are still open, and those overdue."""
    rows = selectors.follow_ups_by_village(user=request.user, today=timezone.localdate())
    return render(request, "review/follow_up_list.html", {
        "rows": rows, "total_open": sum(r.open for r in rows), "total_overdue": sum(r.overdue for r in rows),
        "total_due": sum(r.due_today for r in rows)})


@officer_required
def record_photo(request, client_uuid):
    """Photos are personal data: served only through the same scope check as the record."""
    record = selectors.record_for_officer(user=request.user, client_uuid=client_uuid)
    return photo_response(record, thumb=bool(request.GET.get("thumb")))

"""Who did what: the audit trail of the officer's communes."""

from __future__ import annotations

from django.shortcuts import render

from .. import selectors
from ..forms import AuditFilterForm
from .common import officer_required, paginate, query_without_page


@officer_required
def audit_list(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events_for(user=request.user, filters=filters)
    return render(request, "review/audit_list.html", {
        "form": form, "page": paginate(request, events), "query": query_without_page(request)})

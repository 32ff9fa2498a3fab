"""Group sessions the commune logs: trainings, outreach and meetings, in a village or for the whole commune,
with the list of team members present (each counted once as a member trained)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from outreach.selectors import sessions_visible_to, with_check_ins
from outreach.services import commune_session_log

from ..forms import CommuneSessionForm
from .common import commune_of, form_errors, officer_required, paginate


@officer_required
def session_list(request):
    sessions = with_check_ins(sessions_visible_to(user=request.user).select_related("village", "team")
                              .annotate(listed=Count("members_present"))).order_by("-held_on", "-created_at")
    return render(request, "review/session_list.html", {"page": paginate(request, sessions)})


@officer_required
def session_new(request):
    commune = commune_of(request.user, refusal=_("Only a commune's officer logs the commune's sessions."))
    form = CommuneSessionForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            commune_session_log(by=request.user, commune=commune, members=data.pop("members_present"), **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("review:sessions")
    return render(request, "review/figure_form.html", {"form": form, "title": _("group session of the commune"),
                                                       "back": "review:sessions"})

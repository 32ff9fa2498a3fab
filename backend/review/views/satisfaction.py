"""Citizens' answers per team, with the record each went with; the share of "hài lòng" per team."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scopes import can_manage_commune
from indicators.models import DenominatorKind, Indicator
from orgunits.models import Level
from periods.periods import period_from_params
from satisfaction.models import Rating
from satisfaction.selectors import answers_in, answers_visible_to, computed_indicator_ids
from satisfaction.services import computed_choose

from .common import officer_required, paginate


@officer_required
def satisfaction_list(request):
    period = period_from_params(request.GET, today=timezone.localdate())
    answers = answers_in(answers_visible_to(user=request.user), period).order_by("-answered_at", "-pk")
    per_team: dict = defaultdict(lambda: {"team": None, "happy": 0, "neutral": 0, "unhappy": 0, "answers": 0})
    for team_id, team_name, rating in answers.values_list("token__team_id", "token__team__name", "rating"):
        row = per_team[team_id]
        row["team"], row[rating], row["answers"] = team_name, row[rating] + 1, row["answers"] + 1
    teams = sorted(per_team.values(), key=lambda r: r["team"])
    for row in teams:
        row["share"] = round(100 * row["happy"] / row["answers"], 2)
    page = paginate(request, answers)
    commune = _own_commune(request.user)
    chosen = computed_indicator_ids(commune=commune) if commune else set()
    choices = [{"indicator": i, "computed": i.pk in chosen} for i in _satisfaction_indicators()] if commune else []
    return render(request, "review/satisfaction_list.html", {
        "period": period, "teams": teams, "page": page, "ratings": dict(Rating.choices), "choices": choices})


def _own_commune(user):
    unit = user.unit if user.unit_id else None
    return unit if unit is not None and unit.level == Level.COMMUNE else None


def _satisfaction_indicators():
    return Indicator.objects.filter(is_active=True, denominator_kind=DenominatorKind.RESPONDENTS).order_by("sort_order")


@officer_required
@require_POST
def satisfaction_choose(request, indicator_id: int):
    """The officer's commune chooses: this indicator computed from the citizens' answers, or entered."""
    commune = _own_commune(request.user)
    if commune is None or not can_manage_commune(request.user, commune.pk):
        raise PermissionDenied
    indicator = get_object_or_404(_satisfaction_indicators(), pk=indicator_id)
    computed_choose(commune=commune, indicator=indicator, computed=request.POST.get("computed") == "1")
    return redirect("review:satisfaction")

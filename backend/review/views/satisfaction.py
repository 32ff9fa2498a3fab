"""Citizens' answers per team, with the record each went with; the share of "hài lòng" per team."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import render
from django.utils import timezone

from periods.periods import period_from_params
from satisfaction.models import Rating
from satisfaction.selectors import answers_in, answers_visible_to

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
    return render(request, "review/satisfaction_list.html", {
        "period": period, "teams": teams, "page": page, "ratings": dict(Rating.choices)})

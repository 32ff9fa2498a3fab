"""Reads: the answers an officer may see (per team, with the record link), and the computed share."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery

from accounts.scopes import can_review, commune_ids_for
from indicators.formatting import percent_of
from orgunits.selectors import unit_with_history_ids
from periods.periods import Period
from records.models import AssistanceRecord

from .models import ComputedSatisfaction, Rating, SurveyAnswer


def answers_visible_to(*, user):
    """Officers: their communes' answers; administrators: all; members and leaders: none (who answered
    what about whose help is not theirs to see)."""
    if not can_review(user):
        return SurveyAnswer.objects.none()
    ids = commune_ids_for(user)
    qs = SurveyAnswer.objects.all() if ids is None else SurveyAnswer.objects.filter(commune_id__in=ids)
    record = AssistanceRecord.objects.filter(client_uuid=OuterRef("token__record_uuid"))
    return qs.select_related("token__team", "token__member").annotate(
        record_id=Subquery(record.values("pk")[:1]), record_village=Subquery(record.values("village__name")[:1]))


def answers_in(qs, period: Period):
    qs = qs.filter(answered_at__lt=period.end_dt)
    return qs.filter(answered_at__gte=period.start_dt) if period.start_dt is not None else qs


@dataclass
class Share:
    happy: int
    answers: int

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.happy, self.answers)


def satisfaction_share(*, commune_ids, period: Period, team_id: int | None = None) -> Share:
    qs = answers_in(SurveyAnswer.objects.filter(commune_id__in=commune_ids), period)
    if team_id is not None:
        qs = qs.filter(token__team_id=team_id)
    row = qs.aggregate(answers=Count("pk"), happy=Count("pk", filter=Q(rating=Rating.HAPPY)))
    return Share(happy=row["happy"], answers=row["answers"])


def computed_indicator_ids(*, commune) -> set[int]:
    return set(ComputedSatisfaction.objects.filter(commune_id__in=unit_with_history_ids(unit=commune))
               .values_list("indicator_id", flat=True))


def commune_share(*, commune, period: Period) -> Share:
    return satisfaction_share(commune_ids=unit_with_history_ids(unit=commune), period=period)


def with_computed_satisfaction(*, commune, period: Period, rows: list) -> list:
    """A commune's indicator rows, those it chose computed from answers replaced: numerator = "hài lòng"
    answers, denominator = all answers of the period. Other units and other indicators pass unchanged."""
    import dataclasses

    from indicators.gaps import target_count

    chosen = computed_indicator_ids(commune=commune)
    if not chosen:
        return rows
    share = commune_share(commune=commune, period=period)
    out = []
    for row in rows:
        if row.indicator.pk in chosen:
            remaining = (max(0, target_count(row.target, share.answers) - share.happy)
                         if row.target is not None and share.answers else None)
            row = dataclasses.replace(row, baseline=0, counted=share.happy, numerator=share.happy,
                                      denominator=share.answers or None, denominator_year=None,
                                      percent=share.percent, remaining=remaining)
        out.append(row)
    return out

"""Writes: issue a stock of survey tokens, attach a token to a record, accept an answer once."""

from __future__ import annotations

import datetime
import secrets
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from edge.text import clean_text

from .models import Rating, SurveyAnswer, SurveyToken

STOCK = 20  # tokens a phone keeps for a day or more offline
VALID_FOR = datetime.timedelta(days=60)
COMMENT_MAX = 300


class SurveyRefused(Exception):
    """The answer cannot be taken: code is "unknown" (forged), "expired" or "used" (a replay)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def tokens_issue(*, member, now: datetime.datetime | None = None) -> list[SurveyToken]:
    """Top the member's stock of unused, unexpired tokens up to STOCK; returns the whole stock."""
    now = now or timezone.now()
    live = list(SurveyToken.objects.filter(member=member, expires_at__gt=now, answer__isnull=True,
                                           record_uuid__isnull=True).order_by("issued_at", "pk"))
    missing = STOCK - len(live)
    if missing > 0:
        team = member.team
        SurveyToken.objects.bulk_create([
            SurveyToken(token=secrets.token_urlsafe(16), member=member, team=team, commune_id=team.commune_id,
                        expires_at=now + VALID_FOR) for _i in range(missing)])
        live = list(SurveyToken.objects.filter(member=member, expires_at__gt=now, answer__isnull=True,
                                               record_uuid__isnull=True).order_by("issued_at", "pk"))
    return live


def token_attach(*, member, token: str, record_uuid: uuid.UUID) -> SurveyToken | None:
    """The phone says which record a token went with; only the member's own tokens, once."""
    updated = SurveyToken.objects.filter(member=member, token=token, record_uuid__isnull=True).update(
        record_uuid=record_uuid)
    if not updated and not SurveyToken.objects.filter(member=member, token=token, record_uuid=record_uuid).exists():
        return None
    return SurveyToken.objects.get(token=token)


def answer_accept(*, token: str, rating: str, comment: str = "",
                  now: datetime.datetime | None = None) -> SurveyAnswer:
    """Take the citizen's answer: the token must exist, be unexpired and unanswered. Raises SurveyRefused."""
    now = now or timezone.now()
    if rating not in Rating.values:
        raise ValueError(rating)
    found = SurveyToken.objects.filter(token=token).first() if token else None
    if found is None:
        raise SurveyRefused("unknown")
    if found.expires_at <= now:
        raise SurveyRefused("expired")
    text = clean_text(comment or "", multiline=False).strip()[:COMMENT_MAX]
    try:
        with transaction.atomic():
            return SurveyAnswer.objects.create(token=found, commune_id=found.commune_id, rating=rating, comment=text)
    except IntegrityError:
        raise SurveyRefused("used") from None


def computed_choose(*, commune, indicator, computed: bool) -> None:
    """A commune's choice for a satisfaction indicator: computed from answers, or the officer's figure."""
    from .models import ComputedSatisfaction

    if computed:
        ComputedSatisfaction.objects.get_or_create(commune=commune, indicator=indicator)
    else:
        ComputedSatisfaction.objects.filter(commune=commune, indicator=indicator).delete()

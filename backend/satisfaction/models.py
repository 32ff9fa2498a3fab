"""Citizen satisfaction by QR, without login.

A SurveyToken is a random, unguessable token issued to a team member while online (a stock the phone keeps
for offline work). The phone shows it as a QR after helping a citizen and tells the server which record
(client_uuid) it went with; the citizen answers once at /y-kien/<token>/. The answer and the record are
linked through the client_uuid whenever both exist, in either order. No personal data is asked or kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    HAPPY = "happy", _("satisfied")
    NEUTRAL = "neutral", _("neither")
    UNHAPPY = "unhappy", _("not satisfied")


class SurveyToken(models.Model):
    token = models.CharField(_("token"), max_length=32, unique=True)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("team member"), on_delete=models.CASCADE,
                               related_name="survey_tokens")
    team = models.ForeignKey("teams.Team", verbose_name=_("team"), on_delete=models.CASCADE,
                             related_name="survey_tokens")
    commune = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="survey_tokens")
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    record_uuid = models.UUIDField(_("record (client UUID)"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("survey token")
        verbose_name_plural = _("survey tokens")
        indexes = [models.Index(fields=["member", "expires_at"], name="surveytoken_member_idx")]

    def __str__(self) -> str:
        return f"{self.token[:6]}…"


class SurveyAnswer(models.Model):
    token = models.OneToOneField(SurveyToken, verbose_name=_("token"), on_delete=models.CASCADE,
                                 related_name="answer")
    commune = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="survey_answers")
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["commune", "answered_at"], name="surveyanswer_commune_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(rating__in=Rating.values),
                                              name="surveyanswer_rating_valid")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} {self.answered_at:%d/%m/%Y}"


class ComputedSatisfaction(models.Model):
    """A commune's choice: this indicator's figure is computed from the citizens' answers (share of
    "hài lòng" among answers in the period) instead of the officer's entered figure."""

    commune = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.CASCADE,
                                related_name="computed_satisfaction")
    indicator = models.ForeignKey("indicators.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="+")

    class Meta:
        verbose_name = _("satisfaction computed from answers")
        verbose_name_plural = _("satisfaction computed from answers")
        constraints = [models.UniqueConstraint(fields=["commune", "indicator"], name="computedsatisfaction_unique")]

    def __str__(self) -> str:
        return f"{self.commune} {self.indicator}"

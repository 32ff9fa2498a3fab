from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A Tổ CNSCĐ: one per commune and one per village, set up by the commune chairman's decision."""

    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="teams",
        help_text=_("The commune (commune-level team) or the village (village team) the team serves."),
    )
    # Denormalised from unit, so every scoped query is a single indexed filter.
    commune = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="commune_teams",
        editable=False,
    )
    name = models.CharField(_("name"), max_length=160)
    decision_ref = models.CharField(_("founding decision"), max_length=120, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["commune__name", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="team_unique_name_in_unit")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.commune = self.unit.commune or self.unit
        super().save(*args, **kwargs)

    @property
    def is_village_team(self) -> bool:
        return self.unit.level == "village"

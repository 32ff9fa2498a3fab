from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import SessionKind


class GroupSession(models.Model):
    """A training or outreach session (buổi tập huấn / tuyên truyền) counted by its attendees."""

    client_uuid = models.UUIDField(_("client UUID"), unique=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey("teams.Team", verbose_name=_("organising team"), on_delete=models.PROTECT,
                             related_name="sessions")
    village = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("village"), on_delete=models.PROTECT,
                                related_name="village_sessions", null=True, blank=True,
                                help_text=_("Empty: held for the whole commune."))
    commune = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("commune"), on_delete=models.PROTECT,
                                related_name="commune_sessions", editable=False)
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices, default=SessionKind.OUTREACH)
    topic = models.CharField(_("topic"), max_length=200)
    attendees = models.PositiveIntegerField(_("attendees"))
    for_team_members = models.BooleanField(
        _("training of team members"), default=False,
        help_text=_("Counted as members trained rather than citizens reached."),
    )
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team members present (attendance list)"), blank=True,
        related_name="sessions_attended",
        help_text=_("Team members identified as attending: counted once each as members trained."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["commune", "held_on"], name="session_commune_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SessionKind.values), name="session_kind_valid"),
            models.CheckConstraint(condition=Q(attendees__gte=1, attendees__lte=100000), name="session_attendees_range"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.held_on:%d/%m/%Y}"

    @property
    def place(self) -> str:
        return self.village.name if self.village_id else str(_("the whole commune"))

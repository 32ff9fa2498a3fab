from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Counts(models.TextChoices):
    """What one successful act of help adds one to."""

    PERSON = "person", _("person")
    HOUSEHOLD = "household", _("household")
    BUSINESS = "business", _("household business / enterprise")


class SessionKind(models.TextChoices):
    """Kinds of group session (outreach.GroupSession); here because a service type may stand for attending one."""

    TRAINING = "training", _("training")
    OUTREACH = "outreach", _("outreach")
    MEETING = "meeting", _("meeting")


class ServiceType(models.Model):
    """A kind of help a team gives (VNeID level 2, online public service, e-wallet...). Data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, help_text=_("Shown on the phone's buttons."))
    counts = models.CharField(_("counts"), max_length=10, choices=Counts.choices, default=Counts.PERSON)
    asks_procedure = models.BooleanField(
        _("asks for the procedure and application code"), default=False,
        help_text=_("For online public services: the procedure's name and the application code."),
    )
    asks_provider = models.BooleanField(_("asks for the payment provider"), default=False)
    asks_digital_address = models.BooleanField(_("asks for the digital address"), default=False)
    # Set: a record of this service is a citizen identified (checked in by CCCD QR, or named) at a group
    # session of this kind, linked to it by AssistanceRecord.session_uuid. The indicators this service feeds
    # are the ones such sessions feed; the field app offers it from a session, not on the home screen.
    session_kind = models.CharField(
        _("attendance at sessions of kind"), max_length=10, choices=SessionKind.choices, blank=True,
        help_text=_("Set for the service that stands for attending a session of this kind (điểm danh)."))
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(counts__in=Counts.values), name="servicetype_counts_valid"),
            models.CheckConstraint(condition=Q(session_kind="") | Q(session_kind__in=SessionKind.values),
                                   name="servicetype_session_kind_valid"),
            models.UniqueConstraint(fields=["session_kind"], condition=~Q(session_kind=""),
                                    name="servicetype_one_per_session_kind"),
        ]

    def __str__(self) -> str:
        return self.name

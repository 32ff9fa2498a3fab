from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils import timezone
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


class InvitationRole(models.TextChoices):
    MEMBER = "member", _("Team member")
    LEADER = "leader", _("Team leader")


# The join link's token is signed with SECRET_KEY under this salt only; no other signature validates as one.
JOIN_TOKEN_SALT = "teams.invitation.join"


def join_signer() -> signing.Signer:
    # Signer honours settings.SECRET_KEY_FALLBACKS: keep the old key there when rotating SECRET_KEY,
    # or every QR code printed before the rotation stops working.
    return signing.Signer(salt=JOIN_TOKEN_SALT)


def new_invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """A single-use, expiring sign-up link into a team, handed over as a printed or on-screen QR code.

    No secret is stored: the link's token is the invitation's id and nonce signed with SECRET_KEY
    (`token`), so a copy of the database (a backup, a dump, an admin screen) cannot open it.
    """

    public_id = models.UUIDField(_("public id"), unique=True, default=uuid.uuid4, editable=False)
    # Not a secret on its own: it only ties a signed token to this very row, so a token signed for a
    # deleted invitation cannot open one that reuses its id (SQLite reuses ids, a restore resets sequences).
    nonce = models.CharField(_("nonce"), max_length=32, default=new_invitation_nonce, editable=False)
    # Invitations created before tokens were signed: the SHA-256 of their random token, so QR codes
    # already printed keep working until they expire (30 days at most). Empty for every newer invitation.
    legacy_token_sha256 = models.CharField(_("digest of the former token"), max_length=64, null=True,
                                           blank=True, unique=True, editable=False)
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=10, choices=InvitationRole.choices, default=InvitationRole.MEMBER)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("used by"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # A member already named on the team's list (imported from a spreadsheet) whose account the
    # invitation activates, instead of creating a new one. Empty for an open invitation.
    member = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("for member"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="member_invitations")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=InvitationRole.values), name="invitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_role_display()} · {self.created_at:%d/%m/%Y}"

    @property
    def commune_id(self) -> int:
        # Lets the audit trail file invitations under the team's commune.
        return self.team.commune_id

    @property
    def token(self) -> str:
        """The key of the join link, re-derived on each call (so the QR code can be printed again), never stored."""
        if self.pk is None:
            raise ValueError("An invitation has a token once it is saved.")
        return join_signer().sign(f"{self.pk}.{self.nonce}")

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_used and not self.is_expired

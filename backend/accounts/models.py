from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Team member")
    LEADER = "leader", _("Team leader")
    OFFICER = "officer", _("Commune officer")
    VIEWER = "viewer", _("Province/district viewer")
    ADMIN = "admin", _("Administrator")


TEAM_ROLES = {Role.MEMBER, Role.LEADER}
UNIT_ROLES = {Role.OFFICER, Role.VIEWER}


class User(AbstractUser):
    """Everyone who signs in. The role and the unit (or team) decide what the user may see."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    team = models.ForeignKey(
        "teams.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="members",
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Commune of an officer, province or district of a viewer, commune of a team member."),
    )
    position = models.CharField(_("position in the team"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=15, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=~Q(role__in=[Role.MEMBER, Role.LEADER]) | Q(team__isnull=False, unit__isnull=False),
                name="team_roles_have_team",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[Role.OFFICER, Role.VIEWER]) | Q(unit__isnull=False),
                name="unit_roles_have_unit",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.team_id and self.role in TEAM_ROLES:
            self.unit_id = self.team.commune_id
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

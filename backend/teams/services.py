"""Writes on teams, their members and invitations. Every one is audited; access is checked by the caller."""

from __future__ import annotations

import datetime
import hashlib

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit.models import Action
from audit.services import audit_log
from orgunits.models import Level, OrgUnit

from .models import Invitation, InvitationRole, Team, join_signer

INVITATION_LIFETIME = datetime.timedelta(days=7)
TEAM_ROLES = (Role.MEMBER, Role.LEADER)


@transaction.atomic
def team_create(*, unit: OrgUnit, name: str, by, decision_ref: str = "", established_on=None) -> Team:
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise ValidationError(_("A team serves a commune or a village."))
    if Team.objects.filter(unit=unit, name=name).exists():
        raise ValidationError(_("This unit already has a team with that name."))
    team = Team.objects.create(unit=unit, name=name, decision_ref=decision_ref, established_on=established_on)
    audit_log(actor=by, action=Action.CREATE, obj=team, changes={"name": name, "unit": unit.name})
    return team


@transaction.atomic
def member_create(
    *, team: Team, username: str, password: str | None, by, role: str = Role.MEMBER,
    first_name: str = "", last_name: str = "", position: str = "", phone: str = "",
) -> User:
    """A member's account. With password=None it cannot sign in until claimed through a member invitation."""
    if role not in TEAM_ROLES:
        raise ValidationError(_("A team member is either a member or a leader."))
    user = User(username=username, first_name=first_name, last_name=last_name, role=role, team=team,
                unit_id=team.commune_id, position=position, phone=phone)
    user.set_password(password)
    user.save()
    audit_log(actor=by, action=Action.CREATE, obj=user,
              changes={"username": username, "team": team.name, "role": role})
    return user


@transaction.atomic
def member_set_role(*, member: User, role: str, by) -> User:
    """Between member and leader only: officers and viewers are made by an administrator."""
    if role not in TEAM_ROLES or member.role not in TEAM_ROLES:
        raise ValidationError(_("Only a team member's role can change, between member and leader."))
    if member.role != role:
        before = member.role
        member.role = role
        member.save(update_fields=["role"])
        audit_log(actor=by, action=Action.UPDATE, obj=member, changes={"role": [before, role]})
    return member


@transaction.atomic
def member_set_active(*, member: User, active: bool, by) -> User:
    """Deactivating stops sign-in and sync; the member's records stay and keep counting."""
    if member.role not in TEAM_ROLES:
        raise ValidationError(_("Only team members are managed here."))
    if member.is_active != active:
        member.is_active = active
        member.save(update_fields=["is_active"])
        audit_log(actor=by, action=Action.UPDATE, obj=member, changes={"is_active": [not active, active]})
        if not active:
            # A phone left signed in must not keep syncing for someone who left the team.
            from rest_framework.authtoken.models import Token

            Token.objects.filter(user=member).delete()
    return member


@transaction.atomic
def invitation_create(*, team: Team, role: str, by, lifetime: datetime.timedelta = INVITATION_LIFETIME,
                      member: User | None = None) -> Invitation:
    """An open invitation into the team, or (member=) the one that lets a listed member claim their account."""
    if role not in InvitationRole.values:
        raise ValidationError(_("An invitation is for a member or a leader."))
    if member is not None and (member.team_id != team.pk or member.has_usable_password()):
        raise ValidationError(_("This member already has an account of their own."))
    invitation = Invitation.objects.create(
        team=team, role=role, created_by=by, member=member,
        expires_at=timezone.now() + lifetime,
    )
    changes = {"team": team.name, "role": role, "expires_at": invitation.expires_at.isoformat()}
    if member is not None:
        changes["member"] = member.username
    audit_log(actor=by, action=Action.CREATE, obj=invitation, changes=changes)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a join link's token opens, used or not; None for a forged, altered or revoked token."""
    invitations = Invitation.objects.select_related("team", "team__unit", "member")
    try:
        value = join_signer().unsign(token)
    except signing.BadSignature:
        # Not signed by us: perhaps a QR code printed before tokens were signed, known by its digest only.
        digest = hashlib.sha256(token.encode()).hexdigest()
        return invitations.filter(legacy_token_sha256=digest).first()
    pk, dot, nonce = value.partition(".")
    if not (pk.isdigit() and dot and nonce):
        return None
    return invitations.filter(pk=int(pk), nonce=nonce).first()


class InvitationUnusable(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why an invitation cannot be used, in words for the newcomer; None when it can."""
    if invitation is None:
        return _("This invitation link is not valid. Ask your commune officer for a new QR code.")
    if invitation.is_used:
        return _("This invitation has already been used. Ask your commune officer for a new QR code.")
    if invitation.is_expired:
        return _("This invitation has expired. Ask your commune officer for a new QR code.")
    if not invitation.team.is_active:
        return _("The team of this invitation is no longer active.")
    member = invitation.member
    if member is not None:
        if member.has_usable_password():
            return _("You have already signed up: sign in with your username and password.")
        if not member.is_active or member.team_id != invitation.team_id:
            return _("This invitation is no longer valid. Ask your commune officer for a new QR code.")
    return None


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, username: str, password: str, first_name: str = "", last_name: str = "",
) -> User:
    """Creates the newcomer's account in the invitation's team. Works once, before it expires.

    A member invitation instead gives the listed member's account its username and password (the
    name, role and team stay as the officer listed them).
    """
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem)
    now = timezone.now()
    # The conditional update is what makes the invitation single-use even under two concurrent scans.
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
    if not claimed:
        raise InvitationUnusable(_("This invitation has already been used. Ask your commune officer for a new QR code."))
    if invitation.member_id:
        user = User.objects.select_for_update().get(pk=invitation.member_id)
        if user.has_usable_password():
            # Another of the member's invitations was used first.
            raise InvitationUnusable(_("You have already signed up: sign in with your username and password."))
        before = user.username
        user.username = username
        user.set_password(password)
        user.save(update_fields=["username", "password"])
        action, changes = Action.UPDATE, {"username": [before, username], "signed_up": True}
    else:
        user = User(username=username, first_name=first_name, last_name=last_name, role=invitation.role,
                    team=invitation.team, unit_id=invitation.team.commune_id)
        user.set_password(password)
        user.save()
        action, changes = Action.CREATE, {"username": username, "team": invitation.team.name, "role": invitation.role}
    invitation.used_at = now
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    audit_log(actor=user, action=action, obj=user, changes={**changes, "invitation": str(invitation.public_id)})
    return user

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import TEAM_ROLES
from audit.models import Action
from audit.services import audit_log
from catalog.models import SessionKind
from orgunits.models import OrgUnit

from .models import GroupSession


@transaction.atomic
def session_create(
    *,
    by,
    client_uuid: uuid.UUID,
    village: OrgUnit | None,
    held_on: datetime.date,
    topic: str,
    attendees: int,
    kind: str = SessionKind.OUTREACH,
    for_team_members: bool = False,
) -> GroupSession:
    """A leader logs a training or outreach session held by their team (village None: the whole commune)."""
    session = GroupSession.objects.create(
        client_uuid=client_uuid, team_id=by.team_id, village=village,
        commune_id=village.parent_id if village is not None else by.team.commune_id,
        held_on=held_on, kind=kind, topic=topic, attendees=attendees, for_team_members=for_team_members,
        created_by=by,
    )
    audit_log(actor=by, action=Action.CREATE, obj=session,
              changes={"kind": kind, "attendees": attendees, "village": session.place})
    return session


def commune_session_errors(*, commune: OrgUnit, team, village: OrgUnit | None, held_on: datetime.date,
                           attendees: int, members) -> dict[str, list[str]]:
    """What is wrong with a session the commune logs (by field); empty when it can be saved."""
    errors: dict[str, list[str]] = {}
    if team is None or team.commune_id != commune.pk:
        errors.setdefault("team", []).append(_("Choose one of the commune's teams."))
    if village is not None and (village.parent_id != commune.pk or village.valid_to is not None):
        errors.setdefault("village", []).append(_("Choose one of the commune's current villages, or the whole commune."))
    if held_on > timezone.localdate():
        errors.setdefault("held_on", []).append(_("The session cannot be in the future."))
    members = list(members)
    strangers = [m for m in members if m.role not in TEAM_ROLES or m.team is None or m.team.commune_id != commune.pk]
    if strangers:
        errors.setdefault("members_present", []).append(_("Only members of the commune's teams can be on the list."))
    if attendees < len(members):
        errors.setdefault("attendees", []).append(
            _("%(n)s members are on the list: the attendees cannot be fewer.") % {"n": len(members)})
    return errors


@transaction.atomic
def commune_session_log(*, by, commune: OrgUnit, team, village: OrgUnit | None, held_on: datetime.date, topic: str,
                        attendees: int, kind: str, for_team_members: bool, members=()) -> GroupSession:
    """The commune (its officer) logs a session held by one of its teams, in a village or for the whole
    commune (village None), with the list of team members present where there was one."""
    members = list(members)
    errors = commune_session_errors(commune=commune, team=team, village=village, held_on=held_on,
                                    attendees=attendees, members=members)
    if errors:
        raise ValidationError(errors)
    session = GroupSession.objects.create(
        team=team, village=village, commune=commune, held_on=held_on, kind=kind, topic=topic, attendees=attendees,
        for_team_members=for_team_members, created_by=by)
    session.members_present.set(members)
    audit_log(actor=by, action=Action.CREATE, obj=session,
              changes={"kind": kind, "attendees": attendees, "village": session.place,
                       "members_present": len(members)})
    return session

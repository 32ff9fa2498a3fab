from __future__ import annotations

import datetime
import uuid

from django.db import transaction

from audit.models import Action
from audit.services import audit_log
from orgunits.models import OrgUnit

from .models import GroupSession, SessionKind


@transaction.atomic
def session_create(
    *,
    by,
    client_uuid: uuid.UUID,
    village: OrgUnit,
    held_on: datetime.date,
    topic: str,
    attendees: int,
    kind: str = SessionKind.OUTREACH,
    for_team_members: bool = False,
) -> GroupSession:
    """A leader logs a training or outreach session held by their team."""
    session = GroupSession.objects.create(
        client_uuid=client_uuid, team_id=by.team_id, village=village, commune_id=village.parent_id,
        held_on=held_on, kind=kind, topic=topic, attendees=attendees, for_team_members=for_team_members,
        created_by=by,
    )
    audit_log(actor=by, action=Action.CREATE, obj=session,
              changes={"kind": kind, "attendees": attendees, "village": village.name})
    return session

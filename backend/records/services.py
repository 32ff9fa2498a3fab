from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import audit_log
from catalog.models import ServiceType
from citizens.models import Citizen, Household
from orgunits.models import OrgUnit

from .models import AssistanceRecord, Outcome, Status

# Fields a member may set or fix on a record; anything else is the server's or the reviewer's.
MEMBER_FIELDS = (
    "service_type", "outcome", "outcome_reason", "outcome_note", "village", "occurred_at", "place",
    "citizen", "household", "latitude", "longitude", "note", "procedure_name", "application_code",
    "payment_provider",
)


@transaction.atomic
def record_create(
    *,
    member,
    service_type: ServiceType,
    village: OrgUnit,
    occurred_at,
    client_uuid: uuid.UUID | None = None,
    outcome: str = Outcome.SUCCESS,
    citizen: Citizen | None = None,
    household: Household | None = None,
    client_version: int = 1,
    **fields: Any,
) -> AssistanceRecord:
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"record_create got fields a member may not set: {sorted(unknown)}")
    record = AssistanceRecord.objects.create(
        client_uuid=client_uuid or uuid.uuid4(),
        client_version=client_version,
        member=member,
        team_id=member.team_id,
        service_type=service_type,
        village=village,
        commune_id=village.parent_id,
        occurred_at=occurred_at,
        outcome=outcome,
        citizen=citizen,
        household=household,
        **fields,
    )
    audit_log(actor=member, action=Action.CREATE, obj=record,
              changes={"service": service_type.code, "outcome": outcome, "village": village.name})
    return record


@transaction.atomic
def record_review(*, record: AssistanceRecord, by, status: str, reason: str = "") -> AssistanceRecord:
    """Approve, return for correction or reject. Returns and rejections carry a reason."""
    action = {Status.APPROVED: Action.APPROVE, Status.RETURNED: Action.RETURN, Status.REJECTED: Action.REJECT}[status]
    before = record.status
    record.status = status
    record.review_reason = reason if status != Status.APPROVED else ""
    record.reviewed_by = by
    record.reviewed_at = timezone.now()
    record.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at", "updated_at"])
    audit_log(actor=by, action=action, obj=record, changes={"status": [before, status], "reason": reason})
    return record

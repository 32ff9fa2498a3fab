from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from audit.models import Action
from audit.services import audit_event, audit_log, audit_log_many, model_changes
from catalog.models import ServiceType
from citizens.models import Citizen, Household
from orgunits.models import OrgUnit
from orgunits.selectors import commune_ids_within

from .models import AssistanceRecord, Outcome, Status
from .photos import photo_process


class RecordNotEditable(PermissionError):
    """The record was reviewed (or is someone else's): a member's change cannot land on it."""


# Fields a member may set or fix on a record; anything else is the server's or the reviewer's.
MEMBER_FIELDS = (
    "service_type", "outcome", "outcome_reason", "outcome_note", "village", "occurred_at", "place",
    "citizen", "household", "latitude", "longitude", "note", "procedure_name", "application_code",
    "payment_provider", "appointment_on", "follows", "session_uuid",
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
    _check_local_citizen(citizen, commune_id=village.parent_id)
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


def record_lock(record: AssistanceRecord) -> AssistanceRecord:
    """The record as it stands now, its row locked until the transaction ends.

    A member's fix and an officer's decision both take this lock first, so they follow each other:
    a fix cannot land on a record approved meanwhile, nor a decision on content it did not see.
    """
    locked = AssistanceRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    # The caller's loaded relations stay valid for the ids that did not change.
    for field in ("service_type", "village", "commune", "member", "citizen"):
        if field in record._state.fields_cache and getattr(locked, f"{field}_id") == getattr(record, f"{field}_id"):
            setattr(locked, field, getattr(record, field))
    return locked


def records_approve_many(*, records: list[AssistanceRecord], by) -> int:
    """Approves submitted records already locked by the caller, in one statement, audited in one more.

    No signals are sent: the caller keeps the summary table (indicators.upkeep), as a bulk review does.
    """
    ids = [r.pk for r in records]
    if not ids:
        return 0
    now = timezone.now()
    AssistanceRecord.objects.filter(pk__in=ids).update(
        status=Status.APPROVED, review_reason="", reviewed_by=by, reviewed_at=now, updated_at=now)
    audit_log_many([
        audit_event(actor=by, action=Action.APPROVE, obj=r, changes={"status": [r.status, Status.APPROVED], "reason": ""})
        for r in records
    ])
    return len(ids)


@transaction.atomic
def record_update(*, record: AssistanceRecord, by, client_version: int, **fields: Any) -> AssistanceRecord:
    """A member fixes their own record before it is approved or rejected.

    A record the officer returned goes back to the queue ("submitted") once fixed. The phone's
    version number only grows, so a replayed older edit never overwrites a newer one.
    Raises RecordNotEditable when the record was reviewed meanwhile (read under the row's lock).
    """
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"record_update got fields a member may not set: {sorted(unknown)}")
    record = record_lock(record)
    if record.member_id != by.pk or not record.is_editable_by_member:
        raise RecordNotEditable("only the member who logged it may change a record, until it is reviewed")
    if "village" in fields:
        fields["commune_id"] = fields["village"].parent_id
    if "citizen" in fields or "village" in fields:
        _check_local_citizen(fields["citizen"] if "citizen" in fields else record.citizen,
                             commune_id=fields.get("commune_id", record.commune_id))
    before = {key: getattr(record, key) for key in fields}
    for key, value in fields.items():
        setattr(record, key, value)
    record.client_version = client_version
    record.version += 1
    changes = model_changes(
        {k: _audit_value(v) for k, v in before.items()}, {k: _audit_value(v) for k, v in fields.items()}
    )
    update_fields = [*fields, "client_version", "version", "updated_at"]
    resubmitted = record.status == Status.RETURNED
    if resubmitted:
        changes["status"] = [record.status, Status.SUBMITTED]
        changes["previous_reason"] = record.review_reason
        record.status = Status.SUBMITTED
        record.review_reason = ""
        record.reviewed_by = None
        record.reviewed_at = None
        update_fields += ["status", "review_reason", "reviewed_by", "reviewed_at"]
    record.save(update_fields=update_fields)
    audit_log(actor=by, action=Action.RESUBMIT if resubmitted else Action.UPDATE, obj=record, changes=changes)
    return record


def _check_local_citizen(citizen: Citizen | None, *, commune_id: int) -> None:
    # Identity is local: a record names its own commune's copy of the person (citizens.services),
    # or the copy of a commune merged into its commune, whose history it now holds.
    if citizen is None or citizen.commune_id == commune_id:
        return
    if citizen.commune_id not in commune_ids_within(unit=OrgUnit.objects.get(pk=commune_id)):
        raise ValueError("a record's citizen must be its own commune's copy (citizens.services.citizen_resolve)")


def _audit_value(value):
    # The audit trail names things; it never holds personal data such as a citizen's name.
    if isinstance(value, Citizen):
        return f"citizen #{value.pk}"
    if isinstance(value, ServiceType):
        return value.code
    if isinstance(value, OrgUnit):
        return value.name
    return value


@transaction.atomic
def record_set_photo(*, record: AssistanceRecord, by, upload) -> AssistanceRecord:
    """Set (or replace) the record's evidence photo. Sending the same photo again changes nothing visible.

    Raises RecordNotEditable when the record was reviewed meanwhile.
    """
    photo, thumb = photo_process(upload)
    record = record_lock(record)
    if record.member_id != by.pk or not record.is_editable_by_member:
        raise RecordNotEditable("only the member who logged it may change a record, until it is reviewed")
    old = [f.name for f in (record.photo, record.photo_thumb) if f]
    record.photo.save(photo.name, photo, save=False)
    record.photo_thumb.save(thumb.name, thumb, save=False)
    record.version += 1
    record.save(update_fields=["photo", "photo_thumb", "version", "updated_at"])
    storage = record.photo.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in old if name not in (
        record.photo.name, record.photo_thumb.name)])
    audit_log(actor=by, action=Action.UPDATE, obj=record, changes={"photo": [bool(old), True]})
    return record

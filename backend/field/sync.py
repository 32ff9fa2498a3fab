"""The offline sync: a phone sends what it logged, the server answers record by record.

Rules the phone relies on:
- idempotent by client UUID: a record received before answers "exists" with the server's copy; sent
  again under the same version but with different content, it answers "conflict" with the server's copy
  and the fields that differ (nothing is overwritten, nothing is dropped without a word);
- never all-or-nothing: each record is saved (or refused) in its own transaction;
- an edit carries a higher client_version and applies only to the member's own record while it is
  still editable; a record the officer returned goes back to "submitted";
- the CCCD number goes from the payload to citizens.services and nowhere else (no log, no audit).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from accounts.scopes import can_log_sessions
from catalog.models import ServiceType
from citizens.cccd import cccd_hash, normalize_cccd
from citizens.models import HouseholdKind
from citizens.services import (
    CitizenInput,
    HouseholdInput,
    address_key,
    citizen_correct,
    citizen_resolve,
    household_resolve,
)
from outreach.models import GroupSession
from outreach.selectors import sessions_visible_to
from outreach.serializers import SessionInSerializer, SessionSerializer
from outreach.services import session_create
from records.selectors import capture_villages_for, own_records
from records.serializers import RecordInSerializer, RecordSerializer
from records.services import RecordNotEditable, record_create, record_update

MAX_BATCH = 200

CREATED, EXISTS, UPDATED, INVALID, CONFLICT = "created", "exists", "updated", "invalid", "conflict"
# What a record's content is made of, as the phone sends it (citizen compared apart).
CONTENT_FIELDS = ("service_type", "village", "occurred_at", "outcome", "outcome_reason", "outcome_note", "place",
                  "latitude", "longitude", "note", "procedure_name", "application_code", "payment_provider",
                  "appointment_on", "follows", "session_uuid")
SESSION_FIELDS = ("village", "held_on", "kind", "topic", "attendees", "for_team_members")


@dataclass
class SyncContext:
    user: Any
    villages: dict[int, Any]
    service_types: dict[str, ServiceType]
    known: dict[uuid.UUID, Any] = field(default_factory=dict)
    # One serializer of each kind for the whole batch: building DRF fields 200 times is the slow part.
    reader: RecordInSerializer | None = None
    writer: RecordSerializer | None = None

    def __post_init__(self):
        context = {"villages": self.villages, "service_types": self.service_types, "user": self.user}
        self.reader = RecordInSerializer(context=context)
        self.writer = RecordSerializer(context={"user": self.user})

    def serializer_context(self) -> dict:
        return self.reader.context


@transaction.atomic
def sync_batch(*, user, records: list, sessions: list) -> dict:
    """Apply one batch; returns {"records": [result...], "sessions": [result...]} in the order sent.

    One transaction for the batch, one savepoint per record: a refused record rolls back alone.
    """
    villages = {v.pk: v for v in capture_villages_for(user=user).select_related("parent")}
    services = {s.code: s for s in ServiceType.objects.filter(is_active=True)}
    ctx = SyncContext(user=user, villages=villages, service_types=services)
    uuids = [_as_uuid(item.get("client_uuid")) for item in records if isinstance(item, dict)]
    # The batch's known records are locked at once, in one order: an officer's decision on one of them
    # waits for this batch, or this batch sees it (records.services.record_lock), without deadlock.
    known = own_records(user=user).filter(client_uuid__in=[u for u in uuids if u]).order_by("pk")
    ctx.known = {r.client_uuid: r for r in _with_relations(known).select_for_update(of=("self",))}
    # Sessions first: a citizen checked in at a session may come in the same batch as the session.
    session_results = [_sync_session(ctx, item) for item in sessions]
    return {"records": [_sync_record(ctx, item) for item in records], "sessions": session_results}


def _with_relations(qs):
    return qs.select_related("service_type", "village", "commune", "member", "citizen", "follows", "household")


def _as_uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _copy(ctx: SyncContext, record) -> dict:
    return ctx.writer.to_representation(record)


def _invalid(client_uuid, errors: dict, record=None, ctx: SyncContext | None = None) -> dict:
    result = {"client_uuid": str(client_uuid)[:64] if client_uuid is not None else None, "result": INVALID,
              "errors": errors}
    if record is not None and ctx is not None:
        result["record"] = _copy(ctx, record)
    return result


def _sync_record(ctx: SyncContext, item) -> dict:
    if not isinstance(item, dict):
        return _invalid(None, {"non_field_errors": [_("Each record must be an object.")]})
    client_uuid = _as_uuid(item.get("client_uuid"))
    if client_uuid is None:
        return _invalid(item.get("client_uuid"), {"client_uuid": [_("Must be a valid UUID.")]})
    existing = ctx.known.get(client_uuid)
    if existing is not None and _version(item) < existing.client_version:
        return {"client_uuid": str(client_uuid), "result": EXISTS, "record": _copy(ctx, existing)}
    if existing is not None and _version(item) == existing.client_version:
        return _resent(ctx, client_uuid, existing, item)

    try:
        data = dict(ctx.reader.run_validation(item))
    except serializers.ValidationError as exc:
        return _invalid(client_uuid, serializers.as_serializer_error(exc), existing, ctx)
    if existing is not None and not existing.is_editable_by_member:
        return _invalid(client_uuid, {"non_field_errors": [
            _("This record has already been reviewed and can no longer be changed.")]}, existing, ctx)
    session_errors = _session_errors(data)
    if session_errors:
        return _invalid(client_uuid, {"session": session_errors}, existing, ctx)
    try:
        return _save(ctx, client_uuid, existing, data)
    except RecordNotEditable:
        existing.refresh_from_db()
        return _invalid(client_uuid, {"non_field_errors": [
            _("This record has already been reviewed and can no longer be changed.")]}, existing, ctx)
    except IntegrityError:
        # Another request saved the same UUID between our read and our write (a retried sync).
        again = _with_relations(own_records(user=ctx.user).filter(client_uuid=client_uuid)).first()
        if again is not None:
            ctx.known[client_uuid] = again
            return {"client_uuid": str(client_uuid), "result": EXISTS, "record": _copy(ctx, again)}
        return _invalid(client_uuid, {"client_uuid": [_("This identifier is already used by another record.")]})


def _session_errors(data: dict) -> list[str]:
    """A check-in names a session of the record's commune, of the service's kind, held on the record's day."""
    if data.get("session_uuid") is None:
        return []
    village, service = data["village"], data["service_type"]
    session = GroupSession.objects.filter(client_uuid=data["session_uuid"], commune_id=village.parent_id).first()
    if session is None:
        return [_("The session has not reached the server, or was held in another commune: send the session first.")]
    if session.kind != service.session_kind:
        return [_("This check-in is for a session of another kind.")]
    if timezone.localtime(data["occurred_at"]).date() != session.held_on:
        return [_("A check-in is dated on the day of its session (%(day)s).") % {"day": f"{session.held_on:%d/%m/%Y}"}]
    return []


def _resent(ctx: SyncContext, client_uuid: uuid.UUID, existing, item: dict) -> dict:
    """The same record and version again: a retry (the answer was lost) is "exists"; other content, a conflict.

    A member's edit carries a higher version (the phone adds one), so it never arrives here.
    """
    try:
        data = dict(ctx.reader.run_validation(item))
    except serializers.ValidationError:
        differing = None  # what is stored was valid: content that is not, differs
    else:
        differing = _record_differences(existing, data)
        if not differing:
            return {"client_uuid": str(client_uuid), "result": EXISTS, "record": _copy(ctx, existing)}
    return _conflict(client_uuid, differing, record=_copy(ctx, existing))


def _conflict(client_uuid, differing: list[str] | None, **copy) -> dict:
    return {"client_uuid": str(client_uuid), "result": CONFLICT, **copy, "fields": differing or [],
            "errors": {"non_field_errors": [_(
                "The server already has this record under the same identifier, with different content. Keep "
                "the server's copy, or send yours again as a correction.")]}}


def _record_differences(record, data: dict) -> list[str]:
    out = []
    for key in CONTENT_FIELDS:
        sent, stored = data.get(key), getattr(record, key)
        if hasattr(sent, "pk"):
            sent, stored = sent.pk, getattr(record, f"{key}_id")
        elif key in ("latitude", "longitude"):
            sent, stored = (None if v is None else Decimal(v) for v in (sent, stored))
        if sent != stored:
            out.append(key)
    followed, sent = data.get("follows"), data.get("citizen")
    if followed is not None and followed.citizen_id and not (sent and sent.get("cccd")):
        # A return visit without a CCCD helps the first visit's person (_save), whatever name was shown.
        if record.citizen_id != followed.citizen_id:
            out.append("citizen")
    elif _citizen_differs(record.citizen, sent):
        out.append("citizen")
    if _household_differs(record, data.get("household")):
        out.append("household")
    return out


def _household_differs(record, sent: dict | None) -> bool:
    given = HouseholdInput(**sent) if sent else None
    household = record.household
    if given is None or given.is_empty:
        return household is not None
    if household is None:
        return True
    if given.address_code:
        return address_key(household.digital_address) != given.address_code
    return bool(household.digital_address) or (given.name and given.name != household.name)


def _citizen_differs(citizen, sent: dict | None) -> bool:
    given = CitizenInput(**sent) if sent else None
    if given is None or given.is_empty:
        return citizen is not None
    if citizen is None:
        return True
    number = normalize_cccd(given.cccd)
    if number and citizen.cccd_hash:
        # The same person by CCCD; their name may since have been corrected through another record.
        return cccd_hash(number) != citizen.cccd_hash
    typed = (given.full_name.strip()[:120], given.birth_year, given.gender or "")
    return typed != (citizen.full_name, citizen.birth_year, citizen.gender)


def _version(item: dict) -> int:
    try:
        return int(item.get("client_version") or 1)
    except (TypeError, ValueError):
        return 1


@transaction.atomic
def _save(ctx: SyncContext, client_uuid: uuid.UUID, existing, data: dict) -> dict:
    data.pop("client_uuid")
    version = data.pop("client_version")
    citizen_data = data.pop("citizen", None)
    village = data["village"]
    fields = {k: v for k, v in data.items() if k != "household"}
    followed = fields.get("follows")
    if followed is not None and followed.citizen_id and followed.commune_id == village.parent_id and not (
            citizen_data and citizen_data.get("cccd")):
        # A return visit helps the person of the first visit: the same citizen, counted once, nothing retyped.
        fields["citizen"] = followed.citizen
        if citizen_data and not CitizenInput(**citizen_data).is_empty:
            fields["citizen"] = citizen_correct(citizen=followed.citizen, data=CitizenInput(**citizen_data),
                                                by=ctx.user)
    elif citizen_data:
        citizen_input = CitizenInput(**citizen_data)
        if citizen_input.is_empty:
            fields["citizen"] = None
        elif existing is not None and existing.citizen_id and not citizen_input.cccd:
            # The phone forgets the CCCD after sync: a fix without it still means the same person.
            fields["citizen"] = citizen_correct(citizen=existing.citizen, data=citizen_input, by=ctx.user)
        else:
            fields["citizen"] = citizen_resolve(commune=village.parent, data=citizen_input, by=ctx.user)
    elif existing is None:
        fields["citizen"] = None
    _resolve_household(ctx, existing, data=data.get("household"), fields=fields, village=village)
    if existing is None:
        record = record_create(member=ctx.user, client_uuid=client_uuid, client_version=version, **fields)
        result = CREATED
    else:
        record = record_update(record=existing, by=ctx.user, client_version=version, **fields)
        result = UPDATED
    record.commune = village.parent  # loaded with the villages; spares a query per record
    ctx.known[client_uuid] = record
    return {"client_uuid": str(client_uuid), "result": result, "record": _copy(ctx, record)}


def _resolve_household(ctx: SyncContext, existing, *, data: dict | None, fields: dict, village) -> None:
    """The household a household- or business-counted record names: the same address (or head) is one household.

    A record sent without a household block keeps the one it had (an older phone's edit); an empty block
    clears it.
    """
    if data is None:
        if existing is None:
            fields["household"] = None
        return
    given = HouseholdInput(**data)
    head = fields.get("citizen", existing.citizen if existing is not None else None)
    if existing is not None and existing.household_id and not _household_differs(existing, data) and (
            not given.head_is_citizen or existing.household.head_id == getattr(head, "pk", None)):
        return  # the same household as before: nothing to look up
    kind = HouseholdKind.BUSINESS if fields["service_type"].counts == "business" else HouseholdKind.HOUSEHOLD
    fields["household"] = household_resolve(village=village, data=given, head=head, kind=kind)


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


def _sync_session(ctx: SyncContext, item) -> dict:
    if not isinstance(item, dict):
        return _invalid(None, {"non_field_errors": [_("Each session must be an object.")]})
    client_uuid = _as_uuid(item.get("client_uuid"))
    if client_uuid is None:
        return _invalid(item.get("client_uuid"), {"client_uuid": [_("Must be a valid UUID.")]})
    if not can_log_sessions(ctx.user):
        return _invalid(client_uuid, {"non_field_errors": [_("Only a team leader logs group sessions.")]})
    existing = sessions_visible_to(user=ctx.user).filter(client_uuid=client_uuid, created_by=ctx.user).first()
    serializer = SessionInSerializer(data=item, context=ctx.serializer_context())
    valid = serializer.is_valid()
    if existing is not None:
        # A session cannot be edited once sent: the same one again is "exists", different content a conflict.
        data = serializer.validated_data if valid else {}
        differing = [k for k in SESSION_FIELDS if not valid or _plain(data.get(k)) != getattr(
            existing, "village_id" if k == "village" else k)]
        copy = SessionSerializer(existing).data
        if not differing:
            return {"client_uuid": str(client_uuid), "result": EXISTS, "session": copy}
        return _conflict(client_uuid, differing if valid else None, session=copy)
    if not valid:
        return _invalid(client_uuid, serializer.errors)
    try:
        with transaction.atomic():
            session = session_create(by=ctx.user, **serializer.validated_data)
    except IntegrityError:
        again = sessions_visible_to(user=ctx.user).filter(client_uuid=client_uuid, created_by=ctx.user).first()
        if again is None:
            return _invalid(client_uuid, {"client_uuid": [_("This identifier is already used by another record.")]})
        return {"client_uuid": str(client_uuid), "result": EXISTS, "session": SessionSerializer(again).data}
    return {"client_uuid": str(client_uuid), "result": CREATED, "session": SessionSerializer(session).data}

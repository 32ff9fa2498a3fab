from __future__ import annotations

from typing import Any

from django.db import models

from .models import Action, AuditEvent


def _commune_id_of(obj: models.Model) -> int | None:
    """The commune an object belongs to, so the audit view can be scoped like everything else."""
    if getattr(obj, "commune_id", None):
        return obj.commune_id
    if obj._meta.label_lower == "orgunits.orgunit":
        # A commune is its own; a village is its commune's.
        return obj.pk if obj.level == "commune" else obj.parent_id if obj.level == "village" else None
    unit = getattr(obj, "unit", None) or getattr(obj, "village", None)
    level = getattr(unit, "level", None)
    if level == "commune":
        return unit.pk
    if level == "village":
        return unit.parent_id
    return None


def audit_log(*, actor, action: Action | str, obj: models.Model, changes: dict[str, Any] | None = None) -> AuditEvent:
    """Record one event. `changes` maps a field name to [old, new] (or to a value for creations)."""
    event = audit_event(actor=actor, action=action, obj=obj, changes=changes)
    event.save()
    return event


def audit_log_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Record the events made by audit_event() in one statement (a bulk decision)."""
    return AuditEvent.objects.bulk_create(events)


def audit_event(*, actor, action: Action | str, obj: models.Model, changes: dict[str, Any] | None = None) -> AuditEvent:
    """An event not yet saved: see audit_log and audit_log_many."""
    return AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "client_uuid", None) or obj.pk),
        object_repr=str(obj)[:200],
        commune_id=_commune_id_of(obj),
        changes=_jsonable(changes or {}),
    )


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def model_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}

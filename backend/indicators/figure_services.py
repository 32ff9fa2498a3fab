"""Writes of the officer-entered figures of a period: indicator figures and figures from other systems.

Kept apart from services.py (the summary table's upkeep). Access is checked by the caller; every
change is audited.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_log
from orgunits.models import OrgUnit

from .models import FIGURE_PARTS, EnteredFigure, ManualFigure


def parts_over_whole(*, values: dict[str, int | None],
                     pairs: Iterable[tuple[str, str]] = FIGURE_PARTS) -> list[tuple[str, str]]:
    """The (part, whole) pairs whose part, both given, is larger than its whole."""
    return [(part, whole) for part, whole in pairs
            if values.get(part) is not None and values.get(whole) is not None and values[part] > values[whole]]


def _upsert(*, model, lookup: dict, value: int | None, as_of: datetime.date, source_note: str, by) -> bool:
    """Create, change or (value None) delete one figure; audit it. True when something changed."""
    existing = model.objects.filter(**lookup).first()
    if value is None:
        if existing is None:
            return False
        audit_log(actor=by, action=Action.DELETE, obj=existing, changes={"value": [existing.value, None]})
        existing.delete()
        return True
    if existing is None:
        obj = model.objects.create(**lookup, value=value, as_of=as_of, source_note=source_note)
        audit_log(actor=by, action=Action.CREATE, obj=obj, changes={"value": value, "as_of": as_of.isoformat()})
        return True
    changes = {}
    if existing.value != value:
        changes["value"] = [existing.value, value]
    if existing.as_of != as_of:
        changes["as_of"] = [existing.as_of.isoformat(), as_of.isoformat()]
    if source_note and existing.source_note != source_note:
        changes["source_note"] = [existing.source_note, source_note]
    if not changes:
        return False
    existing.value, existing.as_of = value, as_of
    existing.source_note = source_note or existing.source_note
    existing.save()
    audit_log(actor=by, action=Action.UPDATE, obj=existing, changes=changes)
    return True


@transaction.atomic
def entered_figures_save(*, unit: OrgUnit, period_key: str, as_of: datetime.date, by,
                         figures: dict[str, int | None], indicator_values: dict[int, int | None],
                         source_note: str = "") -> int:
    """Saves a unit's figures of one period: other systems' figures (None clears one) and the entered
    indicator figures as of `as_of` (ManualFigure). Returns how many changed."""
    if parts_over_whole(values=figures):
        raise ValidationError(_("A part cannot be larger than its whole."))
    if any(v is not None and v < 0 for v in [*figures.values(), *indicator_values.values()]):
        raise ValidationError(_("A figure cannot be negative."))
    changed = 0
    for kind, value in figures.items():
        changed += _upsert(model=EnteredFigure, lookup={"unit": unit, "period_key": period_key, "kind": kind},
                           value=value, as_of=as_of, source_note=source_note, by=by)
    for indicator_id, value in indicator_values.items():
        changed += _upsert(model=ManualFigure, lookup={"unit": unit, "indicator_id": indicator_id, "as_of": as_of},
                           value=value, as_of=as_of, source_note=source_note, by=by)
    return changed

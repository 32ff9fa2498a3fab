"""Writes of the officer-entered figures of a period: indicator figures and figures from other systems.

Kept apart from services.py (the summary table's upkeep). Access is checked by the caller; every
change is audited.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_log
from catalog.models import Counts
from orgunits.models import Level, OrgUnit
from periods.periods import period_from_key

from .models import (
    FIGURE_PARTS,
    DenominatorKind,
    EnteredFigure,
    Indicator,
    IndicatorEntry,
    ManualFigure,
    Source,
)


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


# ---------------------------------------------------------------- indicators of a unit's own plan

def plan_indicator_errors(*, unit: OrgUnit, name: str, denominator_kind: str, first_year: int | None,
                          last_year: int | None) -> dict[str, list[str]]:
    """Field errors, in Vietnamese, for an indicator an officer adds to a commune's plan."""
    errors: dict[str, list[str]] = {}
    if unit.level != Level.COMMUNE:
        errors["unit"] = [_("Indicators are added to a commune's plan.")]
    if len(" ".join((name or "").split())) < 10:
        errors["name"] = [_("Write the indicator as the plan words it (at least 10 characters).")]
    elif Indicator.objects.filter(Q(unit__isnull=True) | Q(unit=unit), name__iexact=" ".join(name.split())).exists():
        errors["name"] = [_("The plan already has an indicator with this wording.")]
    if denominator_kind not in DenominatorKind.values:
        errors["denominator_kind"] = [_("Choose what the indicator is measured over.")]
    if first_year is None:
        errors["first_year"] = [_("Give the first year of the plan.")]
    elif last_year is not None and last_year < first_year:
        errors["last_year"] = [_("The last plan year cannot be before the first.")]
    return errors


@transaction.atomic
def plan_indicator_add(*, unit: OrgUnit, name: str, denominator_kind: str, first_year: int,
                       last_year: int | None, by) -> Indicator:
    """An entered indicator (n of N per period) added by the commune's officer to the commune's own plan.

    Its numerator is never derived from records, so the summary table is not concerned.
    """
    errors = plan_indicator_errors(unit=unit, name=name, denominator_kind=denominator_kind, first_year=first_year,
                                   last_year=last_year)
    if errors:
        raise ValidationError(errors)
    indicator = Indicator.objects.create(
        code=f"u{unit.pk}-{uuid.uuid4().hex[:8]}", name=" ".join(name.split())[:255],
        denominator_kind=denominator_kind, source=Source.MANUAL, counts=Counts.PERSON, unit=unit,
        first_year=first_year, last_year=last_year, sort_order=900)
    audit_log(actor=by, action=Action.CREATE, obj=indicator, changes={
        "name": indicator.name, "denominator_kind": denominator_kind, "first_year": first_year,
        "last_year": last_year})
    return indicator


def indicator_entry_errors(*, indicator: Indicator, unit: OrgUnit, period_key: str, numerator: int | None,
                           denominator: int | None) -> dict[str, list[str]]:
    """Field errors, in Vietnamese, for n of N of an entered indicator of the unit's own plan."""
    errors: dict[str, list[str]] = {}
    if indicator.unit_id != unit.pk:
        errors["indicator"] = [_("This indicator is not in this unit's plan.")]
    try:
        period = period_from_key(period_key)
    except ValueError as exc:
        errors["period_key"] = [str(exc)]
    else:
        if not indicator.applies_in(period.year):
            errors["period_key"] = [_("The plan of this indicator does not cover %(year)s.") % {"year": period.year}]
    if denominator is None or denominator <= 0:
        errors["denominator"] = [_("The whole (N) must be at least 1.")]
    if numerator is None or numerator < 0:
        errors["numerator"] = [_("The count achieved (n) cannot be negative.")]
    elif denominator is not None and numerator > denominator:
        errors["numerator"] = [_("The count achieved (%(n)s) cannot be larger than the whole (%(whole)s).")
                               % {"n": numerator, "whole": denominator}]
    return errors


@transaction.atomic
def indicator_entry_save(*, indicator: Indicator, unit: OrgUnit, period_key: str, numerator: int,
                         denominator: int, as_of: datetime.date, by, source_note: str = "") -> IndicatorEntry:
    """n of N of an entered indicator for one period: created, or the period's entry corrected. Audited."""
    errors = indicator_entry_errors(indicator=indicator, unit=unit, period_key=period_key, numerator=numerator,
                                    denominator=denominator)
    if errors:
        raise ValidationError(errors)
    key = period_from_key(period_key).key
    entry = IndicatorEntry.objects.filter(indicator=indicator, unit=unit, period_key=key).first()
    if entry is None:
        entry = IndicatorEntry.objects.create(indicator=indicator, unit=unit, period_key=key, numerator=numerator,
                                              denominator=denominator, as_of=as_of, source_note=source_note)
        audit_log(actor=by, action=Action.CREATE, obj=entry, changes={
            "period": key, "numerator": numerator, "denominator": denominator})
        return entry
    changes = {f: [getattr(entry, f), v] for f, v in (("numerator", numerator), ("denominator", denominator))
               if getattr(entry, f) != v}
    entry.numerator, entry.denominator, entry.as_of = numerator, denominator, as_of
    entry.source_note = source_note or entry.source_note
    entry.save()
    audit_log(actor=by, action=Action.UPDATE, obj=entry, changes=changes)
    return entry

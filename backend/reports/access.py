"""Who may open which unit's reports: every check goes through accounts.scopes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.scopes import can_read_figures, is_admin, units_for
from orgunits.models import Level, OrgUnit

WRITABLE_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def report_unit_for(user, pk: int) -> OrgUnit:
    """The unit if the user may read its reports; 403 for team members, 404 outside the user's scope."""
    if not can_read_figures(user):
        raise PermissionDenied
    return get_object_or_404(units_for(user), pk=pk)


def report_units_for(user):
    """The units a reader may open reports of (provinces, districts, communes; current and former)."""
    if not can_read_figures(user):
        raise PermissionDenied
    return units_for(user).exclude(level=Level.VILLAGE)


def home_unit_for(user) -> OrgUnit | None:
    if is_admin(user):
        return OrgUnit.objects.filter(level="province").order_by("name").first()
    if can_read_figures(user):
        return user.unit
    raise PermissionDenied


def can_write_report(user, unit: OrgUnit) -> bool:
    """The report of a unit is written by that unit: the commune's officer, the province's viewer."""
    if unit.level not in WRITABLE_LEVELS:
        return False
    if is_admin(user):
        return True
    return can_read_figures(user) and user.unit_id == unit.pk


def writable_units(user):
    """The units whose reports the user writes (officer: the commune; viewer: the province)."""
    if not can_read_figures(user):
        raise PermissionDenied
    if is_admin(user):
        return OrgUnit.objects.filter(level__in=WRITABLE_LEVELS, successor__isnull=True).order_by("level", "name")
    return OrgUnit.objects.filter(pk=user.unit_id, level__in=WRITABLE_LEVELS)


def readable_units(user):
    if not can_read_figures(user):
        raise PermissionDenied
    return units_for(user)

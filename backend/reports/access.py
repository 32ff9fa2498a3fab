"""Who may open which unit's reports: every check goes through accounts.scopes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.scopes import is_admin, units_for
from orgunits.models import Level, OrgUnit

READERS = {Role.OFFICER, Role.VIEWER}
WRITABLE_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def _is_reader(user) -> bool:
    return is_admin(user) or (user.is_authenticated and user.role in READERS)


def report_unit_for(user, pk: int) -> OrgUnit:
    """The unit if the user may read its reports; 403 for team members, 404 outside the user's scope."""
    if not _is_reader(user):
        raise PermissionDenied
    return get_object_or_404(units_for(user), pk=pk)


def home_unit_for(user) -> OrgUnit | None:
    if is_admin(user):
        return OrgUnit.objects.filter(level="province").order_by("name").first()
    if user.role in READERS:
        return user.unit
    raise PermissionDenied


def can_write_report(user, unit: OrgUnit) -> bool:
    """The report of a unit is written by that unit: the commune's officer, the province's viewer."""
    if unit.level not in WRITABLE_LEVELS:
        return False
    if is_admin(user):
        return True
    return user.is_authenticated and user.role in READERS and user.unit_id == unit.pk


def writable_units(user):
    """The units whose reports the user writes (officer: the commune; viewer: the province)."""
    if not _is_reader(user):
        raise PermissionDenied
    if is_admin(user):
        return OrgUnit.objects.filter(level__in=WRITABLE_LEVELS, successor__isnull=True).order_by("level", "name")
    return OrgUnit.objects.filter(pk=user.unit_id, level__in=WRITABLE_LEVELS)


def readable_units(user):
    if not _is_reader(user):
        raise PermissionDenied
    return units_for(user)

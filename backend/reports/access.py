"""Who may open which unit's reports: every check goes through accounts.scopes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.scopes import is_admin, units_for
from orgunits.models import Level, OrgUnit

READERS = {Role.OFFICER, Role.VIEWER}


def report_unit_for(user, pk: int) -> OrgUnit:
    """The unit if the user may read its reports; 403 for team members, 404 outside the user's scope."""
    if not (is_admin(user) or (user.is_authenticated and user.role in READERS)):
        raise PermissionDenied
    return get_object_or_404(units_for(user), pk=pk)


def report_units_for(user):
    """The units a reader may open reports of (provinces, districts, communes; current and former)."""
    if not (is_admin(user) or (user.is_authenticated and user.role in READERS)):
        raise PermissionDenied
    return units_for(user).exclude(level=Level.VILLAGE)


def home_unit_for(user) -> OrgUnit | None:
    if is_admin(user):
        return OrgUnit.objects.filter(level="province").order_by("name").first()
    if user.role in READERS:
        return user.unit
    raise PermissionDenied

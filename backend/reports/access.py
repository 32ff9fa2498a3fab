"""Who may open which unit's reports: every check goes through accounts.scopes."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.scopes import can_read_figures, is_admin, units_for
from orgunits.models import Level, OrgUnit


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

"""The one place that decides what a user may see and do.

Every view, API view, admin page and export builds its querysets from these helpers, never from
`Model.objects.all()`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from orgunits.models import Level, OrgUnit
from orgunits.selectors import commune_ids_within, unit_with_history_ids

from .models import Role


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def commune_ids_for(user) -> list[int] | None:
    """Communes whose data the user may read; None means every commune (administrators)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if is_admin(user):
        return None
    if user.unit_id is None:
        return []
    unit = user.unit
    if user.role in (Role.MEMBER, Role.LEADER, Role.OFFICER):
        return commune_ids_within(unit=unit) if unit.level == Level.COMMUNE else [unit.commune.pk]
    if user.role == Role.VIEWER:
        return commune_ids_within(unit=unit)
    return []


def units_for(user):
    """Administrative units the user may read (their communes, the villages below, the units above)."""
    ids = commune_ids_for(user)
    if ids is None:
        return OrgUnit.objects.all()
    units = OrgUnit.objects.filter(Q(id__in=ids) | Q(parent_id__in=ids))
    if getattr(user, "role", None) == Role.VIEWER and user.unit_id:
        # The viewer's province (or district) as it is and as it was, and the former districts within.
        history = unit_with_history_ids(unit=user.unit)
        units = units | OrgUnit.objects.filter(Q(id__in=history) | Q(parent_id__in=history, level=Level.DISTRICT))
    return units


def record_filter(user) -> Q:
    """What slice of assistance records (and group sessions) the user may read."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if is_admin(user):
        return Q()
    if user.role == Role.MEMBER:
        return Q(member_id=user.pk)
    if user.role == Role.LEADER:
        return Q(team_id=user.team_id) if user.team_id else Q(pk__in=[])
    return Q(commune_id__in=commune_ids_for(user) or [])


def can_read_personal_data(user) -> bool:
    """Province/district viewers read roll-ups only, never citizens' data."""
    return user.is_authenticated and user.role != Role.VIEWER


def can_review(user) -> bool:
    return is_admin(user) or (user.is_authenticated and user.role == Role.OFFICER)


def can_manage_commune(user, commune_id: int) -> bool:
    """Officers maintain teams, members, targets and denominators of their own commune."""
    if is_admin(user):
        return True
    return user.is_authenticated and user.role == Role.OFFICER and commune_id in (commune_ids_for(user) or [])


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def can_use_officer_workspace(user) -> bool:
    """The commune officer's pages (review, teams, figures, audit): officers and administrators."""
    return can_review(user)


def team_filter(user) -> Q:
    """Teams (and, through `team__`, their members and invitations) the user may read."""
    if is_admin(user):
        return Q()
    return Q(commune_id__in=commune_ids_for(user) or [])


def audit_filter(user) -> Q:
    """Audit events: an officer reads their commune's, an administrator everything, nobody else any."""
    if is_admin(user):
        return Q()
    if can_review(user):
        return Q(commune_id__in=commune_ids_for(user) or [])
    return Q(pk__in=[])

"""The one place that decides what a user may see and do: docs/access.md, in code.

Every view, API view, admin page, export and photo builds its querysets and checks from these
helpers, never from `Model.objects.all()`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from orgunits.models import Level, OrgUnit
from orgunits.selectors import commune_ids_within, unit_with_history_ids

from .models import TEAM_ROLES, Role


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


def _units_q(user) -> Q:
    ids = commune_ids_for(user)
    if ids is None:
        return Q()
    q = Q(id__in=ids) | Q(parent_id__in=ids)
    if getattr(user, "role", None) == Role.VIEWER and user.unit_id:
        # The viewer's province (or district) as it is and as it was, and the former districts within.
        history = unit_with_history_ids(unit=user.unit)
        q |= Q(id__in=history) | Q(parent_id__in=history, level=Level.DISTRICT)
    return q


def units_for(user):
    """Administrative units the user may read (their communes, the villages below, the units above)."""
    return OrgUnit.objects.filter(_units_q(user))


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


def can_read_record_details(user) -> bool:
    """Record-level data: the citizen's identity, the record's details, its GPS position and photo.

    Members, leaders and officers (within record_filter) and administrators. Province/district
    viewers read roll-ups only, in the API as on the pages and in the exports.
    """
    if is_admin(user):
        return True
    return bool(user.is_authenticated and user.is_active and user.role in (Role.MEMBER, Role.LEADER, Role.OFFICER))


def can_read_personal_data(user) -> bool:
    """Citizens' personal data: the same readers as the record details (docs/access.md)."""
    return can_read_record_details(user)


def can_log_records(user) -> bool:
    """Writing records from the field (sync, photos): team members and leaders, on their own records."""
    return bool(user.is_authenticated and user.is_active and user.role in TEAM_ROLES and user.team_id)


def can_log_sessions(user) -> bool:
    """Group sessions (training, outreach): team leaders."""
    return can_log_records(user) and user.role == Role.LEADER


def can_read_figures(user) -> bool:
    """Roll-ups (dashboards, indicator tables, exports of figures, the printable report) of units in
    units_for(user): officers, province/district viewers and administrators."""
    return is_admin(user) or bool(user.is_authenticated and user.is_active and user.role in (Role.OFFICER, Role.VIEWER))


def gap_units_for(user):
    """Villages whose gaps to target (figures, nothing personal) a team leader reads in the field app:
    the team's village; for a commune team's leader, the commune's villages of today. Nobody else."""
    if not (user.is_authenticated and user.is_active and user.role == Role.LEADER and user.team_id):
        return OrgUnit.objects.none()
    team = user.team
    if team.unit.level == Level.VILLAGE:
        return OrgUnit.objects.filter(pk=team.unit_id)
    return OrgUnit.objects.filter(level=Level.VILLAGE, parent_id=team.commune_id, valid_to__isnull=True)


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


def can_use_admin_site(user) -> bool:
    """/admin/ is the administrators' tool. Officers work in /officer/; nobody else needs the admin."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and is_admin(user))


# ---------------------------------------------------------------- any model, generically (the admin)

# How a row of each kind reaches its commune: the lookups to the commune id (a row matches any).
COMMUNE_LOOKUPS: dict[str, tuple[str, ...]] = {
    "records.assistancerecord": ("commune_id",),
    "outreach.groupsession": ("commune_id",),
    "citizens.citizen": ("commune_id",),
    "citizens.household": ("village__parent_id",),
    "teams.team": ("commune_id",),
    "teams.invitation": ("team__commune_id",),
    "accounts.user": ("unit_id",),
    "audit.auditevent": ("commune_id",),
    "satisfaction.computedsatisfaction": ("commune_id",),
    **{f"indicators.{m}": ("unit_id", "unit__parent_id") for m in ("target", "denominator", "baseline", "manualfigure")},
}
# Shared reference data: the same for every commune, nothing personal in it.
REFERENCE_DATA = {"catalog.servicetype", "indicators.indicator"}


def scope_q(*, user, model) -> Q:
    """The rows of `model` the user may manage through generic tools (the admin's lists, forms, widgets
    and actions). Administrators: every row. Officers: their communes' rows. Anyone else, and any
    kind of row not mapped above (citizens.Person among them): nothing. Reference data: every row.
    """
    if is_admin(user):
        return Q()
    label = model._meta.label_lower
    if label in REFERENCE_DATA:
        return Q()
    if label == "orgunits.orgunit":
        return _units_q(user)
    lookups = COMMUNE_LOOKUPS.get(label)
    if lookups is None or not can_review(user):
        return Q(pk__in=[])
    ids = commune_ids_for(user) or []
    q = Q(pk__in=[])
    for lookup in lookups:
        q |= Q(**{f"{lookup}__in": ids})
    return q

from __future__ import annotations

from django.db.models import QuerySet

from accounts.scopes import can_log_records, can_read_record_details, record_filter, units_for
from orgunits.models import Level, OrgUnit

from .models import AssistanceRecord


def records_visible_to(*, user) -> QuerySet[AssistanceRecord]:
    """Every read of assistance records starts here: the slice the user's role and unit allow.

    Nothing for province/district viewers: they read roll-ups (indicators), never records.
    """
    if not can_read_record_details(user):
        return AssistanceRecord.objects.none()
    return AssistanceRecord.objects.filter(record_filter(user))


def own_records(*, user) -> QuerySet[AssistanceRecord]:
    """The records the user logged themselves (a leader sees the team's, but edits only their own)."""
    return records_visible_to(user=user).filter(member_id=user.pk)


def capture_villages_for(*, user) -> QuerySet[OrgUnit]:
    """Villages a team member may log help in: those of their team's commune, never another commune's."""
    if not can_log_records(user):
        return OrgUnit.objects.none()
    return units_for(user).filter(level=Level.VILLAGE, parent_id=user.team.commune_id).order_by("name")

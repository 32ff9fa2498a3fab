from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts.scopes import can_log_records, can_read_record_details, record_filter, units_for
from orgunits.models import Level, OrgUnit

from .models import AssistanceRecord, Outcome, Status


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


def citizens_unfinished(*, user, commune_ids, start: datetime.datetime | None, before: datetime.datetime,
                        limit: int, count_cap: int) -> tuple[list, int, bool]:
    """"Chưa xong": named citizens whose latest visit for a service in [start, before) ended not finished
    or failed, with no later visit for it (rejected records are no visit). One row per citizen and service.

    The `limit` most recent rows, ordered by village then newest first, with how many there are, counted up
    to `count_cap` (and whether there are more): a bounded amount of work whatever the commune's history.
    Only for those who may read citizens' personal data (records_visible_to).
    """
    later = (AssistanceRecord.objects.filter(citizen_id=OuterRef("citizen_id"), service_type_id=OuterRef("service_type_id"),
                                             occurred_at__gt=OuterRef("occurred_at"), occurred_at__lt=before)
             .exclude(status=Status.REJECTED))
    qs = (records_visible_to(user=user)
          .filter(commune_id__in=commune_ids, citizen__isnull=False, occurred_at__lt=before,
                  outcome__in=(Outcome.PENDING, Outcome.FAILED))
          .exclude(status=Status.REJECTED).filter(~Exists(later)))
    if start is not None:
        qs = qs.filter(occurred_at__gte=start)
    newest = list(qs.select_related("citizen", "service_type", "village").order_by("-occurred_at", "-pk")[:limit])
    rows = sorted(newest, key=lambda r: (r.village.name, -r.occurred_at.timestamp(), -r.pk))
    if len(newest) < limit:
        return rows, len(newest), False
    counted = len(qs.order_by().values_list("pk", flat=True)[:count_cap + 1])
    return rows, min(counted, count_cap), counted > count_cap

"""Reads of the officer workspace. Every queryset starts from the user's scope (accounts.scopes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from accounts.scopes import (
    audit_filter,
    can_use_officer_workspace,
    commune_ids_for,
    require,
    team_filter,
    units_for,
)
from audit.models import AuditEvent
from citizens.models import ADDRESS_KEY, Citizen, Household
from citizens.text import fold
from orgunits.models import Level
from records.models import AssistanceRecord, Outcome, Status
from records.selectors import records_visible_to
from teams.models import Invitation, Team

# ---------------------------------------------------------------- access helpers (object or PermissionDenied)


def require_officer(user) -> None:
    require(can_use_officer_workspace(user))


def record_for_officer(*, user, client_uuid) -> AssistanceRecord:
    require_officer(user)
    record = (records_visible_to(user=user)
              .select_related("service_type", "village", "commune", "team", "member", "citizen", "household",
                              "reviewed_by", "follows__service_type")
              .filter(client_uuid=client_uuid).first())
    if record is None:
        # Same answer for "does not exist" and "not yours": nothing leaks about other communes.
        raise Http404
    return record


def team_for_officer(*, user, team_id: int) -> Team:
    require_officer(user)
    team = teams_for_officer(user=user).filter(pk=team_id).first()
    if team is None:
        raise Http404
    return team


def member_for_officer(*, user, member_id: int) -> User:
    require_officer(user)
    member = (User.objects.filter(role__in=[Role.MEMBER, Role.LEADER], pk=member_id)
              .filter(team__in=teams_for_officer(user=user)).select_related("team").first())
    if member is None:
        raise Http404
    return member


def invitation_for_officer(*, user, public_id) -> Invitation:
    require_officer(user)
    invitation = (Invitation.objects.filter(public_id=public_id, team__in=teams_for_officer(user=user))
                  .select_related("team").first())
    if invitation is None:
        raise Http404
    return invitation


def object_in_scope(*, user, queryset: QuerySet, pk: int, unit_field: str = "unit"):
    """An indicator figure (denominator, baseline, target) of a unit the officer may manage."""
    require_officer(user)
    obj = queryset.filter(**{f"{unit_field}__in": managed_units(user=user)}, pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# ---------------------------------------------------------------- records


def records_for_review(*, user, filters: dict | None = None) -> QuerySet[AssistanceRecord]:
    require_officer(user)
    qs = records_visible_to(user=user).select_related(
        "service_type", "village", "team", "member", "citizen", "household")
    f = filters or {}
    for key, lookup in (("village", "village"), ("team", "team"), ("member", "member"),
                        ("service_type", "service_type"), ("outcome", "outcome"), ("status", "status")):
        if f.get(key):
            qs = qs.filter(**{lookup: f[key]})
    if f.get("date_from"):
        qs = qs.filter(occurred_at__date__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(occurred_at__date__lte=f["date_to"])
    if f.get("q"):
        # Names are stored folded beside the original: "nguyen" finds "Nguyễn" on any database.
        needle = fold(f["q"])
        qs = qs.filter(Q(citizen__name_folded__contains=needle) | Q(household__name_folded__contains=needle))
    return qs.order_by("-occurred_at", "-id")


COUNT_CAP = 10_000  # the record list counts each status up to this many, then says "10.000+"


def record_counts(queryset: QuerySet[AssistanceRecord], *, cap: int | None = None) -> dict:
    """Records per status and in all. With `cap`, each status is counted up to cap + 1 rows only (a bounded
    index range, however many records a commune holds) and `over` names the statuses that have more."""
    counts: dict = {s: 0 for s in Status.values}
    over = {}
    if cap is None:
        for row in queryset.order_by().values("status").annotate(n=Count("id")):
            counts[row["status"]] = row["n"]
    else:
        base = queryset.order_by()
        for status in Status.values:
            n = base.filter(status=status)[:cap + 1].count()
            counts[status] = min(n, cap)
            if n > cap:
                over[status] = True
    counts["total"] = sum(counts[s] for s in Status.values)
    counts["over"] = over
    return counts


def record_history(*, record: AssistanceRecord) -> QuerySet[AuditEvent]:
    return (AuditEvent.objects.filter(object_type=record._meta.label_lower, object_id=str(record.client_uuid))
            .select_related("actor").order_by("at", "id"))


# ---------------------------------------------------------------- duplicate flags


@dataclass
class DuplicateFlag:
    kind: str  # "citizen" or "address"
    other_uuid: str | None  # None when the other record is outside the reader's scope
    other_date: object = None
    other_village: str = ""


@dataclass
class Duplicates:
    by_record: dict[int, list[DuplicateFlag]] = field(default_factory=lambda: defaultdict(list))

    def for_record(self, record: AssistanceRecord) -> list[DuplicateFlag]:
        return self.by_record.get(record.pk, [])


def _address_key(value: str) -> str:
    return "".join((value or "").split()).upper()


def duplicates_for(*, user, records) -> Duplicates:
    """Flags for a page of records, in a handful of indexed queries whatever the page size.

    - citizen: the same person (CCCD hash) already has an approved, successful record of the same service;
    - address: the same household digital address appears on another record of the same service.
    The other record may sit in a commune the reader cannot open: then the flag says so without details.
    People and households are looked up first, by their own indexes (the CCCD hash; the address without
    spaces and case), then only their records: never a pass over every record.
    """
    records = list(records)
    result = Duplicates()
    if not records:
        return result
    hashes = {r.citizen.cccd_hash for r in records if r.citizen_id and r.citizen.cccd_hash}
    addresses = {_address_key(r.household.digital_address) for r in records
                 if r.household_id and r.household.digital_address}
    approved, others = [], []
    if hashes:
        approved = list(AssistanceRecord.objects.filter(
            citizen__in=Citizen.objects.filter(cccd_hash__in=hashes).values("pk"),
            status=Status.APPROVED, outcome=Outcome.SUCCESS)
            .select_related("citizen", "village").only(
                "pk", "client_uuid", "service_type_id", "occurred_at", "citizen__cccd_hash", "village__name"))
    if addresses:
        # Compared without spaces and case, in the database, so that "qng 12" meets "QNG12" off the page too.
        households = Household.objects.annotate(address_key=ADDRESS_KEY).filter(address_key__in=addresses)
        others = list(AssistanceRecord.objects.exclude(status=Status.REJECTED)
                      .filter(household__in=households.values("pk")).select_related("household", "village"))
    ids = {o.pk for o in approved} | {o.pk for o in others}
    visible = set(records_visible_to(user=user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()

    by_key = defaultdict(list)
    for other in approved:
        by_key[(other.citizen.cccd_hash, other.service_type_id)].append(other)
    for r in records:
        if not (r.citizen_id and r.citizen.cccd_hash):
            continue
        for other in by_key.get((r.citizen.cccd_hash, r.service_type_id), []):
            if other.pk != r.pk:
                result.by_record[r.pk].append(_flag("citizen", other, visible, user))

    by_key = defaultdict(list)
    for other in others:
        by_key[(_address_key(other.household.digital_address), other.service_type_id)].append(other)
    for r in records:
        if not (r.household_id and r.household.digital_address) or r.status == Status.REJECTED:
            continue
        for other in by_key.get((_address_key(r.household.digital_address), r.service_type_id), []):
            if other.pk != r.pk:
                result.by_record[r.pk].append(_flag("address", other, visible, user))
    return result


def _flag(kind: str, other: AssistanceRecord, visible: set[int], user) -> DuplicateFlag:
    if other.pk in visible:
        return DuplicateFlag(kind=kind, other_uuid=str(other.client_uuid), other_date=other.occurred_at,
                             other_village=other.village.name)
    return DuplicateFlag(kind=kind, other_uuid=None)


# ---------------------------------------------------------------- teams, members, units


def managed_units(*, user):
    """Communes and villages the officer maintains (not the province or district above them)."""
    require_officer(user)
    return units_for(user).filter(level__in=[Level.COMMUNE, Level.VILLAGE]).order_by("level", "parent__name", "name")


def managed_villages(*, user):
    return managed_units(user=user).filter(level=Level.VILLAGE)


def teams_for_officer(*, user) -> QuerySet[Team]:
    require_officer(user)
    return Team.objects.filter(team_filter(user)).select_related("unit", "commune")


def members_of(*, team: Team) -> QuerySet[User]:
    return team.members.filter(role__in=[Role.MEMBER, Role.LEADER]).order_by("-is_active", "role", "username")


def members_for_officer(*, user) -> QuerySet[User]:
    return (User.objects.filter(role__in=[Role.MEMBER, Role.LEADER], team__in=teams_for_officer(user=user))
            .order_by("last_name", "first_name", "username"))


# ---------------------------------------------------------------- audit


def audit_events_for(*, user, filters: dict | None = None) -> QuerySet[AuditEvent]:
    require_officer(user)
    qs = AuditEvent.objects.filter(audit_filter(user)).select_related("actor")
    f = filters or {}
    if f.get("actor"):
        qs = qs.filter(Q(actor__username__icontains=f["actor"]) | Q(actor__last_name__icontains=f["actor"]))
    if f.get("action"):
        qs = qs.filter(action=f["action"])
    if f.get("object_type"):
        qs = qs.filter(object_type=f["object_type"])
    if f.get("object"):
        qs = qs.filter(Q(object_id__icontains=f["object"]) | Q(object_repr__icontains=f["object"]))
    if f.get("date_from"):
        qs = qs.filter(at__date__gte=f["date_from"])
    if f.get("date_to"):
        qs = qs.filter(at__date__lte=f["date_to"])
    return qs.order_by("-at", "-id")


def audit_object_types(*, user) -> list[str]:
    if commune_ids_for(user) == []:
        return []
    return sorted(set(AuditEvent.objects.filter(audit_filter(user)).values_list("object_type", flat=True)
                      .order_by().distinct()))


# ---------------------------------------------------------------- follow-ups ("cần quay lại")


def open_follow_ups(*, user) -> QuerySet[AssistanceRecord]:
    """Records "chưa xong, hẹn lại" in the user's scope that no later visit has followed up yet.

    A rejected record is no visit to come back to, and a rejected follow-up closes nothing.
    """
    closed = AssistanceRecord.objects.filter(follows=OuterRef("pk")).exclude(status=Status.REJECTED)
    return (records_visible_to(user=user).filter(outcome=Outcome.PENDING).exclude(status=Status.REJECTED)
            .filter(~Exists(closed)))


@dataclass
class FollowUpRow:
    village_id: int
    village: str
    open: int = 0
    overdue: int = 0
    due_today: int = 0


def follow_ups_by_village(*, user, today) -> list[FollowUpRow]:
    """Per village of the officer's scope: open follow-ups, those past their appointment, those due today."""
    require_officer(user)
    rows = {v.pk: FollowUpRow(village_id=v.pk, village=v.name)
            for v in managed_villages(user=user).filter(valid_to__isnull=True)}
    counted = (open_follow_ups(user=user).values("village_id", "village__name")
               .annotate(n=Count("pk"), late=Count("pk", filter=Q(appointment_on__lt=today)),
                         due=Count("pk", filter=Q(appointment_on=today))))
    for c in counted:
        row = rows.setdefault(c["village_id"], FollowUpRow(village_id=c["village_id"], village=c["village__name"]))
        row.open, row.overdue, row.due_today = c["n"], c["late"], c["due"]
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.open, fold(r.village)))

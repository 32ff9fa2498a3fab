from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import Role
from accounts.scopes import record_filter
from catalog.models import SessionKind
from orgunits.models import Level, OrgUnit
from orgunits.selectors import commune_ids_within, units_above, villages_within
from periods.periods import Period
from records.models import AssistanceRecord, Outcome, Status

from .models import GroupSession


def sessions_visible_to(*, user) -> QuerySet[GroupSession]:
    """Group sessions follow the records' scope; a member (no session of their own team) sees what they logged."""
    if user.is_authenticated and user.role == Role.MEMBER:
        return GroupSession.objects.filter(created_by_id=user.pk)
    return GroupSession.objects.filter(record_filter(user))


def session_of_check_in(record) -> GroupSession | None:
    """The session a check-in names, if it reached the server: only a session of the record's own commune."""
    if record.session_uuid is None:
        return None
    return GroupSession.objects.filter(client_uuid=record.session_uuid, commune_id=record.commune_id).select_related(
        "village").first()


def with_check_ins(sessions: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    """Each session with `checked_in`: its citizens checked in (records of its commune naming it), rejected aside."""
    own = (AssistanceRecord.objects.filter(session_uuid=OuterRef("client_uuid"), commune_id=OuterRef("commune_id"))
           .exclude(status=Status.REJECTED).order_by().values("session_uuid").annotate(n=Count("pk")).values("n")[:1])
    return sessions.annotate(checked_in=Coalesce(Subquery(own), 0))


Bucket = tuple[str, bool]  # kind, for team members


@dataclass
class SessionTotals:
    """A unit's group sessions in a period, by kind and audience.

    Attendee figures are visits (lượt): the sum of each session's attendees, so a person who came to
    two sessions counts twice. They are never added to the indicators' distinct-people numerators.
    Citizens checked in at a session (an approved record of the service standing for that kind of
    session, catalog.ServiceType.session_kind) are people: `citizens_checked_in` counts each once in the
    period, and the indicators those services feed count them beside the other records.
    Team members on a session's attendance list are people: `members_listed` counts each once in the
    period; `members_unlisted` is the attendances of members' sessions logged without a list.
    """

    sessions: Counter[Bucket] = field(default_factory=Counter)
    attendees: Counter[Bucket] = field(default_factory=Counter)
    listed: set[int] = field(default_factory=set)  # team members on an attendance list
    members_unlisted: int = 0  # attendances of members' sessions without a list
    checked_in: set[int] = field(default_factory=set)  # people (citizens.Person) checked in at a citizens' session

    @property
    def citizens_checked_in(self) -> int:
        return len(self.checked_in)

    @property
    def members_listed(self) -> int:
        return len(self.listed)

    def _count(self, counter: Counter[Bucket], *, kind: str | None = None, members: bool | None = None) -> int:
        return sum(n for (k, m), n in counter.items()
                   if (kind is None or k == kind) and (members is None or m == members))

    @property
    def total(self) -> int:
        """Every session: for citizens and for team members, of any kind."""
        return self._count(self.sessions)

    @property
    def citizen_sessions(self) -> int:
        return self._count(self.sessions, members=False)

    @property
    def member_sessions(self) -> int:
        return self._count(self.sessions, members=True)

    @property
    def citizens_reached(self) -> int:
        """Attendances (lượt người) of the sessions held for citizens."""
        return self._count(self.attendees, members=False)

    @property
    def members_trained(self) -> int:
        """Attendances (lượt) of the sessions held for team members."""
        return self._count(self.attendees, members=True)

    @property
    def by_kind(self) -> list[dict]:
        """One row per kind, in the order of SessionKind: sessions, citizens' and members' attendances."""
        return [{"kind": kind, "label": label, "sessions": self._count(self.sessions, kind=kind),
                 "citizen_sessions": self._count(self.sessions, kind=kind, members=False),
                 "citizens": self._count(self.attendees, kind=kind, members=False),
                 "members": self._count(self.attendees, kind=kind, members=True)}
                for kind, label in SessionKind.choices]


def _top_units(units: list[OrgUnit]) -> list[OrgUnit]:
    """The units not lying under another unit of the list (their villages cover the others')."""
    ids = {u.pk for u in units}
    return [u for u in units if u.parent_id not in ids and u.province_id not in ids]


def session_totals(*, units: list[OrgUnit], period: Period) -> dict[int, SessionTotals]:
    """Each unit's group sessions held in the period (unit pk → totals).

    A session counts in its village (or, held for the whole commune, in its commune) and in every unit
    above it, including the units its commune (or district, or province) was merged into: the same
    scoping as the assistance records.
    """
    tops = _top_units(units)
    villages = sorted({v for u in tops for v in villages_within(unit=u)})
    communes = sorted({c for u in tops if u.level != Level.VILLAGE for c in commune_ids_within(unit=u)})
    out = {u.pk: SessionTotals() for u in units}
    if not villages and not communes:
        return out
    qs = GroupSession.objects.filter(Q(village_id__in=villages) | Q(village__isnull=True, commune_id__in=communes),
                                     held_on__lte=period.end)
    if period.start is not None:
        qs = qs.filter(held_on__gte=period.start)
    listed = GroupSession.members_present.through.objects.filter(groupsession_id=OuterRef("pk"))
    rows = list(qs.annotate(place=Coalesce("village_id", "commune_id"), has_list=Exists(listed))
                .values("place", "kind", "for_team_members", "has_list")
                .annotate(n=Count("id"), people=Sum("attendees")).order_by())
    if not rows:
        return out  # no session: no list, no check-in
    members = list(GroupSession.members_present.through.objects.filter(groupsession__in=qs)
                   .annotate(place=Coalesce("groupsession__village_id", "groupsession__commune_id"))
                   .values_list("place", "user_id").distinct().order_by())
    above = units_above({r["place"] for r in rows})
    for r in rows:
        bucket = (r["kind"], r["for_team_members"])
        for unit_id in above.get(r["place"], ()):
            if unit_id in out:
                out[unit_id].sessions[bucket] += r["n"]
                out[unit_id].attendees[bucket] += r["people"]
                if r["for_team_members"] and not r["has_list"]:
                    out[unit_id].members_unlisted += r["people"]
    for place, user_id in members:
        for unit_id in above.get(place, ()):
            if unit_id in out:
                out[unit_id].listed.add(user_id)
    for place, person_id in _checked_in(qs) if any(not r["for_team_members"] for r in rows) else ():
        for unit_id in above.get(place, ()):
            if unit_id in out:
                out[unit_id].checked_in.add(person_id)
    return out


def _checked_in(sessions: QuerySet[GroupSession]) -> list[tuple[int, int]]:
    """(session's place, person) of the citizens checked in at these citizens' sessions, approved and done.

    A check-in names its session by client UUID; only a session of the record's own commune is its session.
    The records come first, through their partial index: where nobody was checked in, one short query.
    """
    held = sessions.filter(for_team_members=False)
    found = list(AssistanceRecord.objects.filter(
        session_uuid__isnull=False, session_uuid__in=held.values("client_uuid"), status=Status.APPROVED,
        outcome=Outcome.SUCCESS, person__isnull=False).values_list("session_uuid", "commune_id", "person_id")
        .distinct().order_by())
    if not found:
        return []
    places = {(uuid, commune): place for uuid, commune, place in held.filter(
        client_uuid__in={uuid for uuid, _c, _p in found}).annotate(place=Coalesce("village_id", "commune_id"))
        .values_list("client_uuid", "commune_id", "place")}
    return sorted({(places[(uuid, commune)], person) for uuid, commune, person in found if (uuid, commune) in places})

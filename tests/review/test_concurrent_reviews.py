"""Reviews, edits and new records from many threads at once: the figures stay exact, nothing answers 500.

PostgreSQL only (SQLite runs one writer at a time, so nothing can interleave there): each thread has its
own connection, and they start together at a barrier. Bounded: a few hundred operations, ~20 s.
"""

from __future__ import annotations

import datetime
import io
import random
import re
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Role, User
from catalog.models import ServiceType
from citizens.models import Household
from citizens.services import CitizenInput, citizen_resolve
from indicators.aggregation import tally_records, unit_scopes
from indicators.models import SummaryCell
from orgunits.models import OrgUnit
from periods.periods import local_tz
from records.models import AssistanceRecord, Outcome, Status
from records.services import RecordNotEditable, record_create, record_update
from review.services import record_decide, records_bulk_approve

THREADS = 8


@pytest.fixture
def postgres_world(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency needs PostgreSQL: SQLite runs one writer at a time (CI runs this on PostgreSQL)")
    from demo.loader import load_demo

    load_demo()


def recount_differences() -> dict:
    """Cells whose stored figures differ from a recount of every record (0/0 cells are equal to none)."""
    villages = list(OrgUnit.objects.filter(level="village").values_list("id", flat=True))
    tally = tally_records(AssistanceRecord.objects.all(), scopes=unit_scopes(villages), by_month=True)
    recount = {c: (tally.people.get(c, 0), tally.visits.get(c, 0)) for c in set(tally.people) | set(tally.visits)}
    stored = {(c.scope, c.kind, c.key, c.metric): (c.people, c.visits) for c in SummaryCell.objects.all()}
    return {c: (stored.get(c, (0, 0)), recount.get(c, (0, 0)))
            for c in set(recount) | set(stored) if stored.get(c, (0, 0)) != recount.get(c, (0, 0))}


def run_together(jobs: list[Callable[[], None]], threads: int = THREADS) -> list[BaseException]:
    """Runs the jobs on `threads` threads that start at one barrier; returns the unexpected errors."""
    errors: list[BaseException] = []
    queue = list(jobs)
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker():
        try:
            barrier.wait()
            while True:
                with lock:
                    if not queue:
                        return
                    job = queue.pop()
                try:
                    job()
                except (ValidationError, RecordNotEditable):
                    pass  # refused as a user would see it: already decided, or reviewed meanwhile
                except BaseException as exc:  # noqa: BLE001 - collected and asserted on
                    errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    return errors


def at_month(months_ago: int, day: int) -> datetime.datetime:
    today = datetime.date.today().replace(day=1)
    first = (today - datetime.timedelta(days=28 * months_ago)).replace(day=1)
    return datetime.datetime.combine(first.replace(day=day), datetime.time(10), tzinfo=local_tz())


def test_a_storm_of_reviews_edits_and_new_records_leaves_every_cell_equal_to_a_recount(postgres_world):
    rng = random.Random(19)
    officer = User.objects.get(username="officer.chanhlo")
    commune = officer.unit
    second_officer = User.objects.create_user("officer2.camthanh", role=Role.OFFICER, unit=commune)
    team_users = list(User.objects.filter(unit=commune, role__in=[Role.MEMBER, Role.LEADER]).select_related("team"))
    villages = list(OrgUnit.objects.filter(level="village", parent=commune).order_by("pk")[:5])
    citizens = [citizen_resolve(commune=commune, by=officer, data=CitizenInput(
        full_name=f"Người Thử {i}", birth_year=1960 + i, consent=True)) for i in range(16)]
    households = [Household.objects.create(village=villages[i % len(villages)], name=f"Hộ {i}") for i in range(5)]
    services = list(ServiceType.objects.filter(is_active=True).order_by("pk")[:4])
    assert len(team_users) >= 2 and citizens[0].person_id

    def new_record(i: int) -> AssistanceRecord:
        member = team_users[i % len(team_users)]
        return record_create(
            member=member, service_type=services[i % len(services)], village=villages[i % len(villages)],
            occurred_at=at_month(i % 3, 1 + i % 27), citizen=citizens[rng.randrange(16)] if i % 7 else None,
            household=households[i % 5] if i % 3 == 0 else None,
            outcome=Outcome.SUCCESS if i % 5 else Outcome.PENDING, **({} if i % 5 else {"outcome_reason": "no_signal"}))

    records = [new_record(i) for i in range(160)]
    assert not recount_differences()

    def approve(record, by):
        return lambda: record_decide(record=record, by=by, status=Status.APPROVED)

    def decide(record, by, status):
        return lambda: record_decide(record=record, by=by, status=status, reason="Thiếu ảnh")

    def bulk(ids, by):
        return lambda: records_bulk_approve(records=AssistanceRecord.objects.filter(pk__in=ids), by=by)

    def edit(record, k):
        def job():
            fresh = AssistanceRecord.objects.get(pk=record.pk)
            member = User.objects.get(pk=fresh.member_id)
            record_update(record=fresh, by=member, client_version=fresh.client_version + 1,
                          citizen=citizens[k % 16], occurred_at=at_month(k % 3, 2 + k % 20),
                          outcome=Outcome.SUCCESS, outcome_reason="")
        return job

    def create(i):
        return lambda: new_record(1000 + i)

    jobs = []
    for k, record in enumerate(records):
        by = (officer, second_officer)[k % 2]
        jobs.append(approve(record, by))
        jobs.append(approve(record, (officer, second_officer)[(k + 1) % 2]))  # the same record, two tabs
        if k % 4 == 0:
            jobs.append(edit(record, k))
        if k % 9 == 0:
            jobs.append(decide(record, by, Status.RETURNED))
        if k % 13 == 0:
            jobs.append(decide(record, by, Status.REJECTED))
    for start in range(0, len(records), 20):
        jobs.append(bulk([r.pk for r in records[start:start + 20]], officer))
        jobs.append(bulk([r.pk for r in rng.sample(records, 15)], second_officer))
    jobs += [create(i) for i in range(40)]
    rng.shuffle(jobs)

    errors = run_together(jobs)

    assert errors == []
    approved = AssistanceRecord.objects.filter(status=Status.APPROVED).count()
    assert approved > 100  # the storm did approve, and the figures moved
    assert recount_differences() == {}
    out = io.StringIO()
    call_command("summary_check", "--no-progress", stdout=out)  # exits 1 (CommandError) on any difference
    assert ", 0 ô lệch" in out.getvalue()


VERSION = re.compile(r'name="version" value="(\d+)"')


def test_a_members_correction_racing_the_officers_approval_never_lands_on_an_approved_record(postgres_world):
    officer = User.objects.get(username="officer.chanhlo")
    member = User.objects.get(username="member.chanhlo")
    village = member.team.unit if member.team.unit.level == "village" else member.team.unit.children.first()
    service = ServiceType.objects.get(code="vneid_l2")
    rounds = 30
    # One citizen per round: a correction that wins its round renames its own citizen, and no other.
    citizens = [citizen_resolve(commune=officer.unit, by=officer, data=CitizenInput(
        full_name=f"Trần Văn Một {i}", birth_year=1970, consent=True)) for i in range(rounds)]
    records = [record_create(member=member, service_type=service, village=village, occurred_at=at_month(0, 1),
                             citizen=citizen, note="gốc") for citizen in citizens]
    original = {r.pk: (r.citizen_id, r.citizen.full_name) for r in records}
    web = Client()
    web.force_login(officer)
    seen = {}
    for record in records:
        page = web.get(f"/officer/records/{record.client_uuid}/")
        seen[record.pk] = int(VERSION.search(page.content.decode()).group(1))
    officer_web, member_phone = Client(), APIClient()
    officer_web.force_login(officer)
    member_phone.force_authenticate(member)
    answers: list[int] = []

    def approve(record):
        answers.append(officer_web.post(f"/officer/records/{record.client_uuid}/approve/",
                                        {"version": seen[record.pk]}).status_code)

    def correct(record):
        answers.append(member_phone.post("/api/v1/sync/", {"records": [{
            "client_uuid": str(record.client_uuid), "client_version": 2, "service_type": "vneid_l2",
            "village": village.pk, "occurred_at": at_month(0, 1).isoformat(), "outcome": "pending",
            "outcome_reason": "no_signal", "place": "home", "note": "đã sửa",
            "citizen": {"full_name": "Lê Thị Hai", "birth_year": 1970, "consent": True},
        }]}, format="json").status_code)

    for record in records:  # each round: the two requests leave at the same instant
        assert run_together([lambda r=record: approve(r), lambda r=record: correct(r)], threads=2) == []

    assert answers and 500 not in answers
    outcomes = {"approved": 0, "corrected": 0}
    for record in AssistanceRecord.objects.filter(pk__in=[r.pk for r in records]).select_related("citizen"):
        if record.status == Status.APPROVED:
            # What the officer saw, and nothing else, is what was approved.
            assert (record.note, record.outcome, record.citizen_id, record.citizen.full_name, record.version) == (
                "gốc", Outcome.SUCCESS, *original[record.pk], seen[record.pk])
            outcomes["approved"] += 1
        else:
            assert record.status == Status.SUBMITTED and record.note == "đã sửa"
            outcomes["corrected"] += 1
    assert sum(outcomes.values()) == rounds
    assert recount_differences() == {}

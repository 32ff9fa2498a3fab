"""Follow-ups through the sync: "chưa xong, hẹn lại" carries an optional appointment date; the return visit
names the first record (`follows`, by client UUID), the same member's own only, and helps the same citizen,
who is counted once."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from indicators.aggregation import ALL
from indicators.selectors import figures_live
from orgunits.models import OrgUnit
from periods.periods import period_year
from records.models import AssistanceRecord
from review.services import record_decide

MEMBER = "member.chanhlo"


def village_of(client) -> int:
    return client.get("/api/v1/me/").json()["villages"][0]["id"]


def sync(client, **record) -> dict:
    body = {"client_uuid": str(uuid.uuid4()), "service_type": "vneid_l2", "village": village_of(client),
            "occurred_at": timezone.now().isoformat(), **record}
    return client.post("/api/v1/sync/", {"records": [body]}, format="json").json()["records"][0]


def today() -> datetime.date:
    return timezone.localdate()


def test_a_pending_visit_keeps_its_appointment_and_the_return_visit_links_to_it(api):
    client = api(MEMBER)
    due = today() + datetime.timedelta(days=3)
    first = sync(client, outcome="pending", outcome_reason="no_signal", appointment_on=due.isoformat(),
                 citizen={"full_name": "Lê Thị Cúc", "birth_year": 1958, "cccd": "051158001234", "consent": True})
    assert first["result"] == "created"
    assert first["record"]["appointment_on"] == due.isoformat() and first["record"]["follows"] is None

    # The return visit: nothing retyped about the citizen, the first record named by its UUID.
    second = sync(client, outcome="success", follows=first["client_uuid"])
    assert second["result"] == "created", second
    assert second["record"]["follows"] == first["client_uuid"]
    assert second["record"]["citizen"]["full_name"] == "Lê Thị Cúc"  # the same person, not retyped

    a, b = (AssistanceRecord.objects.get(client_uuid=r["client_uuid"]) for r in (first, second))
    assert a.appointment_on == due and b.follows_id == a.pk and b.citizen_id == a.citizen_id
    assert b.person_id == a.person_id is not None
    # Sent again (a lost answer), the follow-up is the same record, not a conflict.
    again = client.post("/api/v1/sync/", {"records": [{
        "client_uuid": second["client_uuid"], "service_type": "vneid_l2", "village": b.village_id,
        "occurred_at": b.occurred_at.isoformat(), "outcome": "success", "follows": first["client_uuid"]}]},
        format="json").json()["records"][0]
    assert again["result"] == "exists", again


def test_reports_count_the_citizen_of_a_visit_and_its_follow_up_once(api, user):
    client = api(MEMBER)
    first = sync(client, outcome="pending", outcome_reason="no_signal",
                 citizen={"full_name": "Phạm Văn Đức", "birth_year": 1970, "cccd": "051070005678", "consent": True})
    second = sync(client, outcome="success", follows=first["client_uuid"])
    officer = user("officer.chanhlo")
    for r in AssistanceRecord.objects.filter(client_uuid__in=[first["client_uuid"], second["client_uuid"]]):
        record_decide(record=r, by=officer, status="approved")
    commune = OrgUnit.objects.get(pk=AssistanceRecord.objects.get(client_uuid=first["client_uuid"]).commune_id)
    figures = figures_live(units=[commune], period=period_year(year=timezone.localtime().year))
    assert figures.visits[(f"u{commune.pk}", ALL)] == 2
    assert figures.people[(f"u{commune.pk}", ALL)] == 1


@pytest.mark.parametrize("case", ["not_pending", "before_the_visit", "a_year_ahead"])
def test_an_appointment_date_is_checked(api, case):
    client = api(MEMBER)
    day = {"not_pending": today() + datetime.timedelta(days=2), "before_the_visit": today() - datetime.timedelta(days=2),
           "a_year_ahead": today() + datetime.timedelta(days=400)}[case]
    outcome = "success" if case == "not_pending" else "pending"
    result = sync(client, outcome=outcome, appointment_on=day.isoformat())
    assert result["result"] == "invalid" and "appointment_on" in result["errors"]
    assert not AssistanceRecord.objects.exists()


def test_only_the_members_own_record_can_be_followed_up(api):
    others = sync(api("leader.chanhlo"), outcome="pending")  # same commune, another person's record
    assert others["result"] == "created"
    client = api(MEMBER)
    for follows in (others["client_uuid"], str(uuid.uuid4())):
        result = sync(client, outcome="success", follows=follows)
        assert result["result"] == "invalid" and "follows" in result["errors"], result
    key = str(uuid.uuid4())
    result = sync(client, client_uuid=key, follows=key)
    assert result["result"] == "invalid" and "follows" in result["errors"]
    assert AssistanceRecord.objects.filter(member__username=MEMBER).count() == 0


def test_a_follow_up_sent_in_the_same_batch_after_its_first_visit_is_linked(api):
    client = api(MEMBER)
    village = village_of(client)
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    now = timezone.now()
    rows = client.post("/api/v1/sync/", {"records": [
        {"client_uuid": first, "service_type": "ehealth", "village": village,
         "occurred_at": (now - datetime.timedelta(days=2)).isoformat(), "outcome": "pending"},
        {"client_uuid": second, "service_type": "ehealth", "village": village, "occurred_at": now.isoformat(),
         "follows": first},
    ]}, format="json").json()["records"]
    assert [r["result"] for r in rows] == ["created", "created"]
    assert AssistanceRecord.objects.get(client_uuid=second).follows.client_uuid == uuid.UUID(first)

"""Values the sync used to accept as sent (issue 18): full-width CCCD digits, 1970 sessions, dirty text;
and a re-send under the same identifier and version with other content, which used to vanish silently."""

from __future__ import annotations

import datetime
import json
import unicodedata
import uuid

import pytest
from django.utils import timezone

from citizens.models import Citizen
from outreach.models import GroupSession
from records.models import AssistanceRecord, Status
from records.services import record_review

SYNC = "/api/v1/sync/"
CCCD = "051090001234"
FULL_WIDTH_CCCD = "０５１０９０００１２３４"


@pytest.fixture
def member(api):
    return api("member.chanhlo")


@pytest.fixture
def village(user):
    return user("member.chanhlo").team.unit


def a_record(village, **overrides) -> dict:
    return {"client_uuid": str(uuid.uuid4()), "client_version": 1, "service_type": "vneid_l2",
            "village": village.pk, "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
            "outcome": "success", "place": "home", "note": "", **overrides}


def sync(client, records=(), sessions=()):
    return client.post(SYNC, {"records": list(records), "sessions": list(sessions)}, format="json").json()


def citizen(name="Trần Văn B", cccd=CCCD, **extra):
    return {"full_name": name, "birth_year": 1990, "cccd": cccd, "consent": True, **extra}


# ---------------------------------------------------------------- accepted bad values, now fixed


def test_a_cccd_typed_in_full_width_digits_is_the_same_person(member, village):
    sync(member, [a_record(village, citizen=citizen(cccd=CCCD))])
    second = sync(member, [a_record(village, service_type="e_payment", citizen=citizen(cccd=FULL_WIDTH_CCCD))])

    assert second["records"][0]["result"] == "created"
    assert Citizen.objects.count() == 1  # recognised: the same keyed hash
    person = Citizen.objects.get()
    assert person.cccd_last_digits == "1234" and person.records.count() == 2


def test_a_group_session_dated_1970_is_refused_like_a_record(api, user):
    leader = api("leader.chanhlo")
    village = user("leader.chanhlo").team.unit
    session = {"client_uuid": str(uuid.uuid4()), "village": village.pk, "held_on": "1970-01-01",
               "topic": "Tập huấn VNeID", "attendees": 12}
    record = a_record(village, occurred_at="1970-01-01T00:00:00Z")

    result = sync(leader, [record], [session])

    assert result["sessions"][0]["result"] == "invalid"
    assert result["sessions"][0]["errors"]["held_on"] == ["Ngày quá xa trong quá khứ."]
    assert result["records"][0]["errors"]["occurred_at"] == ["Ngày quá xa trong quá khứ."]
    assert not GroupSession.objects.exists() and not AssistanceRecord.objects.exists()


# ---------------------------------------------------------------- text normalised at the edge


def test_names_and_notes_are_stored_as_nfc_without_invisible_or_control_characters(member, village):
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    dirty = "Ng\u200buy\u00ad\u202eễn\x00 Thị\u200d Hồng"
    sent = [a_record(village, citizen=citizen(nfd_name, cccd="")),
            a_record(village, citizen=citizen(dirty, cccd=""), note="Đã\u200b hỗ trợ\x07\r\ndòng hai\u2066",
                     application_code="０００.００.１２.H55-250101-0001")]

    results = sync(member, sent)["records"]

    assert [r["result"] for r in results] == ["created", "created"]
    names = sorted(Citizen.objects.values_list("full_name", flat=True))
    assert names == ["Nguyễn Thị Hồng", "Nguyễn Thị Hồng"]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    second = AssistanceRecord.objects.get(client_uuid=sent[1]["client_uuid"])
    assert second.note == "Đã hỗ trợ\ndòng hai"
    assert second.application_code == "000.00.12.H55-250101-0001"


def test_the_diacritic_free_search_finds_names_sent_with_hidden_characters(member, village, web):
    sync(member, [a_record(village, citizen=citizen("Ng\u200buy\u00adễn Văn\u200b Tư", cccd=""))])

    page = web("officer.chanhlo").get("/officer/records/", {"q": "nguyen van tu"}).content.decode()

    assert "Nguyễn Văn Tư" in page


def test_a_nul_or_a_lone_surrogate_in_a_note_no_longer_refuses_the_record(member, village):
    # Both used to come back in English ("Null characters are not allowed.", "Surrogate characters…").
    body = json.dumps({"records": [a_record(village, note="NOTE")]}).replace('"NOTE"', '"ghi\\u0000 chú\\ud800"')
    response = member.post(SYNC, body, content_type="application/json")

    assert response.status_code == 200 and response.json()["records"][0]["result"] == "created"
    assert AssistanceRecord.objects.get().note == "ghi chú"


# ---------------------------------------------------------------- conflicts answered, not swallowed


def test_the_same_uuid_twice_in_a_batch_with_other_content_is_a_conflict(member, village):
    first = a_record(village, note="bản thứ nhất")
    second = {**first, "note": "bản thứ hai", "service_type": "e_payment", "payment_provider": "MoMo"}

    results = sync(member, [first, second])["records"]

    assert [r["result"] for r in results] == ["created", "conflict"]
    conflict = results[1]
    assert conflict["record"]["note"] == "bản thứ nhất"  # the stored version, for the phone to show
    assert set(conflict["fields"]) == {"note", "service_type", "payment_provider"}
    assert conflict["errors"]["non_field_errors"][0].startswith("Máy chủ đã có bản ghi này")
    assert AssistanceRecord.objects.get().note == "bản thứ nhất"


def test_the_same_record_sent_again_is_still_exists(member, village):
    record = a_record(village, note="ghi chú", citizen=citizen(), latitude=15.1234567, longitude=108.8)

    sync(member, [record])
    again = sync(member, [record, record])["records"]

    assert [r["result"] for r in again] == ["exists", "exists"]


def test_a_different_person_under_the_same_version_is_a_conflict(member, village):
    record = a_record(village, citizen=citizen())
    sync(member, [record])

    result = sync(member, [{**record, "citizen": citizen(cccd="051090009999")}])["records"][0]

    assert result["result"] == "conflict" and result["fields"] == ["citizen"]


def test_an_invalid_resend_of_a_stored_record_is_a_conflict_not_exists(member, village):
    record = a_record(village)
    sync(member, [record])

    result = sync(member, [{**record, "service_type": "no-such-service"}])["records"][0]

    assert result["result"] == "conflict" and result["record"]["service_type"] == "vneid_l2"


def test_a_members_fix_of_a_returned_record_still_goes_through(member, village, user):
    record = a_record(village, note="thiếu")
    sync(member, [record])
    record_review(record=AssistanceRecord.objects.get(), by=user("officer.chanhlo"), status=Status.RETURNED,
                  reason="Thiếu ghi chú")

    fixed = sync(member, [{**record, "client_version": 2, "note": "đã bổ sung"}])["records"][0]

    assert fixed["result"] == "updated"
    saved = AssistanceRecord.objects.get()
    assert saved.status == Status.SUBMITTED and saved.note == "đã bổ sung" and saved.client_version == 2


def test_a_session_sent_again_with_other_content_is_a_conflict(api, user):
    leader = api("leader.chanhlo")
    session = {"client_uuid": str(uuid.uuid4()), "village": user("leader.chanhlo").team.unit.pk,
               "held_on": timezone.localdate().isoformat(), "topic": "Tập huấn VNeID", "attendees": 12}

    sync(leader, sessions=[session])
    same = sync(leader, sessions=[session])["sessions"][0]
    other = sync(leader, sessions=[{**session, "attendees": 40}])["sessions"][0]

    assert same["result"] == "exists"
    assert other["result"] == "conflict" and other["fields"] == ["attendees"]
    assert other["session"]["attendees"] == 12 and GroupSession.objects.get().attendees == 12

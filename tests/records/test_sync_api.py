"""POST /api/v1/sync/ and GET /api/v1/records/: offline records reach the server exactly once."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from citizens.models import Citizen
from orgunits.models import OrgUnit
from outreach.models import GroupSession
from records.models import AssistanceRecord, Status
from records.services import record_review

SYNC = "/api/v1/sync/"
CCCD = "051090001234"  # Quảng Ngãi (051), male born in 1990


def village_of(commune_name: str, index: int = 0) -> OrgUnit:
    return OrgUnit.objects.filter(level="village", parent__name=commune_name).order_by("name")[index]


def a_record(**overrides) -> dict:
    data = {
        "client_uuid": str(uuid.uuid4()),
        "client_version": 1,
        "service_type": "vneid_l2",
        "village": village_of("Cẩm Thành").pk,
        "occurred_at": timezone.now().isoformat(),
        "outcome": "success",
        "place": "home",
        "note": "",
    }
    data.update(overrides)
    return data


def sync(client, records=(), sessions=()):
    return client.post(SYNC, {"records": list(records), "sessions": list(sessions)}, format="json")


@pytest.fixture
def member(api):
    return api("member.chanhlo")


def test_the_same_batch_posted_twice_makes_each_record_once(member):
    batch = [a_record(), a_record(service_type="e_payment", payment_provider="VNPT Money"), a_record()]

    first = sync(member, batch)
    second = sync(member, batch)

    assert first.status_code == 200 and second.status_code == 200
    assert [r["result"] for r in first.json()["records"]] == ["created"] * 3
    assert [r["result"] for r in second.json()["records"]] == ["exists"] * 3
    assert AssistanceRecord.objects.count() == 3
    copy = second.json()["records"][1]["record"]
    assert copy["client_uuid"] == batch[1]["client_uuid"]
    assert copy["payment_provider"] == "VNPT Money"
    assert copy["commune_code"] == "21025"


def test_a_partly_invalid_batch_saves_the_valid_records_and_explains_the_rest_in_vietnamese(member):
    good = a_record()
    no_service = a_record(service_type="no_such_service")
    failed_without_reason = a_record(outcome="failed")
    bad_cccd = a_record(citizen={"full_name": "Nguyễn Văn A", "birth_year": 1990, "cccd": "12345", "consent": True})
    missing_date = a_record()
    del missing_date["occurred_at"]

    response = sync(member, [good, no_service, failed_without_reason, bad_cccd, missing_date])

    results = response.json()["records"]
    assert response.status_code == 200
    assert [r["result"] for r in results] == ["created", "invalid", "invalid", "invalid", "invalid"]
    assert list(AssistanceRecord.objects.values_list("client_uuid", flat=True)) == [uuid.UUID(good["client_uuid"])]
    assert results[1]["errors"]["service_type"] == ["Dịch vụ không có hoặc đã ngừng dùng."]
    assert results[2]["errors"]["outcome_reason"] == ["Hãy ghi lý do không thực hiện được."]
    assert "12" in results[3]["errors"]["citizen"]["cccd"][0]  # the wording is the citizens app's
    assert results[4]["errors"]["occurred_at"] == ["Trường này là bắt buộc."]


def test_a_member_cannot_sync_into_another_communes_village(member):
    other = village_of("Tịnh Khê")

    response = sync(member, [a_record(village=other.pk)])

    result = response.json()["records"][0]
    assert result["result"] == "invalid"
    assert result["errors"]["village"] == ["Bạn chỉ được ghi nhận cho các thôn, tổ dân phố của xã mình."]
    assert not AssistanceRecord.objects.exists()


def test_a_member_may_log_in_any_village_of_their_own_commune(member):
    response = sync(member, [a_record(village=village_of("Cẩm Thành", 3).pk)])

    assert response.json()["records"][0]["result"] == "created"


def test_the_cccd_is_hashed_and_never_echoed_nor_audited(member):
    record = a_record(citizen={"full_name": "Trần Văn B", "birth_year": 1990, "gender": "male", "cccd": CCCD,
                               "consent": True})

    response = sync(member, [record])

    assert CCCD not in response.content.decode()
    citizen = Citizen.objects.get()
    assert citizen.cccd_last_digits == "1234" and citizen.cccd_hash and CCCD not in citizen.cccd_hash
    assert response.json()["records"][0]["record"]["citizen"]["cccd_last_digits"] == "1234"
    assert not any(CCCD in str(e.changes) for e in AuditEvent.objects.all())


def test_the_same_cccd_on_two_records_is_one_citizen(member):
    person = {"birth_year": 1990, "cccd": CCCD, "consent": True}
    sync(member, [a_record(citizen=person), a_record(service_type="ehealth", citizen=person)])

    assert Citizen.objects.count() == 1
    assert AssistanceRecord.objects.filter(citizen__isnull=False).count() == 2


def test_a_name_without_consent_is_refused(member):
    response = sync(member, [a_record(citizen={"full_name": "Lê Thị C", "consent": False})])

    errors = response.json()["records"][0]["errors"]
    assert errors["citizen"]["consent"]  # the wording is the citizens app's
    assert not Citizen.objects.exists() and not AssistanceRecord.objects.exists()


def test_a_higher_version_edits_the_members_own_record(member):
    record = a_record(note="lần đầu")
    sync(member, [record])

    stale = sync(member, [{**record, "note": "cũ"}]).json()["records"][0]
    edited = sync(member, [{**record, "client_version": 2, "note": "đã sửa"}]).json()["records"][0]

    # The same version with other content is not an edit: answered "conflict" with the stored copy (issue 18).
    assert stale["result"] == "conflict" and stale["record"]["note"] == "lần đầu" and stale["fields"] == ["note"]
    assert edited["result"] == "updated" and edited["record"]["client_version"] == 2
    assert AssistanceRecord.objects.get().note == "đã sửa"


def test_a_returned_record_fixed_and_resubmitted_goes_back_to_submitted(member, user):
    record = a_record()
    sync(member, [record])
    saved = AssistanceRecord.objects.get()
    record_review(record=saved, by=user("officer.chanhlo"), status=Status.RETURNED, reason="Sai thôn")

    listed = member.get("/api/v1/records/?mine=1").json()["results"][0]
    fixed = sync(member, [{**record, "client_version": 2, "village": village_of("Cẩm Thành", 1).pk}])

    assert listed["status"] == "returned" and listed["review_reason"] == "Sai thôn"
    result = fixed.json()["records"][0]
    assert result["result"] == "updated"
    assert result["record"]["status"] == "submitted"
    saved.refresh_from_db()
    assert saved.status == Status.SUBMITTED and saved.village == village_of("Cẩm Thành", 1)


def test_an_approved_record_can_no_longer_be_changed(member, user):
    record = a_record(note="gốc")
    sync(member, [record])
    record_review(record=AssistanceRecord.objects.get(), by=user("officer.chanhlo"), status=Status.APPROVED)

    result = sync(member, [{**record, "client_version": 2, "note": "sửa"}]).json()["records"][0]

    assert result["result"] == "invalid"
    assert result["record"]["status"] == "approved"
    assert AssistanceRecord.objects.get().note == "gốc"


def test_another_members_uuid_is_neither_overwritten_nor_revealed(api):
    record = a_record(note="của Khoa")
    sync(api("member.chanhlo"), [record])

    result = sync(api("leader.chanhlo"), [{**record, "client_version": 5, "note": "ghi đè"}]).json()["records"][0]

    assert result["result"] == "invalid" and "record" not in result
    assert AssistanceRecord.objects.get().note == "của Khoa"


def test_a_batch_of_more_than_200_is_refused_whole_with_a_clear_message(member):
    response = sync(member, [a_record() for _ in range(201)])

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["records"] == [
        "Mỗi lần gửi tối đa 200 bản ghi; hãy gửi phần còn lại ở lần sau."]
    assert not AssistanceRecord.objects.exists()


def test_an_officer_cannot_sync_records(api):
    response = sync(api("officer.chanhlo"), [a_record()])

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_an_anonymous_client_cannot_sync(api):
    assert sync(api(None), [a_record()]).status_code in (401, 403)


def test_a_leader_logs_a_group_session_once(api):
    session = {"client_uuid": str(uuid.uuid4()), "village": village_of("Cẩm Thành").pk,
               "held_on": timezone.localdate().isoformat(), "kind": "training", "topic": "Cài đặt VNeID",
               "attendees": 35}
    leader = api("leader.chanhlo")

    first = sync(leader, sessions=[session]).json()["sessions"][0]
    second = sync(leader, sessions=[session]).json()["sessions"][0]

    assert (first["result"], second["result"]) == ("created", "exists")
    assert GroupSession.objects.get().attendees == 35


def test_a_member_cannot_log_a_group_session(member):
    session = {"client_uuid": str(uuid.uuid4()), "village": village_of("Cẩm Thành").pk,
               "held_on": timezone.localdate().isoformat(), "topic": "Tuyên truyền", "attendees": 10}

    result = sync(member, sessions=[session]).json()["sessions"][0]

    assert result["result"] == "invalid" and not GroupSession.objects.exists()


def test_a_leader_cannot_log_a_group_session_in_another_communes_village(api):
    leader = api("leader.chanhlo")
    session = {"client_uuid": str(uuid.uuid4()), "village": village_of("Tịnh Khê").pk,
               "held_on": timezone.localdate().isoformat(), "topic": "Tuyên truyền", "attendees": 10}
    not_a_number = {**session, "client_uuid": str(uuid.uuid4()), "village": "thôn 1"}

    results = sync(leader, sessions=[session, not_a_number]).json()["sessions"]

    assert results[0]["result"] == "invalid"
    assert results[0]["errors"]["village"] == ["Bạn chỉ được ghi nhận cho các thôn, tổ dân phố của xã mình."]
    assert results[1]["result"] == "invalid" and results[1]["errors"]["village"]
    assert not GroupSession.objects.exists()

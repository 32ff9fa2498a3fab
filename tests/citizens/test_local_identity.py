"""Citizen identity is local to the commune that recorded it; the "same person" link is for counting only.

Commune B (member.tinhlong) records a person with a CCCD number. A member of commune A
(member.chanhlo) then meets the same person and sends only the number: A gets A's own copy of the
person (new, with what A typed), never B's name, birth year or gender, and what A types never
changes B's copy. The province still counts that person once; each commune counts them once.
"""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from records.models import AssistanceRecord

CCCD = "051090123456"  # born 1990, male
B_NAME = "Quách Văn Bímật"


def sync(api, username: str, citizen: dict) -> dict:
    client = api(username)
    village = client.get("/api/v1/me/").json()["villages"][0]["id"]
    record = {"client_uuid": str(uuid.uuid4()), "service_type": "vneid_l2", "village": village,
              "occurred_at": (timezone.now() - datetime.timedelta(minutes=5)).isoformat(), "citizen": citizen}
    answer = client.post("/api/v1/sync/", {"records": [record]}, format="json")
    assert answer.status_code == 200, answer.content
    result = answer.json()["records"][0]
    assert result["result"] == "created", result
    return result["record"]


def approve(web, officer: str, record: dict) -> None:
    response = web(officer).post(f"/officer/records/{record['client_uuid']}/approve/")
    assert response.status_code == 302


def people(web, username: str, unit_id: int) -> int:
    today = timezone.localdate()
    page = web(username).get(f"/reports/u/{unit_id}/", {"from": (today - datetime.timedelta(days=2)).isoformat(),
                                                        "to": today.isoformat()})
    assert page.status_code == 200
    return page.context["report"].people


@pytest.fixture
def b_record(api):
    return sync(api, "member.tinhlong", {"full_name": B_NAME, "birth_year": 1990, "gender": "male", "cccd": CCCD,
                                         "consent": True})


def test_a_member_meeting_a_person_another_commune_recorded_gets_their_own_copy(api, b_record):
    first = sync(api, "member.chanhlo", {"cccd": CCCD, "consent": True})

    assert first["citizen"] == {"full_name": "", "birth_year": None, "gender": "", "cccd_last_digits": "3456"}
    assert B_NAME not in str(first)


def test_a_name_typed_in_one_commune_never_changes_the_other_commune_s_copy(api, web, b_record):
    sync(api, "member.chanhlo", {"cccd": CCCD, "consent": True})
    renamed = sync(api, "member.chanhlo", {"cccd": CCCD, "full_name": "Tên Khác", "birth_year": 1990,
                                           "consent": True})

    assert renamed["citizen"]["full_name"] == "Tên Khác"
    b_view = api("member.tinhlong").get(f"/api/v1/records/{b_record['client_uuid']}/").json()
    assert b_view["citizen"] == {"full_name": B_NAME, "birth_year": 1990, "gender": "male", "cccd_last_digits": "3456"}
    b_page = web("officer.tinhlong").get(f"/officer/records/{b_record['client_uuid']}/").content.decode()
    assert B_NAME in b_page and "Tên Khác" not in b_page
    a_page = web("officer.chanhlo").get(f"/officer/records/{renamed['client_uuid']}/").content.decode()
    assert "Tên Khác" in a_page and B_NAME not in a_page
    # A's two records are one person in A: the second met A's own copy again.
    a_records = AssistanceRecord.objects.filter(member__username="member.chanhlo")
    assert a_records.count() == 2 and a_records.values("citizen").distinct().count() == 1


def test_the_province_still_counts_the_person_once(api, web, user, b_record):
    a_first = sync(api, "member.chanhlo", {"cccd": CCCD, "consent": True})
    a_again = sync(api, "member.chanhlo", {"cccd": CCCD, "full_name": "Tên Khác", "consent": True})
    for officer, record in (("officer.tinhlong", b_record), ("officer.chanhlo", a_first),
                            ("officer.chanhlo", a_again)):
        approve(web, officer, record)

    chanhlo, tinhlong = user("officer.chanhlo").unit, user("officer.tinhlong").unit
    province = user("viewer.quangngai").unit
    assert people(web, "viewer.quangngai", province.pk) == 1
    assert people(web, "officer.chanhlo", chanhlo.pk) == 1
    assert people(web, "officer.tinhlong", tinhlong.pk) == 1

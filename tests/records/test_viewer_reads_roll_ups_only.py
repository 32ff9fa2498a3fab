"""The province/district viewer reads roll-ups only: the record API refuses them, as the pages and the CSV do."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

NOTE = "Nhà ông Bảy, cạnh cây đa"


@pytest.fixture
def record_uuid(api):
    client = api("member.chanhlo")
    village = client.get("/api/v1/me/").json()["villages"][0]["id"]
    key = str(uuid.uuid4())
    body = {"records": [{"client_uuid": key, "service_type": "dvctt", "village": village,
                         "occurred_at": timezone.now().isoformat(), "latitude": 15.123456, "longitude": 108.654321,
                         "note": NOTE, "application_code": "H123456789", "place": "home"}]}
    assert client.post("/api/v1/sync/", body, format="json").json()["records"][0]["result"] == "created"
    return key


@pytest.mark.parametrize("path", ["/api/v1/records/", "/api/v1/records/{key}/", "/api/v1/records/?mine=1",
                                  "/api/v1/records/{key}/photo/"])
def test_the_viewer_gets_no_record_level_data_from_the_api(api, record_uuid, path):
    response = api("viewer.quangngai").get(path.format(key=record_uuid))

    assert response.status_code == 403
    body = response.content.decode()
    assert NOTE not in body and "15.123456" not in body and "H123456789" not in body
    assert "tổng hợp" in response.json()["error"]["message"]


def test_the_viewer_is_refused_the_records_csv_and_the_officer_pages_too(web, user, record_uuid):
    client = web("viewer.quangngai")
    province = user("viewer.quangngai").unit
    assert client.get(f"/reports/u/{province.pk}/export.csv", {"table": "records"}).status_code == 403
    assert client.get(f"/officer/records/{record_uuid}/").status_code == 403
    assert client.get(f"/reports/u/{province.pk}/").status_code == 200  # the roll-ups stay open


def test_the_member_and_the_officer_still_read_the_record(api, record_uuid):
    for username in ("member.chanhlo", "officer.chanhlo"):
        answer = api(username).get(f"/api/v1/records/{record_uuid}/")
        assert answer.status_code == 200 and answer.json()["note"] == NOTE

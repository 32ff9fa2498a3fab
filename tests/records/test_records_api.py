"""GET /api/v1/records/: each caller sees their slice, each record with its UUID and commune code."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from orgunits.models import OrgUnit


def log(client, commune: str, **extra) -> str:
    village = OrgUnit.objects.filter(level="village", parent__name=commune).order_by("name").first()
    key = str(uuid.uuid4())
    body = {"records": [{"client_uuid": key, "service_type": "vneid_l2", "village": village.pk,
                         "occurred_at": timezone.now().isoformat(), **extra}]}
    assert client.post("/api/v1/sync/", body, format="json").json()["records"][0]["result"] == "created"
    return key


@pytest.fixture
def logged(api):
    return {
        "chanhlo": log(api("member.chanhlo"), "Cẩm Thành",
                       citizen={"full_name": "Nguyễn Văn A", "consent": True}),
        "tinhlong": log(api("member.tinhlong"), "Tịnh Khê"),
    }


@pytest.mark.parametrize("username, sees", [
    ("member.chanhlo", {"chanhlo"}),
    ("member.tinhlong", {"tinhlong"}),
    ("officer.chanhlo", {"chanhlo"}),
    ("officer.hungdao", set()),
    ("admin", {"chanhlo", "tinhlong"}),
])
def test_it_lists_only_the_records_the_caller_may_see(api, logged, username, sees):
    response = api(username).get("/api/v1/records/")

    assert response.status_code == 200
    got = {r["client_uuid"] for r in response.json()["results"]}
    assert got == {logged[k] for k in sees}


def test_each_record_carries_its_commune_code(api, logged):
    result = api("officer.chanhlo").get("/api/v1/records/").json()["results"][0]

    assert result["client_uuid"] == logged["chanhlo"]
    assert result["commune_code"] == "21025"


def test_a_province_viewer_gets_no_record_and_the_officer_gets_the_citizen(api, logged):
    assert api("viewer.quangngai").get("/api/v1/records/").status_code == 403  # roll-ups only

    officer = api("officer.chanhlo").get("/api/v1/records/").json()["results"][0]
    assert officer["citizen"]["full_name"] == "Nguyễn Văn A"


def test_an_anonymous_client_is_refused_in_the_common_error_shape(api):
    response = api(None).get("/api/v1/records/")

    assert response.status_code in (401, 403)
    assert response.json()["error"]["message"] == "Thông tin xác thực chưa được cung cấp."


def test_another_communes_record_is_not_found(api, logged):
    response = api("member.chanhlo").get(f"/api/v1/records/{logged['tinhlong']}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"

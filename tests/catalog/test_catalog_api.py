"""GET /api/v1/me/ and the catalogs: what a phone needs to work offline, in the user's own scope."""

from __future__ import annotations

import pytest

from orgunits.models import OrgUnit


def test_me_gives_a_member_their_team_commune_villages_and_catalogs(api, user):
    me = api("member.chanhlo").get("/api/v1/me/").json()

    member = user("member.chanhlo")
    assert me["user"]["username"] == "member.chanhlo" and me["user"]["role"] == "member"
    assert me["team"]["id"] == member.team_id
    assert me["commune"] == {"id": member.team.commune_id, "name": "Cẩm Thành", "full_name": "Phường Cẩm Thành",
                             "code": "21025"}
    assert [v["name"] for v in me["villages"]] == [f"Tổ dân phố {i}" for i in range(1, 6)]
    assert me["default_village"] == member.team.unit_id
    assert "vneid_l2" in [s["code"] for s in me["service_types"]]
    assert {"value": "no_signal", "label": "không có sóng"} in me["outcome_reasons"]
    assert me["can_log_records"] and not me["can_log_sessions"]


def test_me_lets_a_leader_log_sessions(api):
    assert api("leader.chanhlo").get("/api/v1/me/").json()["can_log_sessions"]


def test_an_inactive_service_is_not_offered(api):
    from catalog.models import ServiceType

    ServiceType.objects.filter(code="other").update(is_active=False)

    codes = [s["code"] for s in api("member.chanhlo").get("/api/v1/service-types/").json()]
    assert "other" not in codes and "vneid_l1" in codes


@pytest.mark.parametrize("username, communes", [
    ("member.chanhlo", {"Cẩm Thành"}),
    ("officer.tinhlong", {"Tịnh Khê"}),
    ("viewer.quangngai", {"Cẩm Thành", "Tịnh Khê"}),
])
def test_villages_and_teams_stay_in_the_users_scope(api, username, communes):
    client = api(username)

    villages = client.get("/api/v1/villages/").json()
    teams = client.get("/api/v1/teams/").json()

    parents = {OrgUnit.objects.get(pk=v["parent"]).name for v in villages}
    assert parents == communes
    assert {OrgUnit.objects.get(pk=t["commune"]).name for t in teams} == communes


@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/service-types/", "/api/v1/villages/", "/api/v1/teams/"])
def test_catalogs_need_a_signed_in_user(api, url):
    assert api(None).get(url).status_code in (401, 403)

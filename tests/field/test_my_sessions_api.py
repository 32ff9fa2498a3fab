"""GET /api/v1/sessions/: the group sessions the caller logged, so the phone keeps listing them once sent."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone


def log_session(client, topic: str) -> str:
    village = client.get("/api/v1/me/").json()["villages"][0]["id"]
    key = str(uuid.uuid4())
    body = {"sessions": [{"client_uuid": key, "village": village, "topic": topic, "attendees": 20,
                          "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()}]}
    assert client.post("/api/v1/sync/", body, format="json").json()["sessions"][0]["result"] == "created"
    return key


def test_a_leader_gets_back_the_sessions_they_logged_and_no_one_elses(api):
    mine = log_session(api("leader.chanhlo"), "Tập huấn VNeID")
    log_session(api("leader.ngoctrao"), "Tuyên truyền ở Ngọc Trạo")

    got = api("leader.chanhlo").get("/api/v1/sessions/").json()["results"]
    assert [(s["client_uuid"], s["topic"], s["kind"]) for s in got] == [(mine, "Tập huấn VNeID", "outreach")]
    # An officer of the same commune logged none of them: the list is the caller's own.
    assert api("officer.chanhlo").get("/api/v1/sessions/").json()["results"] == []
    assert api().get("/api/v1/sessions/").status_code in (401, 403)

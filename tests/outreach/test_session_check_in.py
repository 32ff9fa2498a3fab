"""Citizens checked in at a group session (issue 17): identified by CCCD (or name) from the phone, each one
counts once as a person in the indicators the session's kind feeds, beside the other records; the other
attendees stay attendances. A check-in names its session, of its own commune, on the session's day."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role, User
from catalog.models import ServiceType
from indicators.models import Indicator
from outreach.selectors import session_totals
from periods.periods import period_year
from records.models import AssistanceRecord, Status
from teams.models import Team
from tests.review_factories import make_record

pytestmark = pytest.mark.django_db

CCCD_AN, CCCD_BINH = "051090001111", "051188002222"


@pytest.fixture
def world(demo):
    officer = User.objects.get(username="officer.chanhlo")
    commune = officer.unit
    team = Team.objects.get_or_create(unit=commune, name="Tổ CNSCĐ cấp xã (thử)")[0]
    leader = User.objects.create_user("ld.xa", role=Role.LEADER, team=team, first_name="Tổ trưởng cấp xã")
    phone = APIClient()
    phone.force_authenticate(leader)
    village = commune.children.filter(valid_to__isnull=True).order_by("name").first()
    return {"officer": officer, "commune": commune, "leader": leader, "phone": phone, "village": village}


def session(held_on: str, kind: str = "training", attendees: int = 30, village=None) -> dict:
    return {"client_uuid": str(uuid.uuid4()), "village": village, "held_on": held_on, "kind": kind,
            "topic": "Tập huấn sử dụng VNeID và dịch vụ công trực tuyến", "attendees": attendees,
            "for_team_members": False}


def check_in(s: dict, village, *, name: str, cccd: str = "", birth_year: int | None = 1990, service=None,
             day: str | None = None) -> dict:
    kind = ServiceType.objects.get(session_kind=s["kind"]).code if service is None else service
    return {"client_uuid": str(uuid.uuid4()), "service_type": kind, "village": village.pk,
            "occurred_at": f"{day or s['held_on']}T09:30:00+07:00", "session": s["client_uuid"],
            "citizen": {"full_name": name, "cccd": cccd, "birth_year": birth_year, "consent": True}}


def sync(phone, records=(), sessions=()) -> dict:
    response = phone.post("/api/v1/sync/", {"records": list(records), "sessions": list(sessions)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def approve_all(client, officer) -> None:
    client.force_login(officer)
    for record in AssistanceRecord.objects.filter(status=Status.SUBMITTED):
        assert client.post(f"/officer/records/{record.client_uuid}/approve/").status_code == 302


def trained(client, commune) -> int:
    report = client.get(f"/reports/u/{commune.pk}/?period=2025").context["report"]
    return next(r for r in report.indicators if r.indicator.code == "trained_working_age").numerator


def test_a_commune_wide_sessions_checked_in_citizens_count_once_beside_the_records(client, world):
    phone, village = world["phone"], world["village"]
    approve_all(client, world["officer"])  # the demo's own records aside
    before = trained(client, world["commune"])
    first, second = session("2025-04-04"), session("2025-05-05", kind="outreach", attendees=12)
    answer = sync(phone, sessions=[first, second], records=[
        check_in(first, village, name="Nguyễn Văn An", cccd=CCCD_AN),
        check_in(first, village, name="Trần Thị Bình", cccd=CCCD_BINH, birth_year=1988),
        check_in(first, village, name="Lê Văn Cường", birth_year=1975),  # no CCCD: identified by name
        check_in(second, village, name="Nguyễn Văn An", cccd=CCCD_AN),  # An again, at the outreach session
    ])
    assert [r["result"] for r in answer["sessions"]] == ["created", "created"]
    assert [r["result"] for r in answer["records"]] == ["created"] * 4, answer["records"]
    assert answer["records"][0]["record"]["session"] == first["client_uuid"]
    # Bình was also guided through an online public service by a village member: still one person.
    make_record("member.chanhlo", service="dvctt", name="Trần Thị Bình", cccd=CCCD_BINH, birth_year=1988,
                procedure_name="Đăng ký khai sinh", application_code="HS-77", days_ago=1)
    AssistanceRecord.objects.filter(service_type__code="dvctt").update(occurred_at=datetime.datetime(
        2025, 6, 1, 9, tzinfo=datetime.UTC))

    assert trained(client, world["commune"]) == before  # nothing counts before the officer approves
    approve_all(client, world["officer"])
    # An, Bình and Cường: three people, whatever the number of sessions and records.
    assert trained(client, world["commune"]) == before + 3

    totals = session_totals(units=[world["commune"], village], period=period_year(year=2025))
    mine = totals[world["commune"].pk]
    assert (mine.citizens_reached, mine.citizens_checked_in) == (42, 3)
    assert totals[village.pk].citizens_checked_in == 0  # commune-wide sessions are no village's

    page = client.get(f"/reports/u/{world['commune'].pk}/?period=2025").content.decode()
    assert "Người dân được điểm danh tại các buổi (người): 3" in page
    assert "Dự tập huấn (người dân được điểm danh tại buổi tập huấn)" in page  # what feeds the indicator
    printed = client.get(f"/reports/u/{world['commune'].pk}/print/?period=2025").content.decode()
    assert "trong đó 3 người được điểm danh bằng CCCD hoặc họ tên" in printed
    one = AssistanceRecord.objects.get(client_uuid=answer["records"][0]["client_uuid"])
    detail = client.get(f"/officer/records/{one.client_uuid}/").content.decode()
    assert "Điểm danh tại buổi" in detail and "Tập huấn: Tập huấn sử dụng VNeID" in detail and "30 người dự" in detail
    listing = client.get("/officer/sessions/").content.decode()
    assert '<td class="checked-in">3</td>' in listing and '<td class="checked-in">1</td>' in listing

    # The stored figures equal a recount: summary_check raises CommandError (exit 1) when any cell differs.
    out = io.StringIO()
    call_command("summary_check", "--no-progress", stdout=out, stderr=io.StringIO())
    assert ", 0 ô lệch" in out.getvalue(), out.getvalue()


def test_check_ins_that_do_not_belong_to_a_session_are_refused_in_vietnamese(world):
    phone, village = world["phone"], world["village"]
    held = session("2025-04-04")
    sync(phone, sessions=[held])
    stranger = session("2025-04-04")  # never sent
    cases = [
        ({**check_in(held, village, name="An"), "session": None}, "Điểm danh phải gắn với một buổi"),
        (check_in(stranger, village, name="An"), "Buổi chưa đến máy chủ"),
        (check_in(held, village, name="An", day="2025-04-05"), "ngày của buổi (04/04/2025)"),
        (check_in(held, village, name="An", service=ServiceType.objects.get(session_kind="outreach").code),
         "buổi loại khác"),
        ({**check_in(held, village, name="An"), "service_type": "vneid_l2"}, "Chỉ bản ghi điểm danh"),
    ]
    for body, words in cases:
        result = sync(phone, records=[body])["records"][0]
        assert result["result"] == "invalid" and words in str(result["errors"]), (words, result)
    assert not AssistanceRecord.objects.filter(session_uuid__isnull=False).exists()

    # Another commune's member cannot check a citizen in at this commune's session, even knowing its UUID.
    outsider = User.objects.filter(role=Role.MEMBER).exclude(team__commune=world["commune"]).select_related(
        "team").first()
    phone.force_authenticate(outsider)
    their_village = outsider.team.unit if outsider.team.unit.level == "village" else outsider.team.unit.children.first()
    result = sync(phone, records=[check_in(held, their_village, name="An")])["records"][0]
    assert result["result"] == "invalid" and "Buổi chưa đến máy chủ" in str(result["errors"])


def test_the_phone_is_told_which_service_stands_for_each_kind_of_session(world):
    services = world["phone"].get("/api/v1/me/").json()["service_types"]
    kinds = {s["code"]: s["session_kind"] for s in services}
    assert kinds["session_training"] == "training" and kinds["session_outreach"] == "outreach"
    assert kinds["vneid_l2"] == ""
    feeds = Indicator.objects.get(code="trained_working_age").service_types.values_list("code", flat=True)
    assert {"session_training", "session_outreach"} <= set(feeds)

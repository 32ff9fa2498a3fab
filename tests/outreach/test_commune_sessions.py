"""The commune logs its own sessions (issue 17): for the whole commune or a village, with the list of team
members present. Members on lists count once each as members trained (people); sessions without a list
still count as attendances, and the reports say which is which."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Role, User
from orgunits.models import OrgUnit
from outreach.models import GroupSession
from outreach.selectors import session_totals
from periods.periods import period_year
from teams.models import Team

pytestmark = pytest.mark.django_db

NEW = "/officer/sessions/new/"


@pytest.fixture
def world(demo):
    officer = User.objects.get(username="officer.chanhlo")
    commune = officer.unit
    own = Team.objects.get_or_create(unit=commune, name="Tổ CNSCĐ cấp xã (thử)")[0]
    village_team = Team.objects.filter(commune=commune).exclude(unit=commune).first()
    members = [User.objects.create_user(f"tv.{i}", role=Role.MEMBER, team=village_team if i % 2 else own,
                                        first_name=f"Thành viên {i}") for i in range(4)]
    other_commune_member = User.objects.exclude(team__commune=commune).filter(role=Role.MEMBER).first()
    return {"officer": officer, "commune": commune, "own": own, "members": members, "stranger": other_commune_member}


def post(client, world, **fields):
    data = {"held_on": "2025-03-10", "kind": "training", "topic": "Tập huấn kỹ năng số cho Tổ CNSCĐ",
            "team": world["own"].pk, "village": "", "for_team_members": "on", "attendees": ""}
    data.update(fields)
    client.force_login(world["officer"])
    return client.post(NEW, data)


def test_an_officer_logs_a_commune_wide_training_and_members_count_once_as_people(client, world):
    m = world["members"]
    assert post(client, world, members_present=[m[0].pk, m[1].pk, m[2].pk]).status_code == 302
    assert post(client, world, held_on="2025-06-02", members_present=[m[1].pk, m[2].pk, m[3].pk],
                attendees="5").status_code == 302
    # A members' training without a list: its attendances are kept apart, not added to the people.
    assert post(client, world, held_on="2025-09-09", attendees="7").status_code == 302
    first = GroupSession.objects.order_by("held_on").first()
    assert first.village is None and first.commune == world["commune"] and first.attendees == 3

    commune = world["commune"]
    province = OrgUnit.objects.get(pk=commune.province_id)
    village = OrgUnit.objects.villages().filter(parent=commune).first()
    totals = session_totals(units=[commune, province, village], period=period_year(year=2025))
    mine = totals[commune.pk]
    assert (mine.member_sessions, mine.members_trained, mine.members_listed, mine.members_unlisted) == (3, 15, 4, 7)
    assert totals[province.pk].members_listed == 4  # the province counts its communes' lists
    assert totals[village.pk].total == 0  # a commune-wide session is no village's

    response = client.get(f"/reports/u/{commune.pk}/print/?period=2025")
    html = response.content.decode()
    assert ("được hướng dẫn tập huấn 4 người (theo danh sách điểm danh) và 7 lượt người ở các buổi không có "
            "danh sách điểm danh") in html
    assert "Số lượng thành viên Tổ công nghệ số cộng đồng được hướng dẫn, tập huấn: 4 người" in html
    dashboard = client.get(f"/reports/u/{commune.pk}/?period=2025").content.decode()
    assert "Thành viên được tập huấn (người, theo danh sách điểm danh): 4" in dashboard
    listing = client.get("/officer/sessions/").content.decode()
    assert "toàn xã/phường" in listing and "Tập huấn kỹ năng số cho Tổ CNSCĐ" in listing


def test_bad_sessions_are_refused_in_vietnamese_and_nothing_is_saved(client, world):
    m = world["members"]
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    cases = [
        ({"held_on": tomorrow, "members_present": [m[0].pk]}, "Ngày tổ chức không thể sau hôm nay."),
        ({"members_present": [m[0].pk, m[1].pk], "attendees": "1"},
         "Danh sách điểm danh có 2 thành viên: số người tham dự không thể ít hơn."),
        ({"attendees": ""}, "Hãy nhập số người tham dự hoặc đánh dấu các thành viên có mặt."),
        ({"members_present": [world["stranger"].pk]}, "không phải là một trong các lựa chọn"),  # not among the choices offered
        ({"attendees": "-3"}, "Giá trị phải lớn hơn hoặc bằng 1."),
        ({"topic": ""}, "Trường này là bắt buộc."),
    ]
    other = OrgUnit.objects.villages().exclude(parent=world["commune"]).first()
    cases.append(({"village": other.pk, "attendees": "3"}, "không phải là một trong các lựa chọn"))
    for fields, message in cases:
        response = post(client, world, **fields)
        assert response.status_code == 200, fields
        assert message in response.content.decode(), (fields, message)
    assert not GroupSession.objects.exists()


def test_only_a_communes_officer_logs_its_sessions(client, world):
    client.force_login(User.objects.get(username="member.chanhlo"))
    assert client.get(NEW).status_code == 403
    assert client.get("/officer/sessions/").status_code == 403
    client.force_login(User.objects.get(username="viewer.quangngai"))
    assert client.get(NEW).status_code == 403
    # Another commune's officer sees neither these members on the form nor the sessions on the list.
    post(client, world, members_present=[world["members"][0].pk])
    other = User.objects.filter(role=Role.OFFICER).exclude(unit=world["commune"]).exclude(unit__isnull=True).first()
    client.force_login(other)
    assert "Thành viên 0" not in client.get(NEW).content.decode()
    assert "Tập huấn kỹ năng số cho Tổ CNSCĐ" not in client.get("/officer/sessions/").content.decode()


def test_the_commune_teams_leader_logs_a_whole_commune_session_from_the_phone(world):
    import uuid

    from rest_framework.test import APIClient

    leader = User.objects.create_user("ld.xa", role=Role.LEADER, team=world["own"])
    client = APIClient()
    client.force_authenticate(leader)
    assert client.get("/api/v1/me/").json()["whole_commune_sessions"] is True
    body = {"client_uuid": str(uuid.uuid4()), "village": None, "held_on": "2025-04-04", "kind": "training",
            "topic": "Tập huấn toàn phường", "attendees": 40, "for_team_members": False}
    result = client.post("/api/v1/sync/", {"records": [], "sessions": [body]}, format="json").json()["sessions"][0]
    assert result["result"] == "created" and result["session"]["village_name"] == "toàn xã/phường"
    again = client.post("/api/v1/sync/", {"records": [], "sessions": [body]}, format="json").json()["sessions"][0]
    assert again["result"] == "exists"  # the same session sent twice is kept once
    session = GroupSession.objects.get()
    assert session.village is None and session.commune == world["commune"]
    assert session_totals(units=[world["commune"]], period=period_year(year=2025))[world["commune"].pk].citizens_reached == 40

    village_leader = User.objects.get(username="leader.chanhlo")
    client.force_authenticate(village_leader)
    assert client.get("/api/v1/me/").json()["whole_commune_sessions"] is False
    body = {**body, "client_uuid": str(uuid.uuid4())}
    refused = client.post("/api/v1/sync/", {"records": [], "sessions": [body]}, format="json").json()["sessions"][0]
    assert refused["result"] == "invalid"
    assert "Chỉ Tổ CNSCĐ cấp xã mới ghi buổi cho toàn xã/phường" in str(refused["errors"])


def test_the_province_report_takes_a_communes_attendance_list_where_it_entered_no_figure(client, world):
    m = world["members"]
    post(client, world, members_present=[m[0].pk, m[1].pk, m[2].pk])
    client.force_login(User.objects.get(username="viewer.quangngai"))
    province = OrgUnit.objects.get(pk=world["commune"].province_id)
    html = client.get(f"/reports/u/{province.pk}/print/?period=2025").content.decode()
    annex = html[html.index("PHỤ LỤC 1"):]
    row = annex[annex.index(world["commune"].full_name):]
    cells = row[:row.index("</tr>")]
    import re

    values = re.findall(r'<td class="n">([^<]*)</td>', cells)  # teams (xã, thôn), members, trained, people, visits
    assert values[3] == "3"  # three members on the list, counted as people (no figure entered: "—" before)
    assert "số thành viên có tên trong danh sách điểm danh" in annex

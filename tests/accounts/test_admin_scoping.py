"""The Django admin, as a commune officer uses it: in Vietnamese, scoped to the officer's commune."""

from __future__ import annotations

import pytest
from django.utils import timezone

from catalog.models import ServiceType
from citizens.services import CitizenInput, citizen_resolve
from records.models import AssistanceRecord
from records.services import record_create


@pytest.fixture
def two_records(user):
    made = {}
    for username, name in [("member.chanhlo", "Nguyễn Văn Chánh"), ("member.hungdao", "Phạm Thị Hưng")]:
        member = user(username)
        citizen = citizen_resolve(province=member.unit.province,
                                  data=CitizenInput(full_name=name, birth_year=1980, consent=True), by=member)
        made[username] = record_create(member=member, service_type=ServiceType.objects.get(code="dvctt"),
                                       village=member.team.unit, occurred_at=timezone.now(), citizen=citizen)
    return made


def test_an_officer_sees_only_the_records_of_the_commune_in_the_admin(web, two_records):
    client = web("officer.chanhlo")
    page = client.get("/admin/records/assistancerecord/")
    assert page.status_code == 200
    assert "Nguyễn Văn Chánh" in page.content.decode()
    assert "Phạm Thị Hưng" not in page.content.decode()
    other = two_records["member.hungdao"]
    assert client.get(f"/admin/records/assistancerecord/{other.pk}/change/").status_code in (302, 404)


def test_admin_name_search_ignores_diacritics(web, two_records):
    page = web("officer.chanhlo").get("/admin/records/assistancerecord/", {"q": "nguyen van chanh"})
    assert "Nguyễn Văn Chánh" in page.content.decode()


def test_an_officer_approves_from_the_admin_and_the_audit_trail_says_who(web, user, two_records):
    record = two_records["member.chanhlo"]
    client = web("officer.chanhlo")
    client.post("/admin/records/assistancerecord/", {"action": "approve_selected", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.status == "approved" and record.reviewed_by == user("officer.chanhlo")
    from audit.models import AuditEvent

    assert AuditEvent.objects.filter(object_id=str(record.client_uuid), action="approve",
                                     actor__username="officer.chanhlo").exists()
    # the other commune's record cannot be slipped into the action
    other = two_records["member.hungdao"]
    client.post("/admin/records/assistancerecord/", {"action": "approve_selected", "_selected_action": [other.pk]})
    assert AssistanceRecord.objects.get(pk=other.pk).status == "submitted"


def test_the_admin_speaks_vietnamese_by_default(web, demo):
    page = web("admin").get("/admin/")
    assert page.status_code == 200
    assert 'lang="vi"' in page.content.decode()


def test_an_officer_cannot_make_an_administrator(web, user):
    client = web("officer.chanhlo")
    page = client.get("/admin/accounts/user/add/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="admin"' not in body and 'value="officer"' not in body


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [("member.chanhlo", "/app/"), ("leader.ngoctrao", "/app/"), ("officer.hungdao", "/officer/records/"),
     ("viewer.quangngai", "/reports/"), ("admin", "/admin/")],
)
def test_each_role_lands_on_its_workspace(web, username, lands_on):
    response = web(username).get("/")
    assert response.status_code == 302 and response["Location"] == lands_on

"""The Django admin: the administrators' tool, in Vietnamese. Should staff rights ever reach an officer,
every page is still scoped to the officer's commune (see test_admin_is_for_administrators.py)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.models import User
from catalog.models import ServiceType
from citizens.services import CitizenInput, citizen_resolve
from records.models import AssistanceRecord
from records.services import record_create
from tests.admin_forms import admin_request, rendered


@pytest.fixture
def two_records(user):
    made = {}
    for username, name in [("member.chanhlo", "Nguyễn Văn Chánh"), ("member.hungdao", "Phạm Thị Hưng")]:
        member = user(username)
        citizen = citizen_resolve(commune=member.team.commune,
                                  data=CitizenInput(full_name=name, birth_year=1980, consent=True), by=member)
        made[username] = record_create(member=member, service_type=ServiceType.objects.get(code="dvctt"),
                                       village=member.team.unit, occurred_at=timezone.now(), citizen=citizen)
    return made


@pytest.fixture
def staff_officer(user):
    officer = user("officer.chanhlo")
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["records", "accounts"]))
    return User.objects.get(pk=officer.pk)


def test_the_administrator_sees_every_commune_s_records(web, two_records):
    page = web("admin").get("/admin/records/assistancerecord/").content.decode()
    assert "Nguyễn Văn Chánh" in page and "Phạm Thị Hưng" in page


def test_a_staff_officer_would_still_see_only_the_commune_s_records(staff_officer, two_records):
    model_admin = admin.site._registry[AssistanceRecord]
    page = rendered(model_admin.changelist_view(admin_request(staff_officer, path="/admin/records/assistancerecord/")))
    assert "Nguyễn Văn Chánh" in page and "Phạm Thị Hưng" not in page
    other = two_records["member.hungdao"]
    assert model_admin.get_object(admin_request(staff_officer), str(other.pk)) is None


def test_admin_name_search_ignores_diacritics(web, two_records):
    page = web("admin").get("/admin/records/assistancerecord/", {"q": "nguyen van chanh"})
    assert "Nguyễn Văn Chánh" in page.content.decode()


def test_the_admin_speaks_vietnamese_by_default(web, demo):
    page = web("admin").get("/admin/")
    assert page.status_code == 200
    assert 'lang="vi"' in page.content.decode()


def test_a_staff_officer_still_could_not_make_an_administrator(staff_officer):
    page = rendered(admin.site._registry[User].add_view(admin_request(staff_officer, path="/admin/accounts/user/add/")))
    assert 'value="admin"' not in page and 'value="officer"' not in page


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [("member.chanhlo", "/app/"), ("leader.ngoctrao", "/app/"), ("officer.hungdao", "/officer/records/"),
     ("viewer.quangngai", "/reports/"), ("admin", "/admin/")],
)
def test_each_role_lands_on_its_workspace(web, username, lands_on):
    response = web(username).get("/")
    assert response.status_code == 302 and response["Location"] == lands_on

"""Finding 1: the admin's id boxes reached the whole country.

Officers work in /officer/; /admin/ is for administrators only. And should staff rights ever be
given to someone else, every relation widget of every admin form is limited to their communes, so
that no id typed in a box brings another commune's citizen onto the page.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Permission

from accounts.admin_scoping import ScopedAdmin
from records.models import AssistanceRecord
from tests.admin_forms import admin_request, form_fields, rendered
from tests.review_factories import make_record

FOREIGN_NAME = "Quách Văn Bímật"


@pytest.fixture
def records(demo):
    own = make_record("member.chanhlo", name="Hồ Thị Riêngmình", digital_address="QNG-OWN-1",
                      household_name="Hộ Riêngmình")
    foreign = make_record("member.tinhlong", name=FOREIGN_NAME, digital_address="QNG-TL-9",
                          household_name="Hộ Bímật")
    return own, foreign


@pytest.mark.parametrize("username", ["officer.chanhlo", "member.chanhlo", "leader.chanhlo", "viewer.quangngai"])
def test_only_administrators_reach_the_admin(web, records, username):
    own, foreign = records
    client = web(username)
    for url in ("/admin/", "/admin/records/assistancerecord/", f"/admin/records/assistancerecord/{own.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    client.post(f"/admin/records/assistancerecord/{own.pk}/change/", {"citizen": foreign.citizen_id})
    own.refresh_from_db()
    assert own.citizen_id != foreign.citizen_id


def test_the_administrator_still_reaches_the_admin(web, records):
    assert web("admin").get("/admin/records/assistancerecord/").status_code == 200


@pytest.fixture
def staff_officer(user):
    """An officer someone made staff, with the rights the admin would need."""
    officer = user("officer.chanhlo")
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(*Permission.objects.filter(
        content_type__app_label__in=["records", "citizens", "teams", "outreach", "accounts", "indicators"]))
    return type(officer).objects.get(pk=officer.pk)  # fresh permission cache


def test_a_foreign_citizen_id_typed_in_a_box_is_neither_shown_nor_saved(staff_officer, records):
    own, foreign = records
    model_admin = admin.site._registry[AssistanceRecord]
    url = f"/admin/records/assistancerecord/{own.pk}/change/"
    shown = rendered(model_admin.change_view(admin_request(staff_officer, path=url), str(own.pk)))
    data = form_fields(shown)

    for field in ("citizen", "household"):
        if field in data:
            data[field] = str(getattr(foreign, f"{field}_id"))
    invalid = {**data, "latitude": "không phải số"}
    page = rendered(model_admin.change_view(admin_request(staff_officer, "post", url, invalid), str(own.pk)))
    assert FOREIGN_NAME not in page and "Hộ Bímật" not in page

    model_admin.change_view(admin_request(staff_officer, "post", url, data), str(own.pk))
    own.refresh_from_db()
    assert own.citizen_id != foreign.citizen_id and own.household_id != foreign.household_id
    assert FOREIGN_NAME not in rendered(model_admin.change_view(admin_request(staff_officer, path=url), str(own.pk)))


def test_no_admin_form_offers_another_commune_s_rows(staff_officer, records):
    _own, foreign = records
    foreign_rows = {foreign, foreign.citizen, foreign.household, foreign.team, foreign.member, foreign.village,
                    foreign.commune}
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        request = admin_request(staff_officer)
        form = model_admin.get_form(request, None)()
        for name, field in form.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                checked += 1
                offered = set(field.queryset.filter(pk__in=[r.pk for r in foreign_rows
                                                            if r._meta.model is field.queryset.model]))
                assert not offered, f"{model.__name__}.{name} offers {offered}"
    assert checked >= 10


def test_the_citizen_lookup_popup_lists_only_the_commune_s_citizens(staff_officer, records):
    from citizens.models import Citizen

    page = rendered(admin.site._registry[Citizen].changelist_view(
        admin_request(staff_officer, path="/admin/citizens/citizen/", data={"_popup": "1", "_to_field": "id"})))
    assert "Riêngmình" in page and FOREIGN_NAME not in page

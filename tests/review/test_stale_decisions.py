"""An officer decides on the version of a record they saw: a record the member changed since is refused."""

from __future__ import annotations

import re

import pytest

from accounts.models import User
from records.models import AssistanceRecord, Status
from records.services import record_update
from tests.review_factories import fast_passwords, make_record  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")

VERSION = re.compile(r'name="version" value="(\d+)"')


def member_fixes(record, note: str):
    fresh = AssistanceRecord.objects.get(pk=record.pk)
    record_update(record=fresh, by=User.objects.get(pk=fresh.member_id), client_version=fresh.client_version + 1,
                  note=note)


def test_an_approval_of_a_version_changed_since_is_refused_with_a_message(web, demo):
    record = make_record("member.chanhlo", name="Nguyễn Văn An")
    client = web("officer.chanhlo")
    page = client.get(f"/officer/records/{record.client_uuid}/").content.decode()
    seen = int(VERSION.search(page).group(1))

    member_fixes(record, "đổi sau khi cán bộ mở trang")
    response = client.post(f"/officer/records/{record.client_uuid}/approve/", {"version": seen}, follow=True)

    record.refresh_from_db()
    assert record.status == Status.SUBMITTED and record.version == seen + 1
    assert "Bản ghi vừa được sửa, hãy xem lại." in response.content.decode()
    # The page now shows the new version: approving that one works.
    again = int(VERSION.search(response.content.decode()).group(1))
    client.post(f"/officer/records/{record.client_uuid}/approve/", {"version": again})
    record.refresh_from_db()
    assert record.status == Status.APPROVED and record.note == "đổi sau khi cán bộ mở trang"


def test_a_return_of_a_changed_version_is_refused_too(web, demo):
    record = make_record("member.chanhlo", name="Nguyễn Văn An")
    member_fixes(record, "sửa")
    response = web("officer.chanhlo").post(f"/officer/records/{record.client_uuid}/return/",
                                           {"version": 1, "reason": "Thiếu ảnh"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED and record.review_reason == ""


def test_bulk_approval_leaves_the_records_changed_since_the_page_was_shown(web, demo):
    kept = make_record("member.chanhlo", name="Nguyễn Văn An")
    changed = make_record("member.chanhlo", name="Trần Thị Bé")
    client = web("officer.chanhlo")
    page = client.get("/officer/records/")
    form = {"uuids": page.context["submitted_on_page"], "versions": page.context["versions_on_page"]}
    assert sorted(form["uuids"]) == sorted([str(kept.client_uuid), str(changed.client_uuid)])

    member_fixes(changed, "sửa trong lúc cán bộ duyệt")
    response = client.post("/officer/records/approve/", form, follow=True)

    assert AssistanceRecord.objects.get(pk=kept.pk).status == Status.APPROVED
    assert AssistanceRecord.objects.get(pk=changed.pk).status == Status.SUBMITTED
    assert "1 bản ghi vừa được sửa nên chưa được duyệt, hãy xem lại." in response.content.decode()


def test_a_version_that_is_not_a_number_is_a_clear_400(web, demo):
    record = make_record("member.chanhlo", name="Nguyễn Văn An")
    response = web("officer.chanhlo").post(f"/officer/records/{record.client_uuid}/approve/", {"version": "abc"})
    assert response.status_code == 400
    assert AssistanceRecord.objects.get(pk=record.pk).status == Status.SUBMITTED

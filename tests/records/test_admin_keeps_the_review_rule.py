"""Finding 5: the admin bypassed the review rule. Reviews happen on the officer pages, by their rules;
in the admin a record's status and review fields are read-only and no action approves."""

from __future__ import annotations

import pytest

from records.models import AssistanceRecord, Status
from tests.admin_forms import form_fields
from tests.review_factories import make_record


@pytest.fixture
def returned(demo):
    return make_record("member.chanhlo", name="Lê Văn Trảvề", status=Status.RETURNED)


def test_no_admin_action_approves_a_returned_record(web, returned):
    client = web("admin")
    client.post("/admin/records/assistancerecord/", {"action": "approve_selected", "_selected_action": [returned.pk]})

    returned.refresh_from_db()
    assert returned.status == Status.RETURNED and returned.review_reason
    # The officer pages refuse it too: the same rule everywhere.
    client.post(f"/officer/records/{returned.client_uuid}/approve/")
    assert AssistanceRecord.objects.get(pk=returned.pk).status == Status.RETURNED


def test_the_admin_change_form_cannot_set_the_status_or_the_review(web, user, returned):
    client = web("admin")
    url = f"/admin/records/assistancerecord/{returned.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content.decode())
    data.update({"status": Status.APPROVED, "review_reason": "", "reviewed_by": str(user("admin").pk),
                 "note": "sửa ghi chú"})

    response = client.post(url, data)

    assert response.status_code == 302, form_fields(response.content.decode())
    returned.refresh_from_db()
    assert returned.note == "sửa ghi chú"  # the form itself works
    assert returned.status == Status.RETURNED and returned.review_reason == "Thiếu thông tin"
    assert returned.reviewed_by == user("officer.chanhlo")

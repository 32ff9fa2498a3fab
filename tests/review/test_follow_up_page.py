"""The officer's "Cần quay lại" page (open and overdue follow-ups per village) and the linked pair on the
record page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from records.models import AssistanceRecord, Status
from tests.review_factories import fast_passwords, make_record  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")


def pending(username, *, due_in: int | None, **kw):
    record = make_record(username, outcome="pending", **kw)
    if due_in is not None:
        AssistanceRecord.objects.filter(pk=record.pk).update(
            appointment_on=timezone.localdate() + datetime.timedelta(days=due_in))
    return record


def follow_up(first, **kw):
    record = make_record(first.member.username, **kw)
    AssistanceRecord.objects.filter(pk=record.pk).update(follows=first)
    return record


def reject(record):
    AssistanceRecord.objects.filter(pk=record.pk).update(
        status=Status.REJECTED, review_reason="Sai", reviewed_by=User.objects.get(username="officer.chanhlo"),
        reviewed_at=timezone.now())


def test_officers_see_per_village_the_open_and_overdue_follow_ups_of_their_commune(demo, web):
    overdue = pending("member.chanhlo", due_in=-2, name="Nguyễn Văn Quá")
    pending("member.chanhlo", due_in=0)          # due today: open, not overdue
    pending("member.chanhlo", due_in=None)       # no date: open
    done = pending("member.chanhlo", due_in=-5)  # followed up: closed
    follow_up(done)
    refused = pending("member.chanhlo", due_in=-1)  # its follow-up was rejected: still open, overdue
    reject(follow_up(refused))
    reject(pending("member.chanhlo", due_in=-9))  # a rejected visit is nothing to come back to
    pending("member.tinhlong", due_in=-3)       # another commune's: not counted, not shown

    response = web("officer.chanhlo").get("/officer/follow-ups/")
    assert response.status_code == 200
    rows = {r.village: r for r in response.context["rows"]}
    village = overdue.village.name
    assert (rows[village].open, rows[village].overdue, rows[village].due_today) == (4, 2, 1)
    assert sum(r.open for r in rows.values()) == 4
    assert "Tịnh" not in " ".join(rows)
    page = response.content.decode()
    assert "<h1>Cần quay lại</h1>" in page and "Quá hạn" in page
    assert 'id="total-open">4<' in page and 'id="total-overdue">2<' in page


def test_the_record_page_shows_the_linked_pair(demo, web):
    first = pending("member.chanhlo", due_in=1, name="Trần Văn Hẹn")
    second = follow_up(first, service="vneid_l2")
    client = web("officer.chanhlo")

    page = client.get(f"/officer/records/{first.client_uuid}/").content.decode()
    assert "Ngày hẹn lại" in page and "Lần quay lại sau" in page and f"/officer/records/{second.client_uuid}/" in page
    page = client.get(f"/officer/records/{second.client_uuid}/").content.decode()
    assert "Quay lại lần trước" in page and f"/officer/records/{first.client_uuid}/" in page


def test_members_and_viewers_do_not_open_the_follow_up_page(demo, web):
    assert web("member.chanhlo").get("/officer/follow-ups/").status_code == 403

"""Checking citizens in at a training session on a 360-px phone with no network (issue 17): the leader logs
the session, then scans each attendee's CCCD (or types a name); everything waits in the outbox and reaches
the server once, each check-in naming its session."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from outreach.models import GroupSession
from records.models import AssistanceRecord

from .test_leader_session import fill_session, open_session_form, today_in_vietnam, wait_pending
from .test_offline_capture import sign_in, wait_offline_ready
from .test_scan_cccd import CCCD, NAME, STAND_IN_DETECTOR

pytestmark = pytest.mark.browser

LEADER = "leader.chanhlo"
TOPIC = "Tập huấn cài đặt và sử dụng VNeID"


def test_a_leader_checks_citizens_in_at_a_session_offline_and_each_reaches_the_server_once(camera_phone, demo):
    context = camera_phone
    context.add_init_script(STAND_IN_DETECTOR)
    page = context.new_page()
    sign_in(page, LEADER)
    wait_offline_ready(page)
    home = page.locator("a.big").evaluate_all("els => els.map(a => a.dataset.service)")
    assert "session_training" not in home and "vneid_l2" in home  # a check-in starts from its session

    context.set_offline(True)
    form = open_session_form(page)
    village = form.locator("select[name=village]").input_value()
    fill_session(form, held_on=today_in_vietnam(), village=village, kind="training", topic=TOPIC, attendees=25)
    session_row = page.locator("li.rec[data-kind='session']", has_text=TOPIC)
    session_row.locator("a[data-checkin]").click()

    record_form = page.locator("#record-form")
    assert page.locator("#form-title").inner_text() == "Dự tập huấn"
    assert TOPIC in page.locator("#checkin-note").inner_text()
    assert not record_form.locator("select[name=service_type]").is_visible()  # the service is the session's
    page.click("#save-btn")  # nobody identified yet: refused on the phone
    assert "Quét CCCD hoặc nhập họ tên người dự buổi." in record_form.inner_text()

    page.click("#scan-btn")
    page.click("#scan-agree")
    page.wait_for_function(f"() => document.querySelector('input[name=cccd]').value === '{CCCD}'")
    page.click("#save-btn")  # "Lưu, người tiếp theo": the same screen, empty, for the next attendee
    page.wait_for_function("() => (document.querySelector('#checkin-note') || {}).textContent?.includes('Đã điểm danh 1 người')")
    assert page.input_value("input[name=cccd]") == "" and page.input_value("input[name=full_name]") == ""

    page.fill("input[name=full_name]", "Lê Văn Cường")
    page.fill("input[name=birth_year]", "1975")
    page.check("input[name=consent]")
    page.click("#save-btn")
    page.wait_for_function("() => (document.querySelector('#checkin-note') || {}).textContent?.includes('Đã điểm danh 2 người')")
    page.locator("#record-form .sticky a").click()  # "Xong"
    page.wait_for_function("() => location.hash === '#/mine'")
    assert "Đã điểm danh 2 người" in session_row.inner_text()
    wait_pending(page, 3)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    context.set_offline(False)
    page.click("#sync-btn")
    wait_pending(page, 0, timeout=30_000)
    page.wait_for_timeout(500)  # the app's last requests done: the test's SQLite is shared with the live server
    session = GroupSession.objects.get()
    checked = AssistanceRecord.objects.filter(session_uuid=session.client_uuid).select_related("citizen", "service_type")
    assert sorted(r.citizen.full_name for r in checked) == sorted([NAME, "Lê Văn Cường"])
    assert {r.service_type.code for r in checked} == {"session_training"}
    assert {r.occurred_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date() for r in checked} == {session.held_on}
    assert AssistanceRecord.objects.count() == 2  # each once, whatever the retries

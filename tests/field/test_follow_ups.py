""""Cần quay lại" on the phone, offline: a visit "chưa xong, hẹn lại" with an appointment date lands in the
follow-up list sorted by date, the home screen's badge counts what is due today, and finishing one logs the
return visit linked to the first, for the same citizen, with nothing typed."""

from __future__ import annotations

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from records.models import AssistanceRecord

from .test_offline_capture import local_dump, sign_in, wait_offline_ready

pytestmark = pytest.mark.browser


def today() -> datetime.date:
    return datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def log_pending(page, service, *, appointment=None, name=None):
    page.click("nav.bottom a[href='#/']")
    page.click(f"a.big[data-service='{service}']")
    assert page.locator("#appt-block").is_hidden()  # asked only for "chưa xong, hẹn lại"
    page.click("input[name=outcome][value=pending] + span")
    assert page.locator("#appt-block").is_visible()
    if appointment:
        page.fill("input[name=appointment_on]", appointment.isoformat())
    if name:
        page.fill("input[name=full_name]", name)
        page.check("input[name=consent]")
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")


def badge(page) -> str:
    page.click("nav.bottom a[href='#/']")
    page.locator("#followups-link").wait_for()
    found = page.locator("#due-badge")
    return found.inner_text() if found.count() else ""


def listed(page) -> list[str]:
    page.goto("/app/#/followups")
    page.locator("h1", has_text="Cần quay lại").wait_for()
    return page.locator("li.rec").evaluate_all("els => els.map(e => e.innerText.replace(/\\s+/g, ' '))")


def test_the_follow_up_list_works_offline_and_a_return_visit_is_linked(phone, transactional_db, demo):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    context.set_offline(True)

    later = today() + datetime.timedelta(days=3)
    log_pending(page, "e_payment", appointment=later)
    log_pending(page, "ehealth")  # no date
    log_pending(page, "vneid_l2", appointment=today(), name="Lê Thị Cúc")
    assert badge(page) == "1"

    rows = listed(page)
    assert len(rows) == 3
    assert "VNeID mức 2" in rows[0] and "Lê Thị Cúc" in rows[0] and f"Hẹn {today():%d/%m/%Y} · Hôm nay" in rows[0]
    assert f"Hẹn {later:%d/%m/%Y}" in rows[1] and "Chưa hẹn ngày" in rows[2]

    # Back at Cúc's door: "Đã quay lại", then "Lưu". Nothing typed, the citizen not asked again.
    page.locator("li.rec").first.locator("a.btn").click()
    page.locator("#record-form").wait_for()
    assert "Lê Thị Cúc" in page.locator("#follows-note").inner_text()
    assert page.locator("#citizen-block").is_hidden()
    assert page.locator("input[name=outcome][value=success]").is_checked()
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")
    assert badge(page) == ""
    assert len(listed(page)) == 2

    [first] = [it for it in json.loads(local_dump(page))["outbox"] if it["body"]["service_type"] == "vneid_l2"
               and it["body"]["outcome"] == "pending"]
    assert first["body"]["appointment_on"] == today().isoformat()

    context.set_offline(False)
    page.goto("/app/#/mine")
    page.wait_for_function("() => document.querySelector('#pending').dataset.count === '0'", timeout=30_000)
    rows = listed(page)  # from the server's copies now
    assert len(rows) == 2 and not any("VNeID" in r for r in rows)
    context.close()

    visit = AssistanceRecord.objects.get(client_uuid=first["client_uuid"])
    (back,) = visit.follow_ups.all()
    assert visit.appointment_on == today() and visit.outcome == "pending"
    assert back.outcome == "success" and back.citizen_id == visit.citizen_id is not None
    assert back.citizen.full_name == "Lê Thị Cúc"
    assert AssistanceRecord.objects.filter(outcome="pending", appointment_on=today() + datetime.timedelta(days=3)
                                           ).count() == 1

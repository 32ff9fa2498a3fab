"""A record's round trip in real Chromium: logged offline on a phone, returned by the officer on a laptop
with a reason, fixed and resubmitted by the member, approved by the officer."""

from __future__ import annotations

import pytest

try:  # tests/browser is a package once it has an __init__.py, a rootdir-relative module before that
    from .test_offline_capture import log_record, rows, sign_in, wait_offline_ready
except ImportError:
    from test_offline_capture import log_record, rows, sign_in, wait_offline_ready

from audit.models import AuditEvent
from records.models import AssistanceRecord, Status

pytestmark = pytest.mark.browser

PASSWORD = "Demo@2026"
REASON = "Thiếu năm sinh của người dân, bổ sung giúp"
LAPTOP = {"width": 1280, "height": 800}


def officer_page(browser, live_server):
    context = browser.new_context(viewport=LAPTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  base_url=live_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/login/?next=/officer/records/")
    page.fill("input[name=username]", "officer.chanhlo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/officer/records/")
    return context, page


def member_sync(page):
    page.click("#sync-btn")
    page.goto("/app/#/mine")


def test_returned_fixed_resubmitted_approved(browser, phone, live_server, transactional_db, demo, media):
    # 1. The member logs a record with no network, then syncs when the network is back.
    context = phone()
    member = context.new_page()
    sign_in(member)
    wait_offline_ready(member)
    context.set_offline(True)
    log_record(member, "vneid_l2", "Kích hoạt cho ông Năm")
    assert rows(member, "pending").count() == 1
    context.set_offline(False)
    member.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 1",
                             timeout=30_000)
    # The live server shares this thread's in-memory database: the test reads it only once the
    # browsers are closed, and follows the record through the pages until then.
    uuid = member.locator("li.rec[data-state='sent']").get_attribute("data-uuid")

    # 2. The officer finds it in the commune's list and returns it with a reason.
    office_context, office = officer_page(browser, live_server)
    assert office.locator("[data-count=submitted]").inner_text() == "1"
    office.click(f"a[href='/officer/records/{uuid}/']")
    assert "Kích hoạt cho ông Năm" in office.content()
    office.fill("form[action$='/return/'] textarea[name=reason]", REASON)
    office.click("form[action$='/return/'] button[type=submit]")
    assert REASON in office.locator("p.status-returned").inner_text()
    assert office.locator("form[action$='/approve/']").count() == 0

    # 3. The member sees the reason on the phone, fixes the record and resubmits it.
    member_sync(member)
    fix = member.locator(f"li.rec[data-uuid='{uuid}'][data-state='fix']")
    fix.wait_for(timeout=30_000)
    assert REASON in fix.inner_text()
    fix.locator("a.btn").click()
    member.wait_for_selector("textarea[name=note]")
    assert REASON in member.content()  # the form repeats why it came back
    member.fill("textarea[name=note]", "Kích hoạt cho ông Năm, sinh năm 1960")
    member.click("#save-btn")
    member.wait_for_url("**/app/#/mine")
    member.wait_for_function(
        f"() => document.querySelector(\"li.rec[data-uuid='{uuid}']\")?.dataset.state === 'sent'",
        timeout=30_000)

    # 4. The officer sees it back in the queue and approves it.
    office.reload()
    assert "sinh năm 1960" in office.content()
    assert "đã gửi" in office.locator("p.status-submitted").inner_text()
    office.click("form[action$='/approve/'] button[type=submit]")
    assert "đã duyệt" in office.locator("p.status-approved").inner_text()
    assert office.locator("form[action$='/approve/']").count() == 0
    history = office.locator("h2:has-text('Lịch sử thay đổi') + table").inner_text()
    assert REASON in history
    office_context.close()

    # 5. And the phone shows it approved.
    member_sync(member)
    member.locator(f"li.rec[data-uuid='{uuid}'][data-state='approved']").wait_for(timeout=30_000)
    context.close()

    record = AssistanceRecord.objects.get()
    assert str(record.client_uuid) == uuid
    assert record.status == Status.APPROVED and record.reviewed_by.username == "officer.chanhlo"
    assert record.note == "Kích hoạt cho ông Năm, sinh năm 1960"
    actions = list(AuditEvent.objects.filter(object_id=uuid).order_by("at", "id").values_list("action", flat=True))
    assert actions == ["create", "return", "resubmit", "approve"]

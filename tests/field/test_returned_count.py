"""Returned records reach the phone without push: at the next sync the home screen says how many records
the officer returned for fixing, and still says it offline, from the last synced state."""

from __future__ import annotations

import pytest

from records.models import AssistanceRecord, Status
from records.services import record_review

from .test_offline_capture import log_record, sign_in, wait_offline_ready

pytestmark = pytest.mark.browser


def home(page):
    page.click("nav.bottom a[href='#/']")
    page.locator("h1", has_text="Chọn việc vừa hỗ trợ").wait_for()


def test_the_home_screen_counts_the_records_returned_for_fixing(phone, transactional_db, demo, user):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    for note in ("Lần 1", "Lần 2", "Lần 3"):
        log_record(page, "dvctt", note)
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 3")
    home(page)
    assert page.locator("#to-fix").count() == 0

    officer = user("officer.chanhlo")
    first, second, third = AssistanceRecord.objects.order_by("note")
    record_review(record=first, by=officer, status=Status.RETURNED, reason="Thiếu mã hồ sơ")
    record_review(record=second, by=officer, status=Status.RETURNED, reason="Sai thôn")
    record_review(record=third, by=officer, status=Status.APPROVED)
    assert page.locator("#to-fix").count() == 0  # nothing reaches the phone before a sync

    page.click("#sync-btn")  # the next sync (by hand here; every minute or when the network returns)
    page.locator("#to-fix[data-count='2']").wait_for()
    assert page.locator("#to-fix").inner_text() == "2 bản ghi bị trả lại cần sửa — bấm để xem"

    context.set_offline(True)  # from the last synced state, without network, after a restart
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    assert page.locator("#to-fix").get_attribute("data-count") == "2"

    page.click("#to-fix")
    page.wait_for_url("**/app/#/mine")
    page.locator("li.rec[data-state='fix']").nth(1).wait_for()  # the list renders from IndexedDB after the URL
    assert page.locator("li.rec[data-state='fix']").count() == 2
    page.locator("li.rec[data-state='fix']", has_text="Sai thôn").locator("a.btn").click()
    page.click("#save-btn")  # fixed on the phone (offline): no longer to fix, waiting to be sent
    page.wait_for_url("**/app/#/mine")
    home(page)
    assert page.locator("#to-fix").get_attribute("data-count") == "1"


def month_figures(page) -> dict:
    home(page)
    return {k: int(page.locator(f".month [data-stat='{k}'] strong").inner_text())
            for k in ("logged", "approved", "fix", "people")}


def test_my_month_on_the_home_screen_counts_offline_from_the_outbox_and_the_last_sync(phone, transactional_db,
                                                                                     demo, user):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    context.set_offline(True)
    same = {"full_name": "Trần Văn Bình", "birth_year": 1990, "cccd": "051090001234"}
    log_record(page, "vneid_l2", "Lần 1", citizen=same)
    log_record(page, "e_payment", "Lần 2", citizen=same)  # the same person again
    log_record(page, "vneid_l1", "Lần 3")  # anonymous: one more person
    assert month_figures(page) == {"logged": 3, "approved": 0, "fix": 0, "people": 2}

    context.set_offline(False)
    page.click("#sync-btn")
    page.wait_for_function("() => document.querySelector('#pending').dataset.count === '0' && "
                           "!document.querySelector('#sync-btn').disabled", timeout=30_000)
    page.wait_for_timeout(500)  # the app's last requests done: the test's SQLite is shared with the live server
    officer = user("officer.chanhlo")
    one, two, _three = AssistanceRecord.objects.order_by("note")
    record_review(record=one, by=officer, status=Status.APPROVED)
    record_review(record=two, by=officer, status=Status.RETURNED, reason="Thiếu nhà cung cấp")
    page.click("#sync-btn")
    page.locator("#to-fix[data-count='1']").wait_for()

    context.set_offline(True)
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    assert month_figures(page) == {"logged": 3, "approved": 1, "fix": 1, "people": 2}

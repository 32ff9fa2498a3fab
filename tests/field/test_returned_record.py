"""A record the officer returns shows its reason on the phone, is fixed there and goes back for review."""

from __future__ import annotations

import pytest

from records.models import AssistanceRecord, Status
from records.services import record_review

from .test_offline_capture import log_record, rows, sign_in

pytestmark = pytest.mark.browser


def test_a_returned_record_is_fixed_on_the_phone_and_resubmitted(phone, transactional_db, demo, media, user):
    context = phone(service_workers="block")
    page = context.new_page()
    sign_in(page)
    log_record(page, "dvctt", "Nộp hồ sơ khai sinh")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 1")

    record_review(record=AssistanceRecord.objects.get(), by=user("officer.chanhlo"), status=Status.RETURNED,
                  reason="Thiếu mã hồ sơ")
    page.click("#sync-btn")
    page.wait_for_selector("li.rec[data-state='fix'] >> text=Bị trả lại: Thiếu mã hồ sơ")

    page.click("li.rec[data-state='fix'] >> text=Sửa lại và gửi")
    page.fill("input[name=application_code]", "H51.22-241123-0001")
    page.click("#save-btn")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 1")
    assert rows(page).count() == 1
    context.close()

    record = AssistanceRecord.objects.get()
    assert record.status == Status.SUBMITTED
    assert record.application_code == "H51.22-241123-0001"
    assert record.client_version == 2

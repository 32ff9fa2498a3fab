"""Phones are shared: logging out warns about unsent records, then leaves nothing behind."""

from __future__ import annotations

import json

import pytest

from .test_offline_capture import local_dump, log_record, sign_in

pytestmark = pytest.mark.browser


def test_logging_out_warns_about_unsent_records_then_wipes_the_phone(phone, transactional_db, demo, media):
    context = phone(service_workers="block")
    page = context.new_page()
    sign_in(page)
    page.route("**/api/v1/sync/", lambda route: route.abort())  # online, but the record cannot leave
    log_record(page, "vneid_l2", "Chưa gửi")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.click("#logout")
    for _ in range(40):  # the warning comes after an IndexedDB read
        if dialogs:
            break
        page.wait_for_timeout(100)
    assert "Còn 1 bản ghi CHƯA GỬI" in dialogs[0]
    assert len(json.loads(local_dump(page))["outbox"]) == 1  # dismissed: nothing lost

    with page.expect_navigation(url="**/login/**"):
        page.click("#logout")
    assert len(dialogs) == 2
    assert json.loads(local_dump(page)) == {"outbox": [], "mine": [], "meta": []}
    page.goto("/api/v1/me/")
    assert "Thông tin xác thực chưa được cung cấp" in page.content() or page.url.endswith("/login/")

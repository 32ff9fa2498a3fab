"""The phone meets a conflict (issue 18): the server kept a first copy whose answer was lost, and the
member edited the waiting copy meanwhile. The phone shows both choices and does what the member picks."""

from __future__ import annotations

import time

import pytest

from records.models import AssistanceRecord
from tests.field.test_offline_capture import cut_the_first_sync, log_record, outbox_size, rows, sign_in

pytestmark = pytest.mark.browser


def edit_note(page, uuid: str, note: str):
    page.click(f"li.rec[data-uuid='{uuid}'] a.btn")
    page.fill("textarea[name=note]", note)
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")


def test_a_conflict_is_shown_and_resolved_either_way(phone, transactional_db, demo, media):
    context = phone(service_workers="block")  # only the page syncs, so every request meets the route
    page = context.new_page()
    calls = cut_the_first_sync(page, server_saves=True)
    sign_in(page)
    context.set_offline(True)
    log_record(page, "vneid_l1", "Bản đầu A")
    log_record(page, "vneid_l2", "Bản đầu B")
    context.set_offline(False)  # the page syncs by itself when the network returns: that first answer is lost
    deadline = time.monotonic() + 20
    while not calls and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.wait_for_function("() => !document.querySelector('#sync-btn').disabled && "
                           "document.querySelector('#pending').dataset.count === '2'")
    assert len(calls) == 1 and AssistanceRecord.objects.count() == 2  # saved, but the phone never heard
    first = {r["note"]: r["client_uuid"] for r in calls[0]["records"]}

    context.set_offline(True)
    edit_note(page, first["Bản đầu A"], "Bản sửa A")
    edit_note(page, first["Bản đầu B"], "Bản sửa B")
    context.set_offline(False)
    page.click("#sync-btn")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='conflict']\").length === 2")

    row = rows(page, "conflict").first
    assert "Máy chủ đã có bản ghi này" in row.inner_text() and "Khác ở: Ghi chú." in row.inner_text()

    page.click(f"li.rec[data-uuid='{first['Bản đầu A']}'] a[data-resolve='mine']")
    page.wait_for_function(f"() => document.querySelector(\"li.rec[data-uuid='{first['Bản đầu A']}']\")"
                           ".dataset.state === 'sent'")
    page.click(f"li.rec[data-uuid='{first['Bản đầu B']}'] a[data-resolve='server']")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 2")
    assert outbox_size(page) == 0
    context.close()

    a = AssistanceRecord.objects.get(client_uuid=first["Bản đầu A"])
    b = AssistanceRecord.objects.get(client_uuid=first["Bản đầu B"])
    assert (a.note, a.client_version) == ("Bản sửa A", 2)  # the member's copy, sent as a correction
    assert (b.note, b.client_version) == ("Bản đầu B", 1)  # the server's copy kept

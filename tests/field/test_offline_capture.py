"""The field app in a real phone browser: records logged offline reach the server exactly once."""

from __future__ import annotations

import io
import json
import time

import pytest
from PIL import Image

from records.models import AssistanceRecord

pytestmark = pytest.mark.browser

PASSWORD = "Demo@2026"
CCCD = "051090001234"


def camera_photo(path):
    """A camera-like JPEG that carries a GPS position in its EXIF."""
    image = Image.new("RGB", (2000, 1500), (40, 120, 200))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (15.0, 7.0, 30.0), 3: "E", 4: (108.0, 48.0, 0.0)}
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif)
    path.write_bytes(buf.getvalue())
    return path


def sign_in(page, username="member.chanhlo"):
    page.goto("/login/?next=/app/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/**")
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")


def wait_offline_ready(page):
    page.wait_for_function("() => document.documentElement.dataset.ready === 'offline'")


def log_record(page, service, note, *, photo=None, citizen=None):
    page.click("nav.bottom a[href='#/']")
    button = page.locator(f"a.big[data-service='{service}']")
    label = button.inner_text()
    button.click()
    page.fill("textarea[name=note]", note)
    if citizen:
        if not page.locator("#citizen-block").evaluate("d => d.open"):  # open already for person services
            page.click("#citizen-block summary")
        page.fill("input[name=full_name]", citizen["full_name"])
        page.fill("input[name=birth_year]", str(citizen["birth_year"]))
        page.fill("input[name=cccd]", citizen["cccd"])
        page.check("input[name=consent]")
    if photo:
        page.set_input_files("input[name=photo]", str(photo))
        page.wait_for_selector("#photo-preview img")
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")
    page.wait_for_selector(f"li.rec >> text={label}")


def wait_for_async(page, expression: str, timeout_ms: int = 20_000):
    """Poll an async page expression until it is truthy, and return its value.

    Playwright's wait_for_function does not await a promise (a pending promise counts as truthy), so checks on
    IndexedDB or the service worker's notifications go through page.evaluate, which does.
    """
    waited = 0
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if waited >= timeout_ms:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression[:120]}")
        page.wait_for_timeout(100)
        waited += 100


def rows(page, state=None):
    selector = "li.rec" + (f"[data-state='{state}']" if state else "")
    return page.locator(selector)


def local_dump(page) -> str:
    """Everything the app keeps in IndexedDB, as text (photos as their size)."""
    return page.evaluate("""async () => {
        const db = await new Promise((ok, ko) => { const r = indexedDB.open('cnscd'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
        const out = {};
        for (const name of db.objectStoreNames) {
            out[name] = await new Promise(ok => { const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
        }
        db.close();
        return JSON.stringify(out, (k, v) => v instanceof Blob ? `blob:${v.size}` : v);
    }""")


def outbox_size(page) -> int:
    return len(json.loads(local_dump(page))["outbox"])


def test_three_records_logged_offline_survive_a_reload_and_reach_the_server_once(phone, transactional_db, demo,
                                                                                   media, tmp_path):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)

    context.set_offline(True)
    log_record(page, "vneid_l2", "Kích hoạt cho bà Tư")
    log_record(page, "e_payment", "Mở ví VNPT Money", photo=camera_photo(tmp_path / "cam.jpg"))
    log_record(page, "ehealth", "Sổ sức khỏe điện tử",
               citizen={"full_name": "Trần Văn B", "birth_year": 1990, "cccd": CCCD})
    assert rows(page, "pending").count() == 3

    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    page.goto("/app/#/mine")
    page.wait_for_selector("li.rec")
    assert rows(page, "pending").count() == 3
    assert page.locator("#net").inner_text() == "Không có mạng"
    assert CCCD in local_dump(page)  # still only on the phone, waiting to be sent

    context.set_offline(False)
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 3", timeout=30_000)
    deadline = time.monotonic() + 20
    while outbox_size(page) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert outbox_size(page) == 0
    assert CCCD not in local_dump(page)
    context.close()

    records = AssistanceRecord.objects.order_by("service_type__code")
    assert [r.service_type.code for r in records] == ["e_payment", "ehealth", "vneid_l2"]
    assert [bool(r.photo) for r in records] == [True, False, False]
    assert records[1].citizen.cccd_last_digits == "1234"
    with Image.open(records[0].photo.path) as stored:
        assert not stored.getexif()
        assert max(stored.size) <= 1600


def cut_the_first_sync(page, *, server_saves: bool) -> list:
    """The page's first sync request is cut: after the server saved it, or before it saw it.

    Returns the list of the sync bodies the page sent, filled as requests go.
    """
    calls = []

    def route_sync(route):
        calls.append(route.request.post_data_json)
        if len(calls) == 1:
            if server_saves:
                route.fetch()  # the server saves it, the answer never reaches the phone
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/sync/", route_sync)
    return calls


@pytest.mark.parametrize("cut", ["after_the_server_saved", "before_the_server_saw_it"])
def test_a_sync_cut_midway_loses_nothing_and_doubles_nothing(phone, transactional_db, demo, media, cut):
    context = phone(service_workers="block")  # only the page syncs, so every request meets the route below
    page = context.new_page()
    calls = cut_the_first_sync(page, server_saves=cut == "after_the_server_saved")
    sign_in(page)
    context.set_offline(True)
    for i in range(3):
        log_record(page, "vneid_l1", f"Ghi chú {i}")

    context.set_offline(False)
    page.wait_for_function("() => !document.querySelector('#sync-btn').disabled && "
                           "document.querySelector('#pending').dataset.count === '3'")
    assert len(calls) == 1 and len(calls[0]["records"]) == 3
    assert rows(page, "pending").count() == 3  # nothing confirmed, so nothing left the outbox

    page.click("#sync-btn")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 3")
    assert outbox_size(page) == 0
    context.close()

    sent = {r["client_uuid"] for r in calls[0]["records"]}
    assert {r["client_uuid"] for r in calls[1]["records"]} == sent
    assert AssistanceRecord.objects.count() == 3
    assert {str(u) for u in AssistanceRecord.objects.values_list("client_uuid", flat=True)} == sent

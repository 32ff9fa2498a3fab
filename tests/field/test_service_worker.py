"""The service worker in real headless Chromium: it controls the app, serves it with no network, and its
Background Sync handler sends the outbox when the network returns; without it the page's `online`
handler does, with nobody pressing "Gửi ngay"."""

from __future__ import annotations

import json

import pytest

from records.models import AssistanceRecord

from .test_offline_capture import local_dump, log_record, rows, sign_in, wait_offline_ready

pytestmark = pytest.mark.browser

SYNC_TAGS = "async () => (await (await navigator.serviceWorker.ready).sync.getTags())"
# The registered Background Sync tags, once there are none left (or after 20 s).
SYNC_TAGS_ONCE_EMPTY = """async () => {
    const registration = await navigator.serviceWorker.ready;
    const deadline = Date.now() + 20000;
    let tags = await registration.sync.getTags();
    while (tags.length && Date.now() < deadline) {
        await new Promise((ok) => setTimeout(ok, 100));
        tags = await registration.sync.getTags();
    }
    return tags;
}"""


def wait_app(page):
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")


def outbox_size(page) -> int:
    return len(json.loads(local_dump(page))["outbox"])


def test_the_service_worker_controls_the_app_after_a_reload_and_serves_it_offline(phone, transactional_db, demo):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)

    response = page.reload()
    wait_app(page)
    assert response.from_service_worker  # the shell went through the worker (network first, online)
    assert page.evaluate("() => navigator.serviceWorker.controller?.scriptURL").endswith("/serviceworker.js")
    caches = page.evaluate("""async () => Promise.all((await caches.keys()).map(async (key) =>
        [key, (await (await caches.open(key)).keys()).map((r) => new URL(r.url).pathname)]))""")
    # One shell cache: the one the page fills is the one the worker keeps (same version on both sides).
    assert len(caches) == 1 and caches[0][0].startswith("cnscd-shell-")
    for path in ["/app/", "/manifest.json", "/static/field/js/app.js", "/static/field/js/sync.js",
                 "/static/field/js/session.js"]:
        assert path in caches[0][1]

    context.set_offline(True)
    response = page.reload()
    wait_app(page)
    assert response.from_service_worker and response.ok
    assert page.locator("#net").inner_text() == "Không có mạng"
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")


def test_background_sync_sends_the_outbox_when_the_network_returns(phone, transactional_db, demo, media):
    """The page cannot send (every sync request it makes is cut), so the record can only reach the server
    through the service worker's `sync` event, which Chromium fires when the network comes back."""
    context = phone()
    page = context.new_page()
    page.route("**/api/v1/sync/", lambda route: route.abort())  # the page's requests only, not the worker's
    sign_in(page)
    wait_offline_ready(page)

    context.set_offline(True)
    log_record(page, "vneid_l2", "Gửi bằng Background Sync")
    uuid = rows(page, "pending").get_attribute("data-uuid")
    assert page.evaluate(SYNC_TAGS) == ["outbox"]  # registered, waiting for the network

    context.set_offline(False)
    page.wait_for_function("() => document.querySelector('#pending').dataset.count === '0'", timeout=30_000)
    page.locator(f"li.rec[data-uuid='{uuid}'][data-state='sent']").wait_for()  # the worker told the page
    assert page.evaluate(SYNC_TAGS_ONCE_EMPTY) == []  # fired and done
    assert outbox_size(page) == 0
    context.close()

    assert [str(u) for u in AssistanceRecord.objects.values_list("client_uuid", flat=True)] == [uuid]


# Runs in the service worker: waits (up to 20 s) until its outbox is empty and no sync is registered.
WORKER_DRAINED = """async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('cnscd'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
    const count = () => new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').count(); r.onsuccess = () => ok(r.result); });
    const deadline = Date.now() + 20000;
    let left = await count(), tags = await self.registration.sync.getTags();
    while ((left || tags.length) && Date.now() < deadline) {
        await new Promise((ok) => setTimeout(ok, 100));
        left = await count(); tags = await self.registration.sync.getTags();
    }
    db.close();
    return {outbox: left, tags};
}"""


def test_background_sync_sends_the_outbox_with_the_app_closed(phone, transactional_db, demo, media):
    """A fresh sign-in, records logged with no network, the app closed: only the service worker is left
    to send them when the network returns. It needs the CSRF token, which no request has carried yet."""
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    context.set_offline(True)
    log_record(page, "vneid_l2", "Gửi khi đã đóng ứng dụng")
    log_record(page, "ehealth", "Sổ sức khỏe điện tử")
    uuids = set(rows(page, "pending").evaluate_all("els => els.map(e => e.dataset.uuid)"))
    assert len(uuids) == 2 and page.evaluate(SYNC_TAGS) == ["outbox"]
    [worker] = context.service_workers
    page.close()

    context.set_offline(False)
    assert worker.evaluate(WORKER_DRAINED) == {"outbox": 0, "tags": []}
    context.close()

    assert {str(u) for u in AssistanceRecord.objects.values_list("client_uuid", flat=True)} == uuids


def test_the_outbox_drains_on_the_online_event_without_the_button(phone, transactional_db, demo, media):
    """No service worker (so no Background Sync): only the page's `online` handler can send, before its
    60-second timer first ticks."""
    context = phone(service_workers="block")
    page = context.new_page()
    page_syncs = []
    page.on("request", lambda request: page_syncs.append(request) if request.url.endswith("/api/v1/sync/") else None)
    sign_in(page)
    context.set_offline(True)
    log_record(page, "vneid_l2", "Chờ có mạng")
    log_record(page, "e_payment", "Mở ví điện tử")
    assert rows(page, "pending").count() == 2 and not page_syncs

    context.set_offline(False)
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 2")
    assert page.evaluate("() => performance.now()") < 60_000  # the periodic sync has not run yet
    assert page.locator("#toast").text_content() == "Đã gửi 2 bản ghi."
    assert page.locator("#pending").inner_text() == "Đã gửi hết"
    assert len(page_syncs) == 1
    context.close()

    assert AssistanceRecord.objects.count() == 2

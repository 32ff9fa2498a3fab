"""Web Push for returned records (issue 13), page side, in Chromium.

Headless Chromium cannot reach a real push service, so the browser's PushManager is stood in for (its
subscribe/getSubscription answer a subscription object of the real shape) and the push is delivered to
the app's service worker through the DevTools protocol (ServiceWorker.deliverPushMessage), carrying the
very message the server builds. Checked: the tap that switches notifications on registers this device
on the server; the service worker shows "Bản ghi … cần sửa: <lý do>"; tapping it opens the record's form
with the officer's reason; logout removes the device's subscription.
"""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from field.models import PushSubscription
from field.push import returned_message
from records.models import AssistanceRecord, Status
from records.services import record_review

from .test_offline_capture import log_record, sign_in, wait_for_async, wait_offline_ready

pytestmark = pytest.mark.browser

ENDPOINT = "https://push.example.test/send/device-1"

STAND_IN_PUSH_MANAGER = """
(() => {
  let current = null;
  const make = () => ({
    endpoint: __ENDPOINT__, expirationTime: null,
    toJSON() { return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } }; },
    async unsubscribe() { current = null; return true; },
  });
  PushManager.prototype.getSubscription = async function () { return current; };
  PushManager.prototype.subscribe = async function (options) {
    window.__serverKeyBytes = options.applicationServerKey.byteLength;
    current = make();
    return current;
  };
})();
""".replace("__ENDPOINT__", json.dumps(ENDPOINT))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def vapid(settings):
    key = ec.generate_private_key(ec.SECP256R1())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = b64(key.private_numbers().private_value.to_bytes(32, "big"))
    settings.WEBPUSH_VAPID_PUBLIC_KEY = b64(key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def notifications(page):
    return page.evaluate("""() => navigator.serviceWorker.ready.then(r => r.getNotifications())
        .then(ns => ns.map(n => ({ title: n.title, body: n.body, url: n.data && n.data.url })))""")


def test_the_phone_subscribes_shows_a_returned_record_opens_its_form_and_unsubscribes_at_logout(
        phone, transactional_db, demo, user, vapid, live_server):
    context = phone()
    context.add_init_script(STAND_IN_PUSH_MANAGER)
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)

    # Switched on by a tap on the home screen, never asked at start-up.
    button = page.locator("#push-btn")
    assert button.inner_text() == "Nhận thông báo khi bản ghi bị trả lại"
    assert PushSubscription.objects.count() == 0
    context.grant_permissions(["notifications"])
    button.click()
    page.locator("#toast", has_text="Đã bật thông báo").wait_for()
    assert page.evaluate("() => window.__serverKeyBytes") == 65  # the server's VAPID public key, decoded
    sub = PushSubscription.objects.get()
    assert (sub.user.username, sub.endpoint) == ("member.chanhlo", ENDPOINT)

    log_record(page, "dvctt", "Nộp hồ sơ cho ông Ba")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 1")
    page.wait_for_timeout(500)
    record = AssistanceRecord.objects.get()
    record_review(record=record, by=user("officer.chanhlo"), status=Status.RETURNED, reason="Thiếu mã hồ sơ")
    message = returned_message(record)

    page.goto("/app/#/mine")  # the app open on another screen when the push arrives
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda e: registrations.extend(e["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    reg = next(r for r in registrations if not r.get("isDeleted"))
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": live_server.url.replace("127.0.0.1", "localhost"),
                                                  "registrationId": reg["registrationId"],
                                                  "data": json.dumps(message)})
    [shown] = wait_for_async(page, """() => navigator.serviceWorker.ready.then(r => r.getNotifications())
        .then(ns => ns.map(n => ({ title: n.title, body: n.body, url: n.data && n.data.url })))
        .then(ns => ns.length ? ns : null)""")
    assert shown["title"] == "Bản ghi cần sửa"
    assert shown["body"].endswith("cần sửa: Thiếu mã hồ sơ")
    assert shown["url"] == f"/app/#/fix/{record.client_uuid}"

    # The tap, as the browser would dispatch it to the service worker.
    [worker] = context.service_workers
    worker.evaluate("""async () => {
        const [n] = await self.registration.getNotifications();
        self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
    }""")
    page.wait_for_url(f"**/app/#/edit/mine/{record.client_uuid}")
    page.locator("#record-form .alert", has_text="Bị trả lại: Thiếu mã hồ sơ").wait_for()
    assert notifications(page) == []  # closed by the tap

    page.on("dialog", lambda d: d.accept())
    page.click("nav.bottom a[href='#/']")
    page.click("#logout")
    page.wait_for_url("**/login/**")
    assert PushSubscription.objects.count() == 0

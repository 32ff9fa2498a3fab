"""Web Push for returned records (issue 13), server side, against a local fake push service.

The fake service is an http.server thread: it keeps what it receives and answers 201, or 410/404 for
the endpoints said to be gone. The receiving device's keys are made here, so the test decrypts what
the server sent (RFC 8291, aes128gcm) and reads the message the phone would show.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse

from field.models import PushSubscription
from records.models import Status

from ..review_factories import make_record


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_point(key) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


class FakePushService(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), FakePushHandler)
        self.received = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class FakePushHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        status = 410 if self.path.startswith("/gone") else 404 if self.path.startswith("/missing") else 201
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Device:
    """A browser's push subscription: its keys, to read what it is sent."""

    def __init__(self, endpoint):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self):
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(public_point(self.key)), "auth": b64(self.auth)}}

    def read(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


@pytest.fixture
def push_service(settings):
    vapid = ec.generate_private_key(ec.SECP256R1())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = b64(vapid.private_numbers().private_value.to_bytes(32, "big"))
    settings.WEBPUSH_VAPID_PUBLIC_KEY = b64(public_point(vapid))
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:cntt@chanhlo.example.vn"
    service = FakePushService()
    yield service
    service.shutdown()
    service.server_close()


def subscribe(api, username, device):
    response = api(username).post("/api/v1/push/subscription/", device.subscription(), format="json")
    assert response.status_code == 201, response.content


def return_record(web, record, reason, django_capture_on_commit_callbacks, decision="return"):
    client = web("officer.chanhlo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(f"review:record-{decision}", args=[record.client_uuid]),
                               {"reason": reason, "version": record.version})
    assert response.status_code == 302
    record.refresh_from_db()


def test_a_returned_record_is_pushed_to_each_device_of_its_author_and_gone_devices_are_dropped(
        api, web, demo, push_service, settings, django_capture_on_commit_callbacks):
    phone = Device(push_service.url("/push/phone-1"))
    tablet = Device(push_service.url("/gone/tablet"))  # unsubscribed in the browser: the service says 410
    lost = Device(push_service.url("/missing/old-phone"))  # 404
    other = Device(push_service.url("/push/other-member"))
    for device in (phone, tablet, lost):
        subscribe(api, "member.chanhlo", device)
    subscribe(api, "leader.ngoctrao", other)
    assert api("member.chanhlo").get("/api/v1/me/").json()["push_key"] == settings.WEBPUSH_VAPID_PUBLIC_KEY

    record = make_record("member.chanhlo", service="vneid_l2", name="Trần Thị Hoa", cccd="051190001234",
                         birth_year=1990)
    return_record(web, record, "Thiếu ảnh minh chứng", django_capture_on_commit_callbacks)
    assert record.status == Status.RETURNED

    paths = sorted(r["path"] for r in push_service.received)
    assert paths == ["/gone/tablet", "/missing/old-phone", "/push/phone-1"]  # never the other member's device
    to_phone = next(r for r in push_service.received if r["path"] == "/push/phone-1")
    assert to_phone["headers"]["content-encoding"] == "aes128gcm"
    assert to_phone["headers"]["authorization"].startswith("vapid t=")
    assert int(to_phone["headers"]["ttl"]) > 0
    assert "Trần" not in to_phone["body"].decode("latin-1")  # encrypted
    message = phone.read(to_phone["body"])
    day = record.occurred_at.astimezone().strftime("%d/%m/%Y")
    assert message["body"] == f"Bản ghi VNeID mức 2 {day} cần sửa: Thiếu ảnh minh chứng"
    assert message["title"] == "Bản ghi cần sửa"
    assert message["url"] == f"/app/#/fix/{record.client_uuid}"
    assert "Hoa" not in json.dumps(message, ensure_ascii=False)  # no citizen on a lock screen
    # 404 and 410: the push service says those subscriptions are gone; they are removed.
    assert sorted(PushSubscription.objects.values_list("endpoint", flat=True)) == sorted(
        [phone.endpoint, other.endpoint])


def test_approvals_and_rejections_are_not_pushed_and_nothing_is_sent_without_vapid_keys(
        api, web, demo, push_service, settings, django_capture_on_commit_callbacks):
    phone = Device(push_service.url("/push/phone-1"))
    subscribe(api, "member.chanhlo", phone)
    return_record(web, make_record("member.chanhlo"), "", django_capture_on_commit_callbacks, decision="approve")
    return_record(web, make_record("member.chanhlo"), "Trùng", django_capture_on_commit_callbacks, decision="reject")
    assert push_service.received == []

    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_VAPID_PUBLIC_KEY = ""
    assert api("member.chanhlo").get("/api/v1/me/").json()["push_key"] is None
    return_record(web, make_record("member.chanhlo"), "Thiếu mã", django_capture_on_commit_callbacks)
    assert push_service.received == []


def test_subscriptions_are_per_device_and_removed_at_logout(api, demo, push_service):
    phone = Device(push_service.url("/push/shared-phone"))
    subscribe(api, "member.chanhlo", phone)
    subscribe(api, "member.chanhlo", phone)  # again on the next start: still one row
    assert PushSubscription.objects.get().user.username == "member.chanhlo"
    subscribe(api, "leader.chanhlo", phone)  # the phone passes to another member: the device is theirs now
    assert PushSubscription.objects.get().user.username == "leader.chanhlo"

    # Someone else cannot remove it; its owner's phone does at logout.
    assert api("member.chanhlo").delete("/api/v1/push/subscription/", {"endpoint": phone.endpoint},
                                        format="json").status_code == 204
    assert PushSubscription.objects.count() == 1
    assert api("leader.chanhlo").delete("/api/v1/push/subscription/", {"endpoint": phone.endpoint},
                                        format="json").status_code == 204
    assert PushSubscription.objects.count() == 0

    assert api().post("/api/v1/push/subscription/", phone.subscription(), format="json").status_code in (401, 403)
    bad = {"endpoint": "not a url", "keys": {"p256dh": "x"}}
    assert api("member.chanhlo").post("/api/v1/push/subscription/", bad, format="json").status_code == 400

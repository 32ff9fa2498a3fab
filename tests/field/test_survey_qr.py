"""Citizen satisfaction on the phone: the token stock arrives with a sync, a record saved offline offers its
QR from that stock, the link to the record goes with the next sync, and the citizen's answer (taken before
the record reached the server) is then linked to it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from records.models import AssistanceRecord
from satisfaction.models import SurveyAnswer, SurveyToken

from .test_offline_capture import log_record, sign_in, wait_for_async, wait_offline_ready

pytestmark = pytest.mark.browser


def test_a_qr_from_the_offline_stock_then_linked_to_its_record(phone, transactional_db, demo, user):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    wait_for_async(page, """async () => {
        const db = await new Promise((ok) => { const r = indexedDB.open('cnscd'); r.onsuccess = () => ok(r.result); });
        const row = await new Promise((ok) => { const q = db.transaction('meta').objectStore('meta').get('surveyStock'); q.onsuccess = () => ok(q.result); });
        return row && row.value && row.value.length >= 10; }""", timeout_ms=30_000)

    context.set_offline(True)
    log_record(page, "dvctt", "Có QR")
    page.click("#survey-ask")
    qr = page.locator("#survey-qr")
    qr.wait_for()
    token = qr.get_attribute("data-token")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    page.reload()  # the same record's QR again: the same token, not a second one
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    assert page.locator("#survey-qr").get_attribute("data-token") == token

    citizen = Client()  # the citizen, on their own phone, while the volunteer is still offline
    assert citizen.post(f"/y-kien/{token}/", {"rating": "happy", "comment": ""}).status_code == 200
    assert citizen.post(f"/y-kien/{token}/", {"rating": "unhappy"}).status_code == 409

    context.set_offline(False)
    page.click("#sync-btn")
    page.wait_for_function("() => document.querySelector('#pending').dataset.count === '0' && "
                           "!document.querySelector('#sync-btn').disabled", timeout=30_000)
    record = AssistanceRecord.objects.get(note="Có QR")
    page.wait_for_function("() => true")
    for _ in range(50):
        if SurveyToken.objects.get(token=token).record_uuid:
            break
        page.wait_for_timeout(200)
    assert SurveyToken.objects.get(token=token).record_uuid == record.client_uuid
    officer = Client()
    officer.force_login(user("officer.chanhlo"))
    html = officer.get("/officer/satisfaction/?period=today").content.decode()
    assert re.search(rf"/officer/records/{record.client_uuid}/", html)
    assert SurveyAnswer.objects.get().token.member.username == "member.chanhlo"

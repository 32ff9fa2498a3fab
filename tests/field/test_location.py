"""The capture form's GPS button: the phone's position travels with the record through the outbox, and
a refused permission costs the member nothing but the position."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from records.models import AssistanceRecord

from .test_offline_capture import local_dump, sign_in

pytestmark = pytest.mark.browser

# A house in phường Cẩm Thành, Quảng Ngãi, with more decimals than the server keeps (and no tie at the 7th).
LATITUDE, LONGITUDE = 15.12087649, 108.80123471


def six_decimals(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def open_form(page, service="vneid_l2"):
    page.click("nav.bottom a[href='#/']")
    page.click(f"a.big[data-service='{service}']")
    page.wait_for_selector("#record-form")


def save(page):
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")


def queued_bodies(page) -> list[dict]:
    return [entry["body"] for entry in json.loads(local_dump(page))["outbox"]]


def test_the_gps_position_is_stored_with_the_record_rounded_to_six_decimals(phone, transactional_db, demo, media):
    context = phone(service_workers="block", permissions=["geolocation"],
                    geolocation={"latitude": LATITUDE, "longitude": LONGITUDE, "accuracy": 10})
    page = context.new_page()
    sign_in(page)
    context.set_offline(True)  # the GPS needs no network; the record waits with its position
    open_form(page)
    assert page.locator("#gps-text").inner_text() == ""  # nothing is read before the member asks
    page.click("#gps-btn")
    page.wait_for_function("() => document.querySelector('#gps-text').textContent !== ''")
    assert page.locator("#gps-text").inner_text() == "Vị trí: 15.12088, 108.80123"
    page.fill("textarea[name=note]", "Kích hoạt tại nhà")
    save(page)
    [body] = queued_bodies(page)
    assert (body["latitude"], body["longitude"]) == (LATITUDE, LONGITUDE)  # full precision on the phone

    context.set_offline(False)
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 1")
    context.close()

    record = AssistanceRecord.objects.get()
    assert (record.latitude, record.longitude) == (six_decimals(LATITUDE), six_decimals(LONGITUDE))
    assert (record.latitude, record.longitude) == (Decimal("15.120876"), Decimal("108.801235"))


def test_a_refused_location_leaves_the_record_savable_without_coordinates(phone, transactional_db, demo, media):
    context = phone(service_workers="block")  # geolocation not granted: headless Chromium refuses the prompt
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page)
    assert page.evaluate("async () => (await navigator.permissions.query({name: 'geolocation'})).state") != "granted"
    assert page.evaluate("() => new Promise(ok => navigator.geolocation.getCurrentPosition("
                         "() => ok('position'), (err) => ok(err.code)))") == 1  # PERMISSION_DENIED
    open_form(page)
    page.click("#gps-btn")
    page.wait_for_function("() => document.querySelector('#gps-text').textContent !== ''")
    assert page.locator("#gps-text").inner_text() == "Không lấy được vị trí."  # a quiet hint under the button
    assert page.locator("#record-form .alert, #record-form .err").count() == 0
    assert page.locator("#save-btn").is_enabled()
    page.fill("textarea[name=note]", "Người dân không cho lấy vị trí")
    save(page)
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 1")
    assert dialogs == []
    context.close()

    record = AssistanceRecord.objects.get()
    assert record.note == "Người dân không cho lấy vị trí"
    assert record.latitude is None and record.longitude is None

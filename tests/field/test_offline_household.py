"""A digital address logged offline on a 360-px phone reaches the server as one household."""

from __future__ import annotations

import pytest

from citizens.models import Household
from records.models import AssistanceRecord
from tests.field.test_offline_capture import outbox_size, rows, sign_in, wait_offline_ready

pytestmark = pytest.mark.browser


def test_a_digital_address_logged_offline_counts_one_household(phone, transactional_db, demo, media):
    context = phone()
    page = context.new_page()
    sign_in(page)
    wait_offline_ready(page)
    context.set_offline(True)

    for typed in ("qng 7788 12", "QNG778812"):
        page.click("nav.bottom a[href='#/']")
        page.click("a.big[data-service='digital_address']")
        block = page.locator("#household-block")
        block.wait_for(state="visible")  # the form renders from IndexedDB after the click
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
        page.fill("input[name=address_code]", typed)
        page.click("#save-btn")  # no scheme chosen: refused on the phone, in Vietnamese
        assert page.locator(".err.local").first.inner_text() == "Hãy chọn mã địa chỉ số thuộc hệ thống nào."
        page.select_option("select[name=address_scheme]", "vpostcode")
        page.fill("input[name=household_name]", "Hộ ông Lâm")
        page.click("#save-btn")
        page.wait_for_url("**/app/#/mine")
    # A person-counted service does not ask for a household.
    page.click("nav.bottom a[href='#/']")
    page.click("a.big[data-service='vneid_l2']")
    page.locator("#save-btn").wait_for()
    assert not page.locator("#household-block").is_visible()
    page.click("a.btn.secondary[href='#/']")
    page.locator("h1", has_text="Chọn việc vừa hỗ trợ").wait_for()  # home drawn before going on

    page.goto("/app/#/mine")
    page.wait_for_selector("li.rec")
    assert rows(page, "pending").count() == 2
    context.set_offline(False)
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 2",
                           timeout=30_000)
    deadline = 80
    while outbox_size(page) and deadline:
        page.wait_for_timeout(250)
        deadline -= 1
    context.close()

    records = AssistanceRecord.objects.all()
    assert records.count() == 2
    assert {r.household_id for r in records} == {Household.objects.get().pk}
    assert (Household.objects.get().digital_address, Household.objects.get().address_scheme) == ("QNG778812",
                                                                                                 "vpostcode")

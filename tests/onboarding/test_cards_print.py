"""The QR cards printed by real Chromium: A4 pages of 12 cards, nothing of the workspace around them."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import User
from tests.onboarding.test_import import NEW_ROWS
from tests.onboarding.workbooks import MEMBERS, base, confirm, filled, template, upload

pytestmark = pytest.mark.browser

PASSWORD = "Demo@2026"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_thirteen_cards_print_on_two_a4_pages(browser, live_server, transactional_db, demo):
    client = Client()
    client.force_login(User.objects.get(username="officer.chanhlo"))
    page_url = base(client)
    extra = [[f"Thành Viên Số {i}", "Tổ CNSCĐ TDP 99", None, None] for i in range(10)]
    rows = {**NEW_ROWS, MEMBERS: NEW_ROWS[MEMBERS] + extra}
    response = confirm(client, page_url, upload(client, page_url, filled(template(client, page_url), rows)))
    cards_url = response["Location"]

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(f"/login/?next={cards_url}")
    page.fill("input[name=username]", "officer.chanhlo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{cards_url}")
    assert page.locator(".card").count() == 13
    # Every QR picture has loaded (the CSP lets the page load its own images).
    page.wait_for_function("() => [...document.images].every(i => i.complete && i.naturalWidth > 300)")

    page.emulate_media(media="print")
    assert page.locator("header").is_hidden() and page.locator(".noprint").first.is_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf_pages(pdf) == 2
    # The twelve cards of the first sheet stay whole and inside the A4 page (277 mm of usable height).
    heights = page.evaluate("() => [...document.querySelectorAll('.sheet')].map(s => s.getBoundingClientRect().height)")
    assert heights[0] <= 277 * 96 / 25.4
    context.close()

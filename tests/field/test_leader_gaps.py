"""A team leader's "Thôn còn thiếu bao nhiêu" screen: fetched while online, shown again offline from IndexedDB."""

from __future__ import annotations

import pytest

from .test_offline_capture import sign_in, wait_offline_ready

pytestmark = pytest.mark.browser

LEADER = "leader.chanhlo"


def test_the_leader_sees_the_village_gaps_and_keeps_them_offline(phone, transactional_db, demo, user):
    context = phone()
    page = context.new_page()
    sign_in(page, LEADER)
    wait_offline_ready(page)
    page.click("#gaps-link")
    page.locator("#gaps-asof").wait_for()
    online = page.evaluate("() => fetch('/api/v1/my-gaps/', {headers: {Accept: 'application/json'}}).then(r => r.json())")
    assert online["villages"], "the demo leader's team has a village"
    shown = page.locator("section[data-village]").count()
    assert shown == len(online["villages"])
    texts = [g["gap_text"] for v in online["villages"] for g in v["gaps"]]
    assert texts, "the demo has targets and denominators for that village"
    for text in texts:
        assert page.locator("li.gap", has_text=text).count() >= 1
    assert "bản lưu" not in page.locator("#gaps-asof").inner_text()

    context.set_offline(True)
    page.reload()
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    page.goto(page.url.split("#")[0] + "#/gaps")
    page.locator("#gaps-asof", has_text="bản lưu").wait_for()
    assert page.locator("section[data-village]").count() == shown
    assert page.locator("li.gap").count() == len(texts)


def test_a_member_has_no_gaps_screen(phone, transactional_db, demo):
    page = phone().new_page()
    sign_in(page)
    assert page.locator("#gaps-link").count() == 0

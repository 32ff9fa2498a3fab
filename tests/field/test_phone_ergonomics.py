"""What a volunteer trips on at a 360×740 phone: who was helped is on the list, the citizen block is open
for person services, "Lưu" is reachable without scrolling, tap targets are ≥ 44 px, every page has an h1."""

from __future__ import annotations

import pytest

from .test_offline_capture import sign_in

pytestmark = pytest.mark.browser

CCCD = "051090004321"
NAV_HEIGHT = 61  # the fixed bottom bar


def box(locator) -> dict:
    locator.wait_for()
    return locator.bounding_box()


def assert_tappable(locator, what: str):
    b = box(locator)
    assert b["height"] >= 44 and b["width"] >= 44, f"{what}: {b['width']:.0f}×{b['height']:.0f} px"


def h1s(page) -> list[str]:
    return page.locator("h1").all_inner_texts()


def open_service(page, code: str):
    page.click("nav.bottom a[href='#/']")
    page.click(f"a.big[data-service='{code}']")
    page.locator("#record-form").wait_for()


def test_the_save_button_is_on_screen_and_the_citizen_block_open_for_person_services(phone, transactional_db,
                                                                                    demo):
    context = phone(service_workers="block")
    page = context.new_page()
    sign_in(page)
    assert h1s(page) == ["Chọn việc vừa hỗ trợ"]

    open_service(page, "vneid_l2")
    assert len(h1s(page)) == 1
    assert page.locator("#citizen-block").evaluate("d => d.open")
    assert page.locator("input[name=full_name]").is_visible()
    assert page.evaluate("() => window.scrollY") == 0
    save = box(page.locator("#save-btn"))
    assert save["y"] + save["height"] <= 740 - NAV_HEIGHT, save
    hit = page.evaluate(f"() => document.elementFromPoint({save['x'] + save['width'] / 2}, "
                        f"{save['y'] + save['height'] / 2}).id")
    assert hit == "save-btn"  # nothing covers it: the nav bar is below it, the form scrolls behind it
    assert_tappable(page.locator("#save-btn"), "Lưu")
    assert_tappable(page.locator("label.check:has(input[name=consent])"), "consent label")
    assert_tappable(page.locator("#sync-btn"), "Gửi ngay")

    open_service(page, "digital_address")  # a household service: the citizen block stays folded
    assert not page.locator("#citizen-block").evaluate("d => d.open")


def test_the_list_says_who_was_helped_never_the_whole_cccd(phone, transactional_db, demo):
    context = phone(service_workers="block")
    page = context.new_page()
    sign_in(page)
    context.set_offline(True)

    open_service(page, "vneid_l2")
    page.fill("input[name=full_name]", "Trần Thị Hoa")
    page.check("input[name=consent]")
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")
    open_service(page, "vneid_l2")
    page.fill("input[name=cccd]", CCCD)
    page.check("input[name=consent]")
    page.click("#save-btn")
    page.wait_for_url("**/app/#/mine")
    page.locator("h1", has_text="Bản ghi của tôi").wait_for()  # the list renders from IndexedDB after the URL
    assert h1s(page) == ["Bản ghi của tôi"]

    def who() -> list[str]:
        return page.locator("li.rec .who").all_inner_texts()

    page.locator("li.rec[data-state='pending']").nth(1).wait_for()
    assert sorted(who()) == ["CCCD …4321", "Trần Thị Hoa"]
    assert CCCD not in page.locator("#view").inner_text()
    assert_tappable(page.locator("li.rec a.btn.small").first, "Sửa")

    context.set_offline(False)
    page.click("#sync-btn")
    page.wait_for_function("() => document.querySelectorAll(\"li.rec[data-state='sent']\").length === 2")
    assert sorted(who()) == ["CCCD …4321", "Trần Thị Hoa"]  # from the server's copies now
    assert CCCD not in page.locator("#view").inner_text()


def test_the_session_form_and_the_sign_in_page_have_a_heading_and_big_targets(phone, transactional_db, demo):
    context = phone(service_workers="block")
    page = context.new_page()
    page.goto("/login/")
    assert h1s(page) == ["Đăng nhập"]
    sign_in(page, "leader.chanhlo")
    page.click("a[href='#/session']")
    page.locator("#session-form").wait_for()
    assert h1s(page) == ["Ghi buổi tập huấn / tuyên truyền"]
    assert_tappable(page.locator("label.check:has(input[name=for_team_members])"), "session checkbox row")

"""axe-core (issue 13) on the field app, the officer's pages and the reports, at 360 px and 1366 px:
no serious or critical violation.

axe-core 4.14.1 (MPL-2.0, from the npm registry) is vendored in tests/vendor/ for the tests only; it is
injected into each page (CSP bypassed for the injection alone) and run on the whole document.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orgunits.models import OrgUnit

from .test_offline_capture import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1366, "height": 900}}


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
    }""")
    return found


def sign_in(page, username, next_url):
    page.goto(f"/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def audit(browser, live_server, username, pages, ready=None) -> dict[str, list[str]]:
    """{"<width> <page>": [violations]} for each width and page, signed in as username."""
    base_url = live_server.url.replace("127.0.0.1", "localhost")
    out = {}
    for width, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, base_url=base_url, bypass_csp=True, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto("/login/")
        out[f"{width} login"] = serious_violations(page)
        sign_in(page, username, pages[0][1])
        for name, url in pages:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            if ready:
                ready(page)
            out[f"{width} {name}"] = serious_violations(page)
        context.close()
    return out


def assert_clean(found: dict[str, list[str]]):
    failing = {k: v for k, v in found.items() if v}
    assert not failing, "\n".join(f"{k}: {'; '.join(v)}" for k, v in failing.items())


def field_ready(page):
    page.wait_for_function("() => document.documentElement.dataset.app === 'ready'")
    page.wait_for_timeout(300)


def test_the_field_app_has_no_serious_axe_violation(browser, live_server, transactional_db, demo):
    pages = [("home", "/app/#/"), ("form", "/app/#/new/vneid_l2"), ("mine", "/app/#/mine"),
             ("followups", "/app/#/followups"), ("session", "/app/#/session")]
    found = audit(browser, live_server, "leader.chanhlo", pages, ready=field_ready)
    assert_clean(found)


def test_the_officer_pages_have_no_serious_axe_violation(browser, live_server, transactional_db, demo):
    from tests.review_factories import make_record

    record = make_record("member.chanhlo", name="Trần Thị Hoa", cccd="051190001234", birth_year=1990)
    pages = [("records", "/officer/records/"), ("record", f"/officer/records/{record.client_uuid}/"),
             ("follow-ups", "/officer/follow-ups/"), ("teams", "/officer/teams/")]
    assert_clean(audit(browser, live_server, "officer.chanhlo", pages))


def test_the_report_pages_have_no_serious_axe_violation(browser, live_server, transactional_db, demo):
    commune = OrgUnit.objects.get(name__icontains="Chánh Lộ", level="commune")
    pages = [("home", "/reports/"), ("dashboard", f"/reports/u/{commune.pk}/"),
             ("figures", f"/reports/u/{commune.pk}/figures/"), ("documents", "/reports/documents/")]
    assert_clean(audit(browser, live_server, "officer.chanhlo", pages))




SMALL_CONTROLS = """() => [...document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary')]
    .filter(e => e.offsetParent !== null && !(e.tagName === 'A' && e.closest('p')))  // links inside a sentence are exempt (WCAG 2.5.8)
    .filter(e => !(e.type === 'checkbox' || e.type === 'radio') || e.closest('label').getBoundingClientRect().height < 44)
    .map(e => { const r = e.closest('label:has(input[type=checkbox],input[type=radio])') && (e.type === 'checkbox' || e.type === 'radio')
                          ? e.closest('label').getBoundingClientRect() : e.getBoundingClientRect();
                return [e.tagName, (e.innerText || e.name || '').trim().slice(0, 30), Math.round(r.width), Math.round(r.height)]; })
    .filter(([, , w, h]) => w < 44 || h < 44)"""


def test_officer_and_report_pages_fit_a_360_px_phone(browser, live_server, transactional_db, demo):
    """Every control at least 44×44 px, the officer's header one line (its links behind "Menu"), nothing wider
    than the screen, and the figure tables read as labelled stacked rows instead of scrolling sideways."""
    from tests.review_factories import make_record

    record = make_record("member.chanhlo", name="Trần Thị Hoa", cccd="051190001234", birth_year=1990)
    commune = OrgUnit.objects.get(name__icontains="Chánh Lộ", level="commune")
    context = browser.new_context(viewport=WIDTHS["phone"], base_url=live_server.url.replace("127.0.0.1", "localhost"),
                                  locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, "officer.chanhlo", "/officer/records/")
    small, wide = {}, {}
    for url in ("/officer/records/", f"/officer/records/{record.client_uuid}/", "/officer/follow-ups/",
                "/officer/teams/", "/reports/", f"/reports/u/{commune.pk}/", f"/reports/u/{commune.pk}/gaps/",
                "/reports/documents/"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if found := page.evaluate(SMALL_CONTROLS):
            small[url] = found
        if (width := page.evaluate("() => document.documentElement.scrollWidth")) > 360:
            wide[url] = width
        if url.startswith("/officer/"):
            assert page.locator("header").bounding_box()["height"] <= 60, url
    assert not small, small
    assert not wide, wide

    page.goto("/officer/records/")
    assert not page.get_by_role("link", name="Mẫu số & chỉ tiêu").is_visible()
    page.locator("details.narrow summary").click()  # "Danh mục"
    page.get_by_role("link", name="Mẫu số & chỉ tiêu").click()
    page.wait_for_url("**/officer/figures/**")

    page.goto(f"/reports/u/{commune.pk}/")
    page.wait_for_load_state("networkidle")
    table = page.locator(".scroll > table").first
    assert "stack" in table.get_attribute("class")
    region = page.locator(".scroll").first
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing hidden to the right
    cell = table.locator("tbody tr").first.locator("td").nth(2)
    assert cell.get_attribute("data-label") == "Kết quả đạt"
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    assert "Kết quả đạt" in label
    context.close()

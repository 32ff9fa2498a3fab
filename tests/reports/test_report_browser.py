"""An officer writes the report in real Chromium at 1366 px: creates it from /officer/, types the wording
(autosaved; what is typed while the connection is down comes back and is saved), finalises the figures
and downloads the DOCX."""

from __future__ import annotations

import pytest
from django.utils import timezone
from docx import Document

pytestmark = pytest.mark.browser

PASSWORD = "Demo@2026"
DESKTOP = {"width": 1366, "height": 768}


def test_an_officer_writes_finalises_and_downloads_the_report(browser, live_server, transactional_db, demo,
                                                              tmp_path):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto("/login/?next=/officer/")
    page.fill("input[name=username]", "officer.chanhlo")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/officer/records/")

    page.click("header nav a[href='/reports/documents/']")
    page.wait_for_url("**/reports/documents/")
    last_year = timezone.localdate().year - 1
    page.select_option("select[name=period]", str(last_year))
    assert page.input_value("input[name=cutoff]") == f"31/12/{last_year}"  # the default cut-off, filled in
    page.click("#new-report button[type=submit]")
    page.wait_for_selector("#version-form")
    editor_url = page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    page.fill("input[name=request_number]", "2391/STTTT")
    page.fill("textarea[name=results_text]", "Đã ra quân 3 đợt hỗ trợ người dân kích hoạt VNeID.")
    page.wait_for_function("() => document.getElementById('autosave-status').textContent.startsWith('Đã lưu lúc')")

    # The connection drops while the officer types; the page is closed before it returns.
    context.set_offline(True)
    page.fill("textarea[name=proposals_text]", "Đề nghị cấp thêm điện thoại thông minh cho Tổ.")
    page.wait_for_function("() => document.getElementById('autosave-status').textContent.includes('mất kết nối')")
    page.close()
    context.set_offline(False)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(editor_url)
    page.wait_for_function("() => document.getElementById('autosave-status').textContent.startsWith('Đã lưu lúc')")
    assert page.input_value("textarea[name=proposals_text]") == "Đề nghị cấp thêm điện thoại thông minh cho Tổ."

    page.click("#finalise")
    page.wait_for_selector("#version-status.final")
    assert "đã chốt số liệu" in page.inner_text("#version-status")
    with page.expect_download() as download:
        page.click("#docx-link")
    path = tmp_path / "bao-cao.docx"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith("-v1.docx")
    text = [p.text for p in Document(path).paragraphs]
    assert f"(Số liệu tính đến ngày 31/12/{last_year})" in text
    assert "Đã ra quân 3 đợt hỗ trợ người dân kích hoạt VNeID." in text
    assert "Đề nghị cấp thêm điện thoại thông minh cho Tổ." in text
    assert any(t.startswith("Thực hiện Công văn số 2391/STTTT") for t in text)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    context.close()

"""Real headless Chromium (Debian's, by path) on a 360×740 phone screen, against pytest-django's live server.

Never downloads a browser. Playwright's sync API runs an event loop in this thread, which Django
would otherwise take for async code touching the database (see _playwright_loop_allows_orm).
"""

from __future__ import annotations

import os

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 740}


def _live_http_server(*args, connections_override=None, **kwargs):
    """The live server: one request at a time on in-memory SQLite, whose single shared connection
    cannot serve two threads at once ("database table is locked"); threaded on a real server database."""
    if connections_override:
        return WSGIServer(*args, **kwargs)
    return ThreadedWSGIServer(*args, connections_override=connections_override, **kwargs)


LiveServerThread.server_class = staticmethod(_live_http_server)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists: it must see the
    in-memory SQLite test database at start-up to share its connection (and to be serial, above)."""
    return live_server


@pytest.fixture
def browser(transactional_db, monkeypatch):
    """Chromium for one test. Playwright's sync API keeps an event loop in this thread while it runs,
    and Django refuses the ORM in a thread with a running loop: the variable below allows it, for
    this test only (set at import it would leak into subprocesses such as `check --deploy`).
    Started after, and stopped before, the test database's flush, which then runs loop-free."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser, live_server):
    """phone() → a fresh phone (browser context) with the app's origin as base URL; closed after the test.

    The origin is http://localhost: a secure context, so service workers and Background Sync work.
    """
    contexts = []
    base_url = live_server.url.replace("127.0.0.1", "localhost")

    def make(**options):
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                      locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", base_url=base_url,
                                      **options)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        try:
            context.close()
        except Exception:  # already closed by the test
            pass


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def camera_phone(transactional_db, live_server, monkeypatch, tmp_path):
    """A 360-px phone whose rear camera films the CCCD card's QR, camera permission granted."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from .test_scan_cccd import cccd_card_video

    video = cccd_card_video(tmp_path / "cccd.y4m")
    args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}"]
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                       locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                       base_url=live_server.url.replace("127.0.0.1", "localhost"),
                                       permissions=["camera"])
        context.set_default_timeout(20_000)
        sent = []  # every body the page or its service worker POSTs to the API
        context.route("**/api/v1/**", lambda route: (sent.append(route.request.post_data or ""), route.continue_()))
        context.sent = sent
        yield context
        context.close()
        chromium.close()

"""The report workspace's browser test uses the Chromium harness of tests/field (Debian's Chromium by path)."""

from tests.field.conftest import browser, live_server  # noqa: F401

# The real-Chromium fixtures of the field tests, for printing the QR cards.
from tests.field.conftest import browser, live_server  # noqa: F401

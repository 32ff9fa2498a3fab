"""Reading an admin change form back as the browser would post it, and driving a ModelAdmin directly."""

from __future__ import annotations

from html.parser import HTMLParser

from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            else:
                self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html: str) -> dict[str, str]:
    """The name → value pairs a browser would post from the page's form, as shown."""
    parser = _FormFields()
    parser.feed(html)
    parser.fields.pop("csrfmiddlewaretoken", None)
    return parser.fields


def admin_request(user, method: str = "get", path: str = "/admin/", data: dict | None = None):
    """A request as the admin site hands it to a ModelAdmin, for calling its views past the site's gate."""
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return request


def rendered(response) -> str:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response.content.decode()

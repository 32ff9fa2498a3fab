"""Input normalised once, as it comes in; a parameter that cannot be read answered with a 400, not a 500."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from .errors import error_response
from .params import BadParameter
from .text import clean_text

logger = logging.getLogger(__name__)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_secret(key: str) -> bool:
    """Passwords are compared byte for byte: never changed on their way in."""
    return "password" in key.lower()


def cleaned_querydict(data: QueryDict, *, multiline: bool) -> QueryDict:
    if all(value.isascii() and value.isprintable() for _key, values in data.lists() for value in values):
        return data  # nothing to change (the common case)
    out = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        out.setlist(key, values if is_secret(key) else [clean_text(v, multiline=multiline) for v in values])
    out._mutable = False
    return out


def _declared_too_big(request) -> bool:
    """A body declared larger than Django lets a form hold is left unread here: only an upload page can
    want one, and it refuses it by its declared size before reading it (onboarding's 2 MB template)."""
    length = request.META.get("CONTENT_LENGTH") or ""
    return length.isdigit() and int(length) > (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) > 0


class EdgeMiddleware:
    """Query strings and submitted forms arrive as NFC text without control, zero-width or bidi characters.

    The API's bodies are cleaned by its parsers (edge.parsers); its query string is cleaned here too.
    A BadParameter raised by a view becomes a 400 page (or the API's JSON error) with its message; any other
    SuspiciousOperation or OverflowError a view raises (the admin's, for a forged parameter or an id of
    30 digits) a 400 logged in one line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = cleaned_querydict(request.GET, multiline=False)
        if (request.method == "POST" and request.content_type in FORM_TYPES and not request.path.startswith("/api/")
                and not _declared_too_big(request)):
            try:
                request.POST = cleaned_querydict(request.POST, multiline=True)
            except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
                return error_response(request, 400, _("The form sent is too large or malformed. Reload the page "
                                                      "and send it again."))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return error_response(request, 400, exception.message, field=exception.param)
        if isinstance(exception, SuspiciousOperation | OverflowError):
            # The request's fault, not a bug: a forged admin parameter, or a number no column can hold (SQLite
            # refuses to bind 10**30 where PostgreSQL just finds nothing). One line in the log, no traceback.
            logger.warning("Refused a request to %s: %s", request.path, exception)
            return error_response(request, 400)
        return None

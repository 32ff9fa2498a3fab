"""The API's body parsers: bounded in size and depth, every text value cleaned (edge.text) on the way in.

A JSON document nested thousands of levels deep exhausts Python's recursion (the standard decoder and
every recursive walk after it); one of many megabytes ties a worker up. Both are refused with a 400
before any view sees them. A sync batch is four levels deep and a few hundred kilobytes at most.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from .middleware import cleaned_querydict, is_secret
from .text import clean_text

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_DEPTH = 16


def _limits() -> tuple[int, int]:
    return (getattr(settings, "API_JSON_MAX_BYTES", DEFAULT_MAX_BYTES),
            getattr(settings, "API_JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH))


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def clean_document(value, *, max_depth: int, depth: int = 0, key: str = ""):
    """The parsed document with every string cleaned (passwords excepted); ParseError past max_depth."""
    if isinstance(value, str):
        return value if is_secret(key) else clean_text(value)
    if isinstance(value, dict | list):
        if depth >= max_depth:
            raise ParseError(_("The data sent is nested more than %(max)d levels deep.") % {"max": max_depth})
        if isinstance(value, dict):
            return {k: clean_document(v, max_depth=max_depth, depth=depth + 1, key=str(k)) for k, v in value.items()}
        return [clean_document(v, max_depth=max_depth, depth=depth + 1, key=key) for v in value]
    return value


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        max_bytes, max_depth = _limits()
        raw = stream.read(max_bytes + 1) if stream is not None else b""
        if len(raw) > max_bytes:
            raise ParseError(_("The data sent is larger than %(size)s kB; send it in smaller batches.")
                             % {"size": max_bytes // 1024})
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("The data sent is nested more than %(max)d levels deep.") % {"max": max_depth}) from None
        except ValueError:
            raise ParseError(_("The data sent is not valid JSON.")) from None
        return clean_document(data, max_depth=max_depth)


class CleanFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None) -> QueryDict:
        return cleaned_querydict(super().parse(stream, media_type, parser_context), multiline=True)


class CleanMultiPartParser(MultiPartParser):
    """Text fields cleaned like a form's; a malformed body refused in Vietnamese (DRF's words are English)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("The form data sent is malformed (multipart); send it again.")) from None
        parsed.data = cleaned_querydict(parsed.data, multiline=True)
        return parsed

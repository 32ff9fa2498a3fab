"""One JSON error shape for the whole API.

Every error answers `{"error": {"code": "...", "message": "...", "fields": {...}}}`; `fields` only
when the client sent something invalid. Clients show `message` and map `fields` to their inputs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from edge.params import BadParameter


def api_exception_handler(exc, context):
    if isinstance(exc, BadParameter):
        # A query parameter read by edge.params: the same 400 as a field the client sent wrong.
        exc = exceptions.ValidationError({exc.param: [exc.message]})
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError(_("The data sent is too large; send it in smaller batches."))
    elif isinstance(exc, Http404):
        # Django's message names the model in English ("No AssistanceRecord matches the given query.").
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    error: dict = {"code": _code_of(exc), "message": ""}
    if detail == {"non_field_errors": ["No data provided"]}:
        detail = {"non_field_errors": [_("Send the data as a JSON object.")]}  # DRF's words, not translatable
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict | list):
        error["message"] = _("Some fields are not valid.")
        error["fields"] = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    elif isinstance(detail, dict) and "detail" in detail:
        error["message"] = str(detail["detail"])
    else:
        error["message"] = str(detail)
    response.data = {"error": error}
    return response


def _code_of(exc) -> str:
    if isinstance(exc, Http404):
        return "not_found"
    if isinstance(exc, PermissionDenied):
        return "permission_denied"
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    return getattr(exc, "default_code", "error")

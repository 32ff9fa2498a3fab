"""The error pages (400, 403, 404, 500, CSRF) in Vietnamese; JSON in the API's error shape under /api/."""

from __future__ import annotations

import logging

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

TITLES = {
    400: ("bad_request", gettext_noop("The request could not be read")),
    403: ("permission_denied", gettext_noop("You may not open this page")),
    404: ("not_found", gettext_noop("Page not found")),
    500: ("server_error", gettext_noop("Something went wrong on the server")),
}


def _default_message(status: int) -> str:
    return {
        400: _("Something in the address or the form could not be read. Go back, check what you typed and "
               "try again."),
        403: _("Your account may not open this page. If you need it, ask your commune officer."),
        404: _("Nothing is here. The link may be old or mistyped; go back to the home page."),
        500: _("The server could not finish your request. Nothing you sent was lost; try again in a moment. "
               "If it happens again, tell your commune officer what you were doing."),
    }[status]


def error_response(request, status: int, message: str = "", *, field: str | None = None) -> HttpResponse:
    """A page (or, under /api/, a JSON error) saying what went wrong and what to do."""
    code, title = TITLES[status]
    message = message or _default_message(status)
    if request.path.startswith("/api/"):
        error: dict = {"code": "invalid" if field else code, "message": message}
        if field:
            error["fields"] = {field: [message]}
        return JsonResponse({"error": error}, status=status, json_dumps_params={"ensure_ascii": False})
    try:
        html = render_to_string("edge/error.html", {"status": status, "title": _(title), "message": message,
                                                    "back": request.path if status == 400 else "/"},
                                request=request if status != 500 else None)
    except Exception:  # the error page itself must never fail
        logger.exception("error page failed to render")
        html = f"<!doctype html><title>{status}</title><p>{message}</p>"
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, _("This form has expired (or cookies are blocked). Reload the page, "
                                          "then send it again."))

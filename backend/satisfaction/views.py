"""The citizen's public page /y-kien/<token>/: no login, no JavaScript, one tap to send."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ops.lockout import client_ip

from .limits import over_limit
from .models import Rating, SurveyToken
from .services import COMMENT_MAX, SurveyRefused, answer_accept

MESSAGES = {
    "unknown": (404, "This survey code is not valid."),
    "expired": (410, "This survey code has expired."),
    "used": (409, "This survey code has already been answered. Thank you!"),
}


def _refused(request, code: str) -> HttpResponse:
    status, message = MESSAGES[code]
    return render(request, "satisfaction/answer.html", {"message": _(message), "closed": True}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_page(request, token: str):
    if request.method == "POST":
        if over_limit(client_ip(request)):
            response = render(request, "satisfaction/answer.html",
                              {"message": _("Too many answers from this network. Please try again later."),
                               "closed": True}, status=429)
            response["Retry-After"] = "600"
            return response
        rating = request.POST.get("rating", "")
        if rating not in Rating.values:
            return render(request, "satisfaction/answer.html", {"token": token, "ratings": Rating.choices,
                                                                 "comment_max": COMMENT_MAX,
                                                                 "message": _("Please tap one of the faces.")},
                          status=400)
        try:
            answer_accept(token=token[:64], rating=rating, comment=request.POST.get("comment", "")[:2000])
        except SurveyRefused as refused:
            return _refused(request, refused.code)
        return render(request, "satisfaction/answer.html", {"message": _("Thank you! Your answer was sent."),
                                                             "closed": True, "thanks": True})
    found = SurveyToken.objects.filter(token=token[:64]).select_related("answer").first()
    if found is None:
        return _refused(request, "unknown")
    if found.expires_at <= timezone.now():
        return _refused(request, "expired")
    if hasattr(found, "answer"):
        return _refused(request, "used")
    return render(request, "satisfaction/answer.html", {"token": token, "ratings": Rating.choices,
                                                        "comment_max": COMMENT_MAX})

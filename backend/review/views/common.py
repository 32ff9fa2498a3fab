from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from edge.params import int_param
from orgunits.models import Level

from ..selectors import require_officer

PAGE_SIZE = 50


def officer_required(view):
    """Signed in (else to the login page) and an officer or administrator (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_officer(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, count: int | None = None):
    """A page past the end shows the last one; a page that is not a number is a 400 (edge.params).
    `count`, when the caller has counted the rows already, spares a second count of a large table."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(int_param(request.GET, "page", default=1, minimum=1, label=_("Page")))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def commune_of(user, *, refusal: str):
    """The commune an officer works for; a province-wide administrator has none here (403 with `refusal`)."""
    unit = user.unit if user.unit_id else None
    if unit is None or unit.level != Level.COMMUNE:
        raise PermissionDenied(refusal)
    return unit


def form_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError shown next to the form's fields (or above the form)."""
    for field, errors in exc.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)

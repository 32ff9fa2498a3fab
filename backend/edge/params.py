"""One way to read a query parameter: a few strict parsers shared by pages, exports and the API.

A value that is not what the parameter needs raises BadParameter, which the edge turns into a 400 with
a Vietnamese message (edge.middleware for pages, field.exceptions for the API), never a 500. An empty
value counts as absent. Dates are bounded to DATE_MIN..DATE_MAX everywhere, so that no date arithmetic
("the day after", "midnight in Hà Nội") can leave the calendar.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from .text import ascii_digits, clean_text

# The span any date read from a person may take: reports, filters, figures. Wide enough for every real
# use (the teams started in 2021), narrow enough that a year like 9999 is refused, not computed with.
DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
# The first day an act of help or a group session can have happened: the teams were founded in 2021-2022;
# 1970-01-01 is what a buggy phone sends for timestamp 0.
FIRST_ACTIVITY_DATE = datetime.date(2020, 1, 1)
MAX_INT = 2**63 - 1  # the largest id a database column holds
SHOWN_CHARS = 40

_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_VN_DATE = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
_INT = re.compile(r"^[+-]?[0-9]+$")


class BadParameter(ValueError):
    """A query or form parameter that cannot be read; `message` says, in the user's language, what to change."""

    def __init__(self, param: str, message: str):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


def shown(value: str) -> str:
    """The value as echoed back in a message: cleaned and cut short (it may be hostile or huge)."""
    text = clean_text(str(value), multiline=False)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _raw(params: Mapping, name: str) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    value = ascii_digits(clean_text(str(value), multiline=False)).strip()
    return value or None


# ---------------------------------------------------------------- values


def parse_int(text: str, *, name: str, minimum: int | None = None, maximum: int | None = None,
              label: str | None = None) -> int:
    label = label or name
    value = ascii_digits(clean_text(str(text), multiline=False)).strip()
    if not _INT.match(value) or len(value) > 20:
        raise BadParameter(name, _("%(label)s: “%(value)s” is not a whole number; type digits only, e.g. 2025.")
                           % {"label": label, "value": shown(text)})
    number = int(value)
    low = minimum if minimum is not None else -MAX_INT
    high = maximum if maximum is not None else MAX_INT
    if not low <= number <= high:
        raise BadParameter(name, _("%(label)s: %(value)s is outside the accepted range %(min)s–%(max)s.")
                           % {"label": label, "value": number, "min": low, "max": high})
    return number


def parse_date(text: str, *, name: str, minimum: datetime.date = DATE_MIN, maximum: datetime.date = DATE_MAX,
               label: str | None = None) -> datetime.date:
    """A day written 2025-11-27 (as date inputs send it) or 27/11/2025 (as people write it)."""
    label = label or name
    value = ascii_digits(clean_text(str(text), multiline=False)).strip()
    iso, vn = _ISO_DATE.match(value), _VN_DATE.match(value)
    if not (iso or vn):
        raise BadParameter(name, _("%(label)s: “%(value)s” is not a date; write it as dd/mm/yyyy, e.g. 27/11/2025.")
                           % {"label": label, "value": shown(text)})
    year, month, day = (int(g) for g in iso.groups()) if iso else (int(g) for g in reversed(vn.groups()))
    try:
        day_ = datetime.date(year, month, day)
    except ValueError:
        raise BadParameter(name, _("%(label)s: “%(value)s” is not a day of the calendar (check the day and the "
                                   "month).") % {"label": label, "value": shown(text)}) from None
    if not minimum <= day_ <= maximum:
        raise BadParameter(name, _("%(label)s: the date %(value)s is outside %(min)s – %(max)s.") % {
            "label": label, "value": f"{day_:%d/%m/%Y}", "min": f"{minimum:%d/%m/%Y}", "max": f"{maximum:%d/%m/%Y}"})
    return day_


def parse_datetime(text: str, *, name: str, label: str | None = None) -> datetime.datetime:
    """An ISO 8601 date and time (2025-11-27T08:30:00+07:00); without an offset, Vietnam's time."""
    label = label or name
    value = ascii_digits(clean_text(str(text), multiline=False)).strip()
    # A "+" left unencoded in a query string arrives as a space: "…T08:30:00 07:00".
    value = re.sub(r"(T[0-9:.]+) ([0-9]{2}:?[0-9]{2})$", r"\1+\2", value)
    problem = _("%(label)s: “%(value)s” is not a date and time; write it as 2025-11-27T08:30:00+07:00.") % {
        "label": label, "value": shown(text)}
    if not value.isascii() or len(value) > 40 or not _ISO_DATE.match(value[:10]):
        raise BadParameter(name, problem)
    try:
        moment = datetime.datetime.fromisoformat(value)
    except (ValueError, OverflowError):
        raise BadParameter(name, problem) from None
    if not DATE_MIN <= moment.date() <= DATE_MAX:
        raise BadParameter(name, _("%(label)s: the date %(value)s is outside %(min)s – %(max)s.") % {
            "label": label, "value": f"{moment:%d/%m/%Y}", "min": f"{DATE_MIN:%d/%m/%Y}",
            "max": f"{DATE_MAX:%d/%m/%Y}"})
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment


# ---------------------------------------------------------------- query dictionaries (request.GET, query_params)


def int_param(params: Mapping, name: str, *, default: int | None = None, minimum: int | None = None,
              maximum: int | None = None, label: str | None = None) -> int | None:
    raw = _raw(params, name)
    return default if raw is None else parse_int(raw, name=name, minimum=minimum, maximum=maximum, label=label)


def year_param(params: Mapping, name: str = "year", *, default: int | None = None,
               label: str | None = None) -> int | None:
    return int_param(params, name, default=default, minimum=DATE_MIN.year, maximum=DATE_MAX.year, label=label)


def id_param(params: Mapping, name: str, *, label: str | None = None) -> int | None:
    return int_param(params, name, minimum=1, maximum=MAX_INT, label=label)


def date_param(params: Mapping, name: str, *, default: datetime.date | None = None,
               label: str | None = None) -> datetime.date | None:
    raw = _raw(params, name)
    return default if raw is None else parse_date(raw, name=name, label=label)


def datetime_param(params: Mapping, name: str, *, label: str | None = None) -> datetime.datetime | None:
    raw = _raw(params, name)
    return None if raw is None else parse_datetime(raw, name=name, label=label)


def choice_param(params: Mapping, name: str, choices: Iterable[str], *, default: str | None = None,
                 label: str | None = None) -> str | None:
    raw = _raw(params, name)
    if raw is None:
        return default
    allowed = list(choices)
    if raw not in allowed:
        raise BadParameter(name, _("%(label)s: “%(value)s” is not one of %(choices)s.") % {
            "label": label or name, "value": shown(raw), "choices": ", ".join(allowed)})
    return raw


def bool_param(params: Mapping, name: str, *, default: bool = False, label: str | None = None) -> bool:
    raw = _raw(params, name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise BadParameter(name, _("%(label)s: “%(value)s” is neither 1 (yes) nor 0 (no).") % {
        "label": label or name, "value": shown(raw)})


def uuid_list(values: Iterable[str], *, name: str, label: str | None = None) -> list[uuid.UUID]:
    out = []
    for value in values:
        try:
            out.append(uuid.UUID(ascii_digits(clean_text(str(value), multiline=False)).strip()))
        except ValueError:
            raise BadParameter(name, _("%(label)s: “%(value)s” is not a record identifier.") % {
                "label": label or name, "value": shown(value)}) from None
    return out

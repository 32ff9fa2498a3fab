"""Reporting periods: month, quarter, half-year, year, any date range, and "as of" a cut-off date.

A standard period (month, quarter, half-year, year) has a key under which the summary table keeps
its distinct counts. "As of" a cut-off counts everything from the beginning up to that day.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from edge.params import DATE_MAX, DATE_MIN, BadParameter, date_param, shown
from edge.text import ascii_digits, clean_text

MONTH, QUARTER, HALF, YEAR, AS_OF, RANGE = "m", "q", "h", "y", "asof", "range"
STANDARD_KINDS = (MONTH, QUARTER, HALF, YEAR)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def month_keys(year: int, month: int) -> list[tuple[str, str]]:
    """The standard periods that contain a month, as (kind, key) pairs of the summary table."""
    return [
        (MONTH, f"{year}-{month:02d}"),
        (QUARTER, f"{year}-Q{(month - 1) // 3 + 1}"),
        (HALF, f"{year}-H{1 if month <= 6 else 2}"),
        (YEAR, f"{year}"),
    ]


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date | None  # None: from the beginning ("as of")
    end: datetime.date
    key: str = ""  # the summary-table key of a standard period

    @property
    def year(self) -> int:
        """The year whose targets and denominators apply: the year the period ends in."""
        return self.end.year

    @property
    def is_standard(self) -> bool:
        return self.kind in STANDARD_KINDS

    @property
    def start_dt(self) -> datetime.datetime | None:
        if self.start is None:
            return None
        return datetime.datetime.combine(self.start, datetime.time.min, tzinfo=local_tz())

    @property
    def end_dt(self) -> datetime.datetime:
        """Exclusive upper bound: midnight after the last day, local time."""
        return datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=local_tz())

    @property
    def cumulative_month(self) -> str | None:
        """For "as of" a month's last day (or today or later), the month whose running totals answer it."""
        if self.kind != AS_OF:
            return None
        if self.end == month_end(self.end.year, self.end.month) or self.end >= timezone.localdate():
            return f"{self.end.year}-{self.end.month:02d}"
        return None

    @property
    def label(self) -> str:
        e = self.end
        if self.kind == MONTH:
            return _("month %(m)s/%(y)s") % {"m": e.month, "y": e.year}
        if self.kind == QUARTER:
            return _("quarter %(q)s/%(y)s") % {"q": ROMAN[(e.month - 1) // 3 + 1], "y": e.year}
        if self.kind == HALF:
            if e.month <= 6:
                return _("first six months of %(y)s") % {"y": e.year}
            return _("last six months of %(y)s") % {"y": e.year}
        if self.kind == YEAR:
            return _("year %(y)s") % {"y": e.year}
        if self.kind == AS_OF:
            return _("as of %(d)s") % {"d": e.strftime("%d/%m/%Y")}
        return _("from %(a)s to %(b)s") % {"a": self.start.strftime("%d/%m/%Y"), "b": e.strftime("%d/%m/%Y")}

    @property
    def query(self) -> str:
        """The query string that selects this period again."""
        if self.is_standard:
            return f"period={self.key}"
        if self.kind == AS_OF:
            return f"asof={self.end.isoformat()}"
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


def period_month(*, year: int, month: int) -> Period:
    return Period(MONTH, datetime.date(year, month, 1), month_end(year, month), f"{year}-{month:02d}")


def period_quarter(*, year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(QUARTER, datetime.date(year, first, 1), month_end(year, first + 2), f"{year}-Q{quarter}")


def period_half(*, year: int, half: int) -> Period:
    first = 1 if half == 1 else 7
    return Period(HALF, datetime.date(year, first, 1), month_end(year, first + 5), f"{year}-H{half}")


def period_year(*, year: int) -> Period:
    return Period(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}")


def period_as_of(*, day: datetime.date) -> Period:
    return Period(AS_OF, None, day)


def period_range(*, start: datetime.date, end: datetime.date) -> Period:
    if end < start:
        raise ValueError("end before start")
    return Period(RANGE, start, end)


_KEY = re.compile(r"^([0-9]{4})(?:-(?:([0-9]{2})|[Qq]([1-4])|[Hh]([12])))?$")


def period_from_key(key: str) -> Period:
    """2025, 2025-H1, 2025-Q3 or 2025-07; BadParameter (a ValueError) with a message otherwise."""
    text = ascii_digits(clean_text(str(key or ""), multiline=False)).strip()
    m = _KEY.match(text)
    if not m:
        raise BadParameter("period", _("Period: “%(value)s” is not a period; choose one from the list, or write "
                                       "2025, 2025-H1, 2025-Q3 or 2025-07.") % {"value": shown(key or "")})
    year = int(m.group(1))
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise BadParameter("period", _("Period: the year %(year)s is outside %(min)s–%(max)s.") % {
            "year": year, "min": DATE_MIN.year, "max": DATE_MAX.year})
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise BadParameter("period", _("Period: %(value)s has no month %(month)s; months go from 01 to 12.")
                               % {"value": shown(key), "month": m.group(2)})
        return period_month(year=year, month=month)
    if m.group(3):
        return period_quarter(year=year, quarter=int(m.group(3)))
    if m.group(4):
        return period_half(year=year, half=int(m.group(4)))
    return period_year(year=year)


def period_from_params(params, *, today: datetime.date | None = None) -> Period:
    """period=2025 | 2025-H1 | 2025-Q3 | 2025-07 | today, asof=…, from=…&to=…; default: as of today.

    Dates are read by edge.params (2025-11-27 or 27/11/2025, within DATE_MIN..DATE_MAX), the same way for
    the dashboard, the printable report and every export. A bad value raises BadParameter (a ValueError).
    """
    today = today or timezone.localdate()
    period = (params.get("period") or "").strip()
    if period == "today":
        return period_as_of(day=today)
    if period:
        return period_from_key(period)
    asof = date_param(params, "asof", label=_("As of"))
    if asof is not None:
        return period_as_of(day=asof)
    start = date_param(params, "from", label=_("From"))
    end = date_param(params, "to", label=_("To"))
    if start is None and end is None:
        return period_as_of(day=today)
    if start is None or end is None:
        missing = "from" if start is None else "to"
        raise BadParameter(missing, _("A date range needs both dates: from and to."))
    if end < start:
        raise BadParameter("to", _("The end of the range (%(end)s) is before its start (%(start)s).") % {
            "end": f"{end:%d/%m/%Y}", "start": f"{start:%d/%m/%Y}"})
    return period_range(start=start, end=end)

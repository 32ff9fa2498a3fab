"""XLSX and CSV exports. Every table is a header plus a generator of rows, shared by both formats.

Numbers stay numbers in XLSX, shown in Vietnamese style (47.351; 33,44%) by literal-separator
formats; the record list carries no citizen's personal data (no name, birth year, CCCD, household).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
from collections.abc import Iterator

import xlsxwriter
from django.http import StreamingHttpResponse
from django.utils.translation import gettext, pgettext

from indicators.formatting import XLSX_INT_FORMAT, XLSX_PERCENT_FORMAT, vn_date, vn_decimal
from indicators.selectors import UnitReport
from orgunits.selectors import villages_within
from outreach.selectors import session_totals
from records.models import Outcome, Place, Status
from records.selectors import records_visible_to

CSV_TABLES = ("indicators", "services", "villages", "teams", "sessions", "records")
INT, PCT, TEXT = "int", "pct", "text"
# Text starting with one of these may run as a formula in a spreadsheet (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def _target_text(row) -> str:
    if row.target is None:
        return ""
    text = f"{row.target.get_comparison_display()} {vn_decimal(row.target.percent).removesuffix(',00')}%"
    if row.target_year != row.year:  # an earlier plan's target, still in force
        text += " (" + gettext("plan of %(year)s") % {"year": row.target_year} + ")"
    return text


def table_indicators(report: UnitReport):
    header = [(pgettext("report", "No."), INT), (pgettext("report", "Indicator"), TEXT), (pgettext("report", "Target"), TEXT), (pgettext("report", "Baseline"), INT),
              (pgettext("report", "Counted in the period"), INT), (pgettext("report", "Achieved"), INT), (pgettext("report", "Denominator"), INT),
              (pgettext("report", "Per cent achieved"), PCT), (pgettext("report", "Remaining to target"), INT)]
    rows = ([i, r.indicator.name, _target_text(r), r.baseline, r.counted, r.numerator, r.denominator, r.percent,
             r.remaining] for i, r in enumerate(report.indicators, start=1))
    return header, rows


def table_services(report: UnitReport):
    header = [(pgettext("report", "Service"), TEXT), (pgettext("report", "People (distinct)"), INT), (pgettext("report", "Visits"), INT)]
    return header, ([r["service"].name, r["people"], r["visits"]] for r in report.services)


def table_villages(report: UnitReport):
    header = [(pgettext("report", "Rank"), INT), (pgettext("report", "Unit"), TEXT), (pgettext("report", "People (distinct)"), INT), (pgettext("report", "Visits"), INT)]
    return header, ([i, r["unit"].full_name, r["people"], r["visits"]] for i, r in enumerate(report.children, 1))


def table_teams(report: UnitReport):
    header = [(pgettext("report", "Team"), TEXT), (pgettext("report", "Approved records"), INT), (pgettext("report", "Citizens (distinct)"), INT),
              (pgettext("report", "Active members"), INT)]
    return header, ([r["team"].name, r["visits"], r["people"], r["members"]] for r in report.teams)


def table_sessions(report: UnitReport):
    """Group sessions per child unit (village or commune) and in all; attendees are attendances (lượt)."""
    header = [(pgettext("report", "No."), INT), (pgettext("report", "Unit"), TEXT),
              (pgettext("report", "Training sessions"), INT), (pgettext("report", "Outreach sessions"), INT),
              (pgettext("report", "Meetings"), INT), (pgettext("report", "Sessions in all"), INT),
              (pgettext("report", "Citizens attending (attendances)"), INT),
              (pgettext("report", "Citizens checked in (people)"), INT),
              (pgettext("report", "Team members trained (attendances)"), INT),
              (pgettext("report", "Team members trained (people, by attendance list)"), INT)]
    children = sorted((r["unit"] for r in report.children), key=lambda u: u.full_name)
    totals = session_totals(units=[report.unit, *children], period=report.period)

    def line(number, label, t) -> list:
        kinds = [r["sessions"] for r in t.by_kind]
        return [number, label, *kinds, t.total, t.citizens_reached, t.citizens_checked_in, t.members_trained, t.members_listed]

    def rows() -> Iterator[list]:
        for i, unit in enumerate(children, start=1):
            yield line(i, unit.full_name, totals[unit.pk])
        yield line(None, pgettext("report", "Total"), totals[report.unit.pk])
    return header, rows()


def table_records(report: UnitReport, user):
    header = [(pgettext("report", "Date"), TEXT), (pgettext("report", "Village"), TEXT), (pgettext("report", "Team"), TEXT), (pgettext("report", "Team member"), TEXT),
              (pgettext("report", "Service"), TEXT), (pgettext("report", "Outcome"), TEXT), (pgettext("report", "Status"), TEXT), (pgettext("report", "Where"), TEXT),
              (pgettext("report", "Record id"), TEXT)]
    period = report.period
    qs = records_visible_to(user=user).filter(village_id__in=villages_within(unit=report.unit),
                                              occurred_at__lt=period.end_dt)
    if period.start_dt is not None:
        qs = qs.filter(occurred_at__gte=period.start_dt)
    # Plain tuples, not model instances: a commune-year holds 100,000 rows and more.
    qs = qs.order_by("occurred_at", "pk").values_list(
        "occurred_at", "village__name", "team__name", "member__first_name", "member__last_name", "member__username",
        "service_type__name", "outcome", "status", "place", "client_uuid")
    outcomes, statuses, places = dict(Outcome.choices), dict(Status.choices), dict(Place.choices)
    tz = period.end_dt.tzinfo

    def rows() -> Iterator[list]:
        for (at, village, team, first, last, username, service, outcome, status, place,
             client_uuid) in qs.iterator(chunk_size=2000):
            member = f"{first} {last}".strip() or username  # User.display_name
            yield [vn_date(at.astimezone(tz).date()), village, team, member, service, str(outcomes.get(outcome, outcome)),
                   str(statuses.get(status, status)), str(places.get(place, place)), str(client_uuid)]
    return header, rows()


def table_for(name: str, report: UnitReport, user):
    if name == "records":
        return table_records(report, user)
    return {"indicators": table_indicators, "services": table_services, "villages": table_villages,
            "teams": table_teams, "sessions": table_sessions}[name](report)


# ---- XLSX --------------------------------------------------------------------------------------
# XlsxWriter in constant-memory mode: each row goes to disk as it is written, so a commune-year of
# 100,000 records takes time in proportion to its rows and memory that stays flat. Text is always
# written as text (strings_to_formulas off, write_string), never run as a formula when opened.

A4 = 9  # XlsxWriter's paper code
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Book:
    """One workbook and its formats."""

    def __init__(self, out):
        self.wb = xlsxwriter.Workbook(out, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "in_memory": False, "tmpdir": tempfile.gettempdir(),
        })
        self.bold = self.wb.add_format({"bold": True})
        self.quoted = self.wb.add_format({"quote_prefix": True})  # Excel keeps it text if someone edits it
        self.formats = {INT: self.wb.add_format({"num_format": XLSX_INT_FORMAT}),
                        PCT: self.wb.add_format({"num_format": XLSX_PERCENT_FORMAT})}

    def close(self):
        self.wb.close()

    def sheet(self, title: str, header, rows, *, intro: list[list] = (), heading: str = ""):
        ws = self.wb.add_worksheet(title[:31])
        header_row = len(intro)
        _print_setup(ws, header_row=header_row, columns=len(header), heading=heading)
        for r, line in enumerate(intro):
            self.row(ws, r, line)
        for c, (h, _k) in enumerate(header):
            ws.write_string(header_row, c, h, self.bold)
        kinds = [k for _h, k in header]
        for r, values in enumerate(rows, start=header_row + 1):
            self.row(ws, r, values, kinds)
        return ws

    def row(self, ws, r: int, values, kinds=None) -> None:
        for c, value in enumerate(values):
            kind = kinds[c] if kinds else None
            if value is None or value == "":
                continue
            if isinstance(value, str):
                value = CONTROL_CHARACTERS.sub("", value)  # a workbook cannot hold them: dropped, not failing
                ws.write_string(r, c, value, self.quoted if value.startswith(FORMULA_START) else None)
            elif kind == PCT:
                ws.write_number(r, c, float(value), self.formats[PCT])
            elif kind == INT or (kind is None and isinstance(value, int)):
                ws.write_number(r, c, value, self.formats[INT])
            else:
                ws.write(r, c, value)


def _print_setup(ws, *, header_row: int, columns: int, heading: str) -> None:
    """Prints on A4 as a person expects: landscape when wide, fitted to the page width, the header row
    repeated on every page and frozen on screen, unit/period/cut-off in the page header."""
    ws.set_paper(A4)
    if columns > 4:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.freeze_panes(header_row + 1, 0)
    ws.set_header("&C" + heading.replace("&", "&&"))
    ws.set_footer("&C&P/&N")
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 8, 16)


def xlsx_write(out, *, report: UnitReport, user, with_records: bool, cutoff: datetime.date) -> None:
    """The workbook, written to `out` (a path or a binary file)."""
    book = Book(out)
    as_of = pgettext("report", "as of %(d)s") % {"d": vn_date(cutoff)}
    heading = f"{report.unit.full_name} – {report.period.label} – {as_of}"
    intro = [[report.unit.full_name], [f"{report.period.label}, {as_of}"],
             [pgettext("report", "Citizens guided (people)"), report.people], [pgettext("report", "Visits"), report.visits], []]
    book.sheet(pgettext("report", "Summary"), *table_indicators(report), intro=intro, heading=heading)
    book.sheet(pgettext("report", "By village") if report.unit.level == "commune" else pgettext("report", "By unit"), *table_villages(report), heading=heading)
    book.sheet(pgettext("report", "By service"), *table_services(report), heading=heading)
    if report.teams:
        book.sheet(pgettext("report", "By team"), *table_teams(report), heading=heading)
    book.sheet(pgettext("report", "Training and outreach"), *table_sessions(report), heading=heading,
               intro=[[report.unit.full_name], [f"{report.period.label}, {as_of}"],
                      [pgettext("report", "Attendees are attendances: a person at two sessions counts twice.")], []])
    if with_records:
        book.sheet(pgettext("report", "Records"), *table_records(report, user), heading=heading)
    book.close()


def xlsx_file(**kwargs):
    """The workbook in an anonymous temporary file, rewound: a FileResponse sends it in chunks and closes it."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    try:
        xlsx_write(out, **kwargs)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def xlsx_bytes(**kwargs) -> bytes:
    out = io.BytesIO()
    xlsx_write(out, **kwargs)
    return out.getvalue()


# ---- CSV ---------------------------------------------------------------------------------------

def csv_safe(value) -> str:
    """Cell text Excel will not run as a formula (OWASP CSV injection): a leading ' neutralises it."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(*, report: UnitReport, table: str, user, filename: str) -> StreamingHttpResponse:
    header, rows = table_for(table, report, user)
    kinds = [k for _h, k in header]
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([h for h, _k in header])
        for row in rows:
            yield writer.writerow([vn_decimal(v) if k == PCT and v is not None else csv_safe(v)
                                   for v, k in zip(row, kinds, strict=True)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


__all__ = ["CSV_TABLES", "csv_response", "csv_safe", "xlsx_bytes", "xlsx_file", "xlsx_write"]

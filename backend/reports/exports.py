"""XLSX and CSV exports. Every table is a header plus a generator of rows, shared by both formats.

Numbers stay numbers in XLSX, shown in Vietnamese style (47.351; 33,44%) by literal-separator
formats; the record list carries no citizen's personal data (no name, birth year, CCCD, household).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import itertools
import re
import tempfile
import zipfile
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

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
    return f"{row.target.get_comparison_display()} {vn_decimal(row.target.percent).removesuffix(',00')}%"


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
              (pgettext("report", "Team members trained (attendances)"), INT)]
    children = sorted((r["unit"] for r in report.children), key=lambda u: u.full_name)
    totals = session_totals(units=[report.unit, *children], period=report.period)

    def line(number, label, t) -> list:
        kinds = [r["sessions"] for r in t.by_kind]
        return [number, label, *kinds, t.total, t.citizens_reached, t.members_trained]

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

def _print_setup(ws, *, header_row: int, columns: int, heading: str) -> None:
    """Prints on A4 as a person expects: landscape when wide, fitted to the page width, the header row
    repeated on every page and frozen on screen, unit/period/cut-off in the page header. Set before
    any row is written, as write-only worksheets need."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if columns > 4 else Worksheet.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = f"A{header_row + 1}"
    ws.HeaderFooter.oddHeader.center.text = heading.replace("&", "&&")
    ws.HeaderFooter.oddFooter.center.text = "&P/&N"
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 60
    for col in "CDEFGHI":
        ws.column_dimensions[col].width = 16


def _text(ws, value: str):
    """Text that stays text: never a formula (a name like =HYPERLINK(…) would run when opened) nor an
    error code; characters XML cannot hold are dropped rather than failing the whole export."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith(FORMULA_START) and value not in ERROR_CODES:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula: say it is a string
    cell.quotePrefix = True  # and Excel keeps it text if someone edits the cell
    return cell


def _number(ws, value, number_format: str):
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = number_format
    return cell


def _line(ws, values, kinds=None) -> list:
    """One row of cells; `kinds` (INT, PCT, TEXT per column) sets the number formats."""
    out = []
    for i, value in enumerate(values):
        kind = kinds[i] if kinds else None
        if value is None:
            out.append(None)
        elif isinstance(value, str):
            out.append(_text(ws, value))
        elif kind == PCT:
            out.append(_number(ws, float(value), XLSX_PERCENT_FORMAT))
        elif kind == INT or (kind is None and isinstance(value, int)):
            out.append(_number(ws, value, XLSX_INT_FORMAT))
        else:
            out.append(value)
    return out


def _sheet(wb: Workbook, title: str, header, rows, *, intro: list[list] = (), heading: str = ""):
    """A write-only sheet: rows go to disk as they come, so time grows with the rows and memory stays flat."""
    ws = wb.create_sheet(title=title[:31])
    _print_setup(ws, header_row=len(intro) + 1, columns=len(header), heading=heading)
    for line in intro:
        ws.append(_line(ws, line))
    bold = Font(bold=True)
    cells = []
    for h, _k in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    kinds = [k for _h, k in header]
    for row in rows:
        ws.append(_line(ws, row, kinds))
    return ws


# The record list can hold 100,000 rows and more: openpyxl spends some 40 µs on every cell, so its rows
# are written here as XML text (inline strings, always text, never a formula) and spliced into the sheet
# that openpyxl wrote with the print setup and the header row.

def _xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def _xml_rows(rows, *, first: int, columns: int, quoted_style: int) -> Iterator[str]:
    letters = [get_column_letter(i) for i in range(1, columns + 1)]

    @functools.lru_cache(maxsize=4096, typed=True)  # villages, teams, members, services and dates repeat row after row
    def rest(value) -> str:
        """The cell after its `<c r="A2"`: the same for the same value wherever it stands."""
        if value is None or value == "":
            return "/>"
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"><v>{value}</v></c>"
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
        style = f' s="{quoted_style}"' if text.startswith(FORMULA_START) else ""
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'{style} t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>'

    for r, row in enumerate(rows, start=first):
        cells = "".join([f'<c r="{letter}{r}"{rest(value)}' for letter, value in zip(letters, row, strict=True)])
        yield f'<row r="{r}">{cells}</row>'


def _splice_rows(src, out, *, sheet_path: str, rows, first: int, columns: int, quoted_style: int) -> None:
    """Copies the workbook `src` to `out`, with `rows` added to the sheet at `sheet_path` from row `first`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        if sheet_path not in zin.namelist():
            raise RuntimeError(f"{sheet_path} is not in the workbook openpyxl wrote")
        for info in zin.infolist():
            if info.filename != sheet_path:
                zout.writestr(info, zin.read(info.filename))
                continue
            head, tail = zin.read(info.filename).decode("utf-8").split("</sheetData>")
            # The dimension (optional) would say A1:I1: dropped rather than wrong; readers count the rows.
            head = re.sub(r"<dimension [^>]*/>", "", head, count=1)
            with zout.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head.encode("utf-8"))
                lines = _xml_rows(rows, first=first, columns=columns, quoted_style=quoted_style)
                while chunk := "".join(itertools.islice(lines, 2000)):
                    sheet.write(chunk.encode("utf-8"))
                sheet.write(("</sheetData>" + tail).encode("utf-8"))


def xlsx_write(out, *, report: UnitReport, user, with_records: bool, cutoff: datetime.date) -> None:
    """The workbook, written to `out` (a path or a binary file)."""
    wb = Workbook(write_only=True)
    as_of = pgettext("report", "as of %(d)s") % {"d": vn_date(cutoff)}
    heading = f"{report.unit.full_name} – {report.period.label} – {as_of}"
    intro = [[report.unit.full_name], [f"{report.period.label}, {as_of}"],
             [pgettext("report", "Citizens guided (people)"), report.people], [pgettext("report", "Visits"), report.visits], []]
    _sheet(wb, pgettext("report", "Summary"), *table_indicators(report), intro=intro, heading=heading)
    _sheet(wb, pgettext("report", "By village") if report.unit.level == "commune" else pgettext("report", "By unit"), *table_villages(report), heading=heading)
    _sheet(wb, pgettext("report", "By service"), *table_services(report), heading=heading)
    if report.teams:
        _sheet(wb, pgettext("report", "By team"), *table_teams(report), heading=heading)
    _sheet(wb, pgettext("report", "Training and outreach"), *table_sessions(report), heading=heading,
           intro=[[report.unit.full_name], [f"{report.period.label}, {as_of}"],
                  [pgettext("report", "Attendees are attendances: a person at two sessions counts twice.")], []])
    if not with_records:
        wb.save(out)
        return
    header, rows = table_records(report, user)
    ws = _sheet(wb, pgettext("report", "Records"), header, [], heading=heading)  # print setup and header
    quoted = WriteOnlyCell(ws)
    quoted.quotePrefix = True  # Excel keeps a cell so styled text even when someone edits it
    quoted_style = quoted.style_id  # registers the style: written with the workbook's styles
    sheet_path = f"xl/worksheets/sheet{wb.worksheets.index(ws) + 1}.xml"  # openpyxl numbers sheets so
    with tempfile.TemporaryFile(suffix=".xlsx") as skeleton:
        wb.save(skeleton)
        skeleton.seek(0)
        _splice_rows(skeleton, out, sheet_path=sheet_path, rows=rows, first=2, columns=len(header),
                     quoted_style=quoted_style)


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

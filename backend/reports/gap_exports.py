"""The village gaps as XLSX: one row per village and indicator, ranked as on the page; prints on A4.

Text cells a spreadsheet would run as a formula (a unit named "=HYPERLINK(…)") are stored as text.
"""

from __future__ import annotations

import io

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from indicators.formatting import XLSX_INT_FORMAT, XLSX_PERCENT_FORMAT, vn_date, vn_decimal
from indicators.gaps import Gap, GapReport

from .exports import FORMULA_START, INT, PCT, TEXT, _print_setup


def target_text(gap: Gap) -> str:
    t = gap.target
    return f"{t.get_comparison_display()} {vn_decimal(t.percent).removesuffix(',00')}%"


def gap_header():
    return [(pgettext("gaps", "Rank"), INT), (pgettext("gaps", "Village"), TEXT), (pgettext("gaps", "Indicator"), TEXT),
            (pgettext("gaps", "Target"), TEXT), (pgettext("gaps", "Denominator"), INT),
            (pgettext("gaps", "Target count"), INT), (pgettext("gaps", "Achieved"), INT),
            (pgettext("gaps", "Per cent achieved"), PCT), (pgettext("gaps", "Still missing"), INT),
            (pgettext("gaps", "Months left"), INT), (pgettext("gaps", "Needed per month"), INT)]


def gap_rows(report: GapReport):
    for rank, village in enumerate(report.villages, start=1):
        for g in village.gaps:
            yield [rank, village.unit.name, g.indicator.name, target_text(g), g.denominator, g.target_count,
                   g.achieved, g.percent, g.gap, max(g.months_left, 0), g.pace]
    for g in report.commune_gaps:
        yield [None, report.commune.full_name, g.indicator.name, target_text(g), g.denominator, g.target_count,
               g.achieved, g.percent, g.gap, max(g.months_left, 0), g.pace]


def gap_xlsx_bytes(report: GapReport) -> bytes:
    header = gap_header()
    as_of = pgettext("report", "as of %(d)s") % {"d": vn_date(report.reference_day)}
    title = pgettext("gaps", "Who still needs help, per village")
    heading = f"{report.commune.full_name} – {title} – {report.period.label} – {as_of}"
    intro = [[report.commune.full_name], [title], [f"{report.period.label}, {as_of}"], []]
    wb = Workbook()
    ws = wb.active
    ws.title = pgettext("gaps", "Gaps")
    _print_setup(ws, header_row=len(intro) + 1, columns=len(header), heading=heading)
    for line in intro:
        ws.append(line)
    ws.append([h for h, _k in header])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    kinds = [k for _h, k in header]
    for row in gap_rows(report):
        ws.append([float(v) if k == PCT and v is not None else v for v, k in zip(row, kinds, strict=True)])
        for cell, kind in zip(ws[ws.max_row], kinds, strict=True):
            if kind == INT:
                cell.number_format = XLSX_INT_FORMAT
            elif kind == PCT:
                cell.number_format = XLSX_PERCENT_FORMAT
    for line in ws.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # text, never a formula
    for col, width in zip("ABCDEFGHIJK", (6, 24, 48, 10, 12, 12, 12, 12, 12, 10, 12), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["gap_header", "gap_rows", "gap_xlsx_bytes"]

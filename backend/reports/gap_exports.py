"""The village gaps as XLSX: one row per village and indicator, ranked as on the page; prints on A4.

Text cells a spreadsheet would run as a formula (a unit named "=HYPERLINK(…)") are stored as text.
"""

from __future__ import annotations

import io

from django.utils.translation import pgettext

from indicators.formatting import vn_date, vn_decimal
from indicators.gaps import Gap, GapReport

from .exports import INT, PCT, TEXT, Book


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
    as_of = pgettext("report", "as of %(d)s") % {"d": vn_date(report.reference_day)}
    title = pgettext("gaps", "Who still needs help, per village")
    heading = f"{report.commune.full_name} – {title} – {report.period.label} – {as_of}"
    intro = [[report.commune.full_name], [title], [f"{report.period.label}, {as_of}"], []]
    out = io.BytesIO()
    book = Book(out)
    ws = book.sheet(pgettext("gaps", "Gaps"), gap_header(), gap_rows(report), intro=intro, heading=heading)
    for col, width in enumerate((6, 24, 48, 10, 12, 12, 12, 12, 12, 10, 12)):
        ws.set_column(col, col, width)
    book.close()
    return out.getvalue()


__all__ = ["gap_header", "gap_rows", "gap_xlsx_bytes"]

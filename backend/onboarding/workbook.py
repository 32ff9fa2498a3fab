"""The onboarding workbook: its sheets and columns (one description for the template and the reader),
and the template an officer downloads, already filled with what the commune has."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext, pgettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from orgunits.models import KIND_TITLE, Kind

VILLAGE_KINDS = (Kind.THON, Kind.TO_DAN_PHO, Kind.BAN, Kind.KHU_DAN_CU)
# The positions of a Tổ CNSCĐ as the commune chairman's decision names them; a deputy stands in for
# the leader, so both may see the team's records and log group sessions (the app's leader role).
POSITIONS = {"leader": "Tổ trưởng", "deputy": "Tổ phó", "member": "Tổ viên"}
POSITION_ROLE = {"leader": "leader", "deputy": "leader", "member": "member"}
# Generous for a commune (tens of villages, a few hundred members); bounds the work an upload can cause.
MAX_ROWS = 1000
# No village holds a million people: a larger figure is a typing error.
MAX_COUNT = 1_000_000
# Where the template says which commune it was made for (checked on upload).
MARKER_PREFIX = "cnscd-onboarding:"


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    width: int
    required: bool = False
    number: bool = False
    prompt: Promise | str = ""

    def title(self) -> str:
        return f"{self.header} *" if self.required else str(self.header)


@dataclass(frozen=True)
class Sheet:
    key: str
    title: Promise
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


VILLAGES = Sheet("villages", pgettext_lazy("onboarding sheet", "Villages"), (
    Column("name", pgettext_lazy("onboarding column", "Village or residential group"), 30, required=True,
           prompt=pgettext_lazy("onboarding prompt", "One row per village, e.g. Thôn An Phú or Tổ dân phố 3.")),
    Column("kind", pgettext_lazy("onboarding column", "Kind"), 14,
           prompt=pgettext_lazy("onboarding prompt", "Thôn, Tổ dân phố, Bản or Khu dân cư. Blank: read from the name.")),
    Column("year", pgettext_lazy("onboarding column", "Year of the figures"), 12, number=True,
           prompt=pgettext_lazy("onboarding prompt", "The year the figures are for. Blank: this year.")),
    Column("population", pgettext_lazy("onboarding column", "Population"), 12, number=True,
           prompt=pgettext_lazy("onboarding prompt", "Whole number, e.g. 1.250. Blank: keep the figure already entered.")),
    Column("adults_18", pgettext_lazy("onboarding column", "Population aged 18 and over"), 16, number=True,
           prompt=pgettext_lazy("onboarding prompt", "Whole number, not more than the population.")),
    Column("households", pgettext_lazy("onboarding column", "Households"), 12, number=True,
           prompt=pgettext_lazy("onboarding prompt", "Number of households, whole number.")),
))
TEAMS = Sheet("teams", pgettext_lazy("onboarding sheet", "Teams"), (
    Column("name", pgettext_lazy("onboarding column", "Team name"), 36, required=True,
           prompt=pgettext_lazy("onboarding prompt", "e.g. Tổ CNSCĐ thôn An Phú. Members name their team exactly like this.")),
    Column("village", pgettext_lazy("onboarding column", "Village served (blank: commune team)"), 30,
           prompt=pgettext_lazy("onboarding prompt", "A village of the Villages sheet, or blank for the commune-level team.")),
    Column("decision_ref", pgettext_lazy("onboarding column", "Founding decision"), 24,
           prompt=pgettext_lazy("onboarding prompt", "Optional, e.g. Quyết định 123/QĐ-UBND.")),
))
MEMBERS = Sheet("members", pgettext_lazy("onboarding sheet", "Members"), (
    Column("name", pgettext_lazy("onboarding column", "Full name"), 28, required=True,
           prompt=pgettext_lazy("onboarding prompt", "Family, middle and given name, e.g. Nguyễn Văn An.")),
    Column("team", pgettext_lazy("onboarding column", "Team"), 36, required=True,
           prompt=pgettext_lazy("onboarding prompt", "The team's name exactly as on the Teams sheet.")),
    Column("role", pgettext_lazy("onboarding column", "Role"), 12,
           prompt=pgettext_lazy("onboarding prompt", "Tổ trưởng, Tổ phó or Tổ viên. Blank: Tổ viên.")),
    Column("phone", pgettext_lazy("onboarding column", "Phone"), 14,
           prompt=pgettext_lazy("onboarding prompt", "Optional, e.g. 0905123456.")),
))
SHEETS = (VILLAGES, TEAMS, MEMBERS)


def titles_in_all_languages(text: Promise) -> set[str]:
    """A lazy text in every language of the site: a file made in English is read in Vietnamese too."""
    from django.conf import settings

    found = set()
    for code, _name in settings.LANGUAGES:
        with override(code):
            found.add(str(text))
    return found


# ---- the template ------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B71C1C")
EXAMPLE_FONT = Font(italic=True, color="555555")


def _text(cell, value) -> None:
    """Writes text as text: a name that starts with "=" must not become a formula when reopened."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _validation(column: Column, rule: dict | None) -> DataValidation | None:
    """One validation per cell (Excel refuses two): the rule, if any, carrying the column's prompt."""
    if rule is None and not column.prompt:
        return None
    rule = rule or {}
    dv = DataValidation(type=rule.get("type"), formula1=rule.get("formula1"), formula2=rule.get("formula2"),
                        operator=rule.get("operator"), allow_blank=True,
                        showErrorMessage=bool(rule), errorStyle=rule.get("style", "stop") if rule else None,
                        error=str(rule.get("error", ""))[:255] or None,
                        errorTitle=_("Check this cell")[:32] if rule else None,
                        showInputMessage=bool(column.prompt), promptTitle=str(column.header)[:32],
                        prompt=str(column.prompt)[:255] or None)
    return dv


def _table_sheet(wb: Workbook, sheet: Sheet, rows: list[list], rules: dict[str, dict]) -> None:
    ws = wb.create_sheet(str(sheet.title))
    for i, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=column.title())
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.prompt:
            cell.comment = Comment(str(column.prompt), "Tổ CNSCĐ", width=260, height=90)
        dimension = ws.column_dimensions[letter]
        dimension.width = column.width
        if column.number:
            dimension.number_format = "0" if column.key == "year" else "#,##0"
        elif column.key == "phone":
            dimension.number_format = "@"  # text, or Excel drops the leading zero of 0905…
        dv = _validation(column, rules.get(column.key))
        if dv is not None:
            dv.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            ws.add_data_validation(dv)
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            _text(cell, value)
            cell.number_format = ws.column_dimensions[get_column_letter(c)].number_format


def _quoted(title) -> str:
    return "'" + str(title).replace("'", "''") + "'"


def _choices(values) -> str:
    return '"' + ",".join(values) + '"'


def template_xlsx(*, commune, year: int, villages: list[list], teams: list[list], members: list[list]) -> bytes:
    """The workbook to fill in: instructions, then one sheet per table, already holding the commune's data."""
    wb = Workbook()
    _instructions(wb.active, commune=commune, year=year)
    whole = {"type": "whole", "operator": "between", "formula1": "0", "formula2": str(MAX_COUNT),
             "error": _("A whole number of people or households.")}
    _table_sheet(wb, VILLAGES, villages, {
        "kind": {"type": "list", "formula1": _choices(KIND_TITLE[k] for k in VILLAGE_KINDS),
                 "error": _("Choose Thôn, Tổ dân phố, Bản or Khu dân cư.")},
        "year": {"type": "whole", "operator": "between", "formula1": "2000", "formula2": "2100",
                 "error": _("A year, e.g. %(year)s.") % {"year": year}},
        "population": whole, "adults_18": whole, "households": whole,
    })
    _table_sheet(wb, TEAMS, teams, {
        "village": {"type": "list", "formula1": f"{_quoted(VILLAGES.title)}!$A$2:$A${MAX_ROWS + 1}",
                    "style": "warning", "error": _("This village is not on the Villages sheet.")},
    })
    _table_sheet(wb, MEMBERS, members, {
        "team": {"type": "list", "formula1": f"{_quoted(TEAMS.title)}!$A$2:$A${MAX_ROWS + 1}",
                 "style": "warning", "error": _("This team is not on the Teams sheet.")},
        "role": {"type": "list", "formula1": _choices(POSITIONS.values()),
                 "error": _("Choose Tổ trưởng, Tổ phó or Tổ viên.")},
    })
    wb.properties.title = _("Villages, teams and members of %(commune)s") % {"commune": commune.full_name}
    wb.properties.identifier = f"{MARKER_PREFIX}{commune.pk}"
    wb.properties.creator = "Tổ CNSCĐ"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _instructions(ws, *, commune, year: int) -> None:
    ws.title = pgettext("onboarding sheet", "Instructions")
    ws.column_dimensions["A"].width = 34
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 22
    title = ws.cell(row=1, column=1, value=_("Villages, teams and members of %(commune)s") % {
        "commune": commune.full_name})
    title.font = Font(bold=True, size=14)
    code = " (" + _("code %(code)s") % {"code": commune.code} + ")" if commune.code else ""
    _text(ws.cell(row=2, column=1), f"{commune.full_name}{code}")
    lines = [
        _("How to fill in this file"),
        _("1. Villages sheet: one row per village or residential group, with its population, population aged 18 "
          "and over and households for the year in the Year column (blank: %(year)s).") % {"year": year},
        _("2. Teams sheet: one row per Tổ CNSCĐ; leave the village blank for the commune-level team."),
        _("3. Members sheet: one row per person: full name, the team's name exactly as on the Teams sheet, "
          "role (Tổ trưởng, Tổ phó, Tổ viên; blank: Tổ viên), phone if known."),
        _("4. Save the file as .xlsx and upload it on the Import from Excel page. You will see a preview with "
          "any errors by row; nothing is saved until you confirm."),
        "",
        _("Good to know"),
        _("• Numbers may be written 47.351 or 47351."),
        _("• A blank figure keeps the figure already entered."),
        _("• Nothing is deleted: villages, teams and members missing from the file stay as they are."),
        _("• Uploading the same file again creates no duplicates; a changed figure is updated."),
        _("• Each new member gets a QR code to print: scanning it, they choose their username and password."),
        _("• The rows already in the sheets are what the app holds for the commune today."),
        "",
        _("Example"),
    ]
    row = 4
    for line in lines:
        cell = ws.cell(row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=False)
        if line in (lines[0], lines[6], lines[-1]):
            cell.font = Font(bold=True)
        row += 1
    examples = (
        (VILLAGES, ["Thôn An Phú", "Thôn", year, "1.250", "930", "320"]),
        (TEAMS, ["Tổ CNSCĐ thôn An Phú", "Thôn An Phú", "Quyết định 123/QĐ-UBND"]),
        (MEMBERS, ["Nguyễn Văn An", "Tổ CNSCĐ thôn An Phú", "Tổ trưởng", "0905123456"]),
    )
    for sheet, values in examples:
        ws.cell(row=row, column=1, value=str(sheet.title)).font = Font(bold=True)
        row += 1
        for i, column in enumerate(sheet.columns, start=1):
            ws.cell(row=row, column=i, value=column.title()).font = Font(bold=True)
        row += 1
        for i, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=i)
            _text(cell, value)
            cell.font = EXAMPLE_FONT
        row += 2

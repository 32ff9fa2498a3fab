"""Reading an uploaded onboarding workbook into checked rows, without touching the database's data.

The file is untrusted: its size, its unzipped size and its row counts are bounded before and while
reading (openpyxl in read-only mode, with defusedxml installed against XML bombs), and any way a file
can be broken ends in one Vietnamese message, never an exception.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from citizens.text import fold
from orgunits.models import Level, OrgUnit

from .forms import ROW_FORMS, clean_text, infer_kind
from .workbook import MARKER_PREFIX, MAX_ROWS, SHEETS, Sheet, titles_in_all_languages

logger = logging.getLogger(__name__)

MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
# Rows read, blank or not, before giving up on a sheet: bounds the time a padded sheet can take.
MAX_SCANNED_ROWS = MAX_ROWS * 5
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RowError:
    sheet: str  # the sheet's title, as the user sees it ("" for the whole file)
    row: int | None
    column: str  # "D (Dân số)", or "" for the whole row
    message: str


@dataclass
class Upload:
    """The checked rows of each sheet (JSON-able, kept in the session until confirmed) and the errors."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {s.key: [] for s in SHEETS})
    errors: list[RowError] = field(default_factory=list)
    # Names on rows that have errors: references to them are not reported a second time.
    invalid: dict[str, list[str]] = field(default_factory=lambda: {s.key: [] for s in SHEETS})
    # Rows in error, by row number, with the names they carry: a later row repeating them is a duplicate too.
    invalid_rows: dict[str, list[dict]] = field(default_factory=lambda: {s.key: [] for s in SHEETS})

    def file_error(self, message: str) -> Upload:
        self.errors.append(RowError("", None, "", message))
        return self


def text_key(text: str) -> str:
    """How two names are compared: same letters and accents, whatever the case and spacing."""
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def village_full_name(name: str, kind: str) -> str:
    return OrgUnit(name=name, kind=kind, level=Level.VILLAGE).full_name


def read_upload(upload, *, commune: OrgUnit, year: int) -> Upload:
    result = Upload()
    data = upload.read()
    problem = _container_problem(data)
    if problem:
        return result.file_error(problem)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file; all mean the same to the user
        logger.info("onboarding: unreadable workbook", exc_info=True)
        return result.file_error(_broken())
    try:
        _read_book(book, result, commune=commune, year=year)
    except Exception:
        logger.info("onboarding: workbook broke while reading", exc_info=True)
        return Upload().file_error(_broken())
    finally:
        book.close()
    if not result.errors and not any(result.rows.values()):
        result.file_error(_("The file has no rows to import: fill in at least one village, team or member below "
                            "the headings."))
    return result


def _broken() -> str:
    return _("The file cannot be read: it may be damaged. Open it in Excel, save it again as .xlsx, and upload it.")


def _container_problem(data: bytes) -> str | None:
    if data.startswith(OLE_SIGNATURE):
        return _("This is an old Excel file (.xls) or a password-protected one. Open it in Excel, remove any "
                 "password and save it as \"Excel Workbook (.xlsx)\".")
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        return _("This is not an Excel .xlsx file. Download the template on this page, fill it in and save it as .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, ValueError, OSError):
        return _broken()
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNZIPPED_BYTES:
        return _("The file is too large once opened. Use the template from this page, without pictures or extra sheets.")
    if "xl/workbook.xml" not in names:
        return _("This is not an Excel .xlsx file. Download the template on this page, fill it in and save it as .xlsx.")
    return None


def _read_book(book, result: Upload, *, commune: OrgUnit, year: int) -> None:
    marker = (book.properties.identifier or "") if book.properties else ""
    if marker.startswith(MARKER_PREFIX) and marker[len(MARKER_PREFIX):] != str(commune.pk):
        other = OrgUnit.objects.filter(pk=marker[len(MARKER_PREFIX):]).first() if marker[len(MARKER_PREFIX):].isdigit() else None
        result.file_error(_("This file is the template of %(other)s, not of %(commune)s. Download the template on "
                            "this page.") % {"other": other.full_name if other else _("another commune"),
                                             "commune": commune.full_name})
        return
    sheets = {fold(ws.title): ws for ws in book.worksheets}
    for sheet in SHEETS:
        ws = next((sheets[fold(t)] for t in titles_in_all_languages(sheet.title) if fold(t) in sheets), None)
        if ws is None:
            result.file_error(_("The sheet \"%(sheet)s\" is missing. Use the template from this page and keep its "
                                "sheet names.") % {"sheet": sheet.title})
            continue
        _read_sheet(ws, sheet, result)
    _complete_villages(result, commune=commune, year=year)
    _check_duplicates(result)


def _header_positions(ws, sheet: Sheet) -> dict[str, int]:
    header = next(ws.iter_rows(min_row=1, max_row=1, max_col=40, values_only=True), ())
    found = {fold(clean_text(value).rstrip("* ").strip()): i for i, value in enumerate(header) if value is not None}
    positions = {}
    for column in sheet.columns:
        for title in titles_in_all_languages(column.header):
            if fold(title) in found:
                positions[column.key] = found[fold(title)]
                break
    return positions


def _read_sheet(ws, sheet: Sheet, result: Upload) -> None:
    title = str(sheet.title)
    ws.reset_dimensions()  # trust the cells, not the size the file claims
    positions = _header_positions(ws, sheet)
    missing = [c for c in sheet.columns if c.required and c.key not in positions]
    if missing:
        for column in missing:
            result.errors.append(RowError(title, 1, str(column.header), _(
                "The column \"%(column)s\" is missing from the first row. Keep the template's headings.") % {
                "column": column.header}))
        return
    form_class = ROW_FORMS[sheet.key]
    width = max(positions.values()) + 1
    kept = 0
    for number, values in enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        if number > MAX_SCANNED_ROWS + 1:
            result.errors.append(RowError(title, None, "", _(
                "The sheet has too many rows (more than %(max)s). Delete the empty or extra rows.") % {
                "max": f"{MAX_SCANNED_ROWS:,}".replace(",", ".")}))
            return
        raw = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
            continue
        kept += 1
        if kept > MAX_ROWS:
            result.errors.append(RowError(title, number, "", _(
                "The sheet has more than %(max)s rows: split the file.") % {"max": f"{MAX_ROWS:,}".replace(",", ".")}))
            return
        form = form_class(data=raw)
        if form.is_valid():
            result.rows[sheet.key].append({"row": number, **form.cleaned_data})
            continue
        result.invalid[sheet.key].append(text_key(clean_text(raw.get("name"))))
        result.invalid_rows[sheet.key].append({"row": number, "name": clean_text(raw.get("name")),
                                               "team": clean_text(raw.get("team")), "invalid": True})
        for key, messages in form.errors.items():
            column = "" if key == "__all__" else _column_label(sheet, key, positions)
            for message in messages:
                result.errors.append(RowError(title, number, column, message))


def _column_label(sheet: Sheet, key: str, positions: dict[str, int]) -> str:
    header = sheet.column(key).header
    return f"{get_column_letter(positions[key] + 1)} ({header})" if key in positions else str(header)


def _complete_villages(result: Upload, *, commune: OrgUnit, year: int) -> None:
    for row in result.rows["villages"]:
        row["kind"] = row["kind"] or infer_kind(row["name"], commune.kind)
        row["year"] = row["year"] or year


def _check_duplicates(result: Upload) -> None:
    """Each village, team and member once per file; one leader per team. The first row wins; a row already
    in error still counts as the first."""

    def rows_of(sheet: Sheet) -> list[dict]:
        rows = result.rows[sheet.key] + result.invalid_rows[sheet.key]
        return sorted(rows, key=lambda r: r["row"])

    def duplicate(sheet: Sheet, row: dict, key: str, message: str) -> None:
        result.errors.append(RowError(str(sheet.title), row["row"], str(sheet.column(key).header), message))
        if not row.get("invalid"):
            result.rows[sheet.key].remove(row)

    villages, teams, members = SHEETS
    seen: dict[str, int] = {}
    for row in rows_of(villages):
        keys = {text_key(row["name"])}
        if not row.get("invalid"):
            keys.add(text_key(village_full_name(row["name"], row["kind"])))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            duplicate(villages, row, "name", _("This village is already on row %(row)s.") % {"row": first})
            continue
        seen.update(dict.fromkeys(keys, row["row"]))

    seen = {}
    for row in rows_of(teams):
        key = text_key(row["name"])
        if key in seen:
            duplicate(teams, row, "name", _("This team is already on row %(row)s: each team once.") % {"row": seen[key]})
            continue
        seen[key] = row["row"]

    seen, first_leader = {}, {}
    for row in rows_of(members):
        key = f"{text_key(row['team'])}|{text_key(row['name'])}"
        if key in seen:
            duplicate(members, row, "name", _(
                "This person is already in this team on row %(row)s. If they are two people of the same name, add "
                "something to tell them apart, e.g. Nguyễn Văn An (B).") % {"row": seen[key]})
            continue
        seen[key] = row["row"]
        if row.get("role") == "leader":
            team = text_key(row["team"])
            if team in first_leader:
                result.errors.append(RowError(str(members.title), row["row"], str(members.column("role").header), _(
                    "This team already has its leader (Tổ trưởng) on row %(row)s: one leader per team; a deputy is "
                    "Tổ phó.") % {"row": first_leader[team]}))
            else:
                first_leader[team] = row["row"]

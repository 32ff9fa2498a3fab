"""Filling in the downloaded template the way an officer does in Excel: rows added under the headings."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

VILLAGES, TEAMS, MEMBERS = "Thôn, TDP", "Tổ CNSCĐ", "Thành viên"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def base(client) -> str:
    """The officer's own onboarding page, found the way a user finds it: from /officer/onboarding/."""
    response = client.get("/officer/onboarding/")
    assert response.status_code == 302
    return response["Location"]


def template(client, page: str) -> bytes:
    response = client.get(f"{page}template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return response.content


def filled(content: bytes, rows: dict[str, list[list]], *, replace: bool = False) -> bytes:
    """The template with `rows` written below what it holds (or instead of it, with replace=True)."""
    book = load_workbook(io.BytesIO(content))
    for title, values in rows.items():
        ws = book[title]
        if replace and ws.max_row > 1:
            ws.delete_rows(2, ws.max_row)
        start = 2 if replace else ws.max_row + 1
        for r, row in enumerate(values, start=start):
            for c, value in enumerate(row, start=1):
                ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, page: str, content: bytes, name: str = "xa.xlsx"):
    return client.post(page, {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def confirm(client, page: str, preview):
    token = preview.context["token"]
    assert token, "the preview offers no confirmation"
    return client.post(f"{page}confirm/", {"token": token})


def errors_of(preview) -> list[tuple[str, int | None, str, str]]:
    return [(e.sheet, e.row, e.column, e.message) for e in preview.context["plan"].errors]

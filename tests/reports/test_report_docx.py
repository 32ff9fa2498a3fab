"""The DOCX read back with python-docx: Nghị định 30 layout, "Số:", the cut-off line, the sections, and
figures equal to the dashboard's on the hand-counted world (tests/scenario.py)."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from indicators.formatting import vn_int, vn_percent
from tests.scenario import build_world

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def world(db):
    return build_world()


def docx(client, url) -> Document:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX and response["Content-Disposition"].endswith('.docx"')
    return Document(io.BytesIO(response.content))


def mm(length) -> int:
    return round(length.mm)


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def test_the_docx_has_the_administrative_layout(client, world):
    client.force_login(world.officer)
    doc = docx(client, f"/reports/u/{world.b.pk}/report.docx?period=2025")
    section = doc.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert tuple(mm(x) for x in (section.top_margin, section.bottom_margin, section.left_margin,
                                 section.right_margin)) == (20, 20, 30, 15)
    assert section.different_first_page_header_footer and "PAGE" in section.header._element.xml
    assert doc.styles["Normal"].font.name == "Times New Roman"
    issuer, motto = doc.tables[0].rows[0].cells
    assert issuer.paragraphs[0].text == "ỦY BAN NHÂN DÂN" and issuer.paragraphs[1].text == "XÃ BÌNH AN"
    assert issuer.paragraphs[-1].text.startswith("Số: ") and issuer.paragraphs[-1].text.endswith("/BC-UBND")
    assert [p.text for p in motto.paragraphs][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert motto.paragraphs[-1].text.startswith("Bình An, ngày ")
    text = paragraphs(doc)
    assert "BÁO CÁO" in text and "(Số liệu tính đến ngày 31/12/2025)" in text
    assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Thử." in text
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "2. Tồn tại, hạn chế và nguyên nhân",
                    "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI", "IV. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert heading in text, heading
    assert any(t.startswith("Trên đây là báo cáo") and t.endswith("./.") for t in text)
    cc, sign = doc.tables[-2].rows[0].cells  # the last table is the annex
    assert cc.paragraphs[0].text == "Nơi nhận:" and cc.paragraphs[1].text == "- Như trên;"
    assert [p.text for p in sign.paragraphs][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    for table in doc.tables[1:-2]:
        assert table.style.name == "Table Grid"


def test_the_docx_figures_equal_the_dashboard(client, world):
    client.force_login(world.officer)
    report = client.get(f"/reports/u/{world.b.pk}/?period=2025").context["report"]
    assert (report.people, report.visits) == (7, 10)  # the hand count of tests/indicators
    doc = docx(client, f"/reports/u/{world.b.pk}/report.docx?period=2025")
    text = paragraphs(doc)
    assert (f"Số lượng người dân được hướng dẫn về chuyển đổi số: {vn_int(report.people)} người, với "
            f"{vn_int(report.visits)} lượt hỗ trợ (tính đến ngày 31/12/2025).") in text
    services, indicators = doc.tables[1], doc.tables[2]
    assert rows(services)[0] == ["TT", "Nội dung hỗ trợ", "Số người", "Số lượt"]
    assert [r[1:] for r in rows(services)[1:-1]] == [
        [s["service"].name, vn_int(s["people"]), vn_int(s["visits"])] for s in report.services if s["visits"]]
    assert rows(services)[-1][1:] == ["Tổng cộng (mỗi người tính một lần)", "7", "10"]
    assert rows(indicators)[0] == ["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tỷ lệ đạt", "Còn thiếu"]
    for line, row in zip(rows(indicators)[1:], report.indicators, strict=True):
        assert line[1] == row.indicator.name
        assert line[3] == vn_int(row.numerator) + (f"/{vn_int(row.denominator)}" if row.denominator else "")
        assert line[4] == vn_percent(row.percent)
    assert rows(indicators)[1][2:] == ["≥ 50%", "154/3.120", "4,94%", "1.406 người"]
    annex = doc.tables[-1]
    assert "PHỤ LỤC: KẾT QUẢ HƯỚNG DẪN NGƯỜI DÂN THEO THÔN, TỔ DÂN PHỐ" in text
    assert sorted(tuple(r[1:]) for r in rows(annex)[1:]) == sorted(
        (c["unit"].full_name, vn_int(c["people"]), vn_int(c["visits"])) for c in report.children)
    assert [r[1] for r in rows(annex)[1:]] == ["Thôn An 1", "Thôn Bình 1", "Thôn Bình 2"]  # administrative order


def test_the_docx_carries_the_draft_and_its_cut_off(client, world):
    client.force_login(world.officer)
    client.post("/reports/documents/", {"unit": world.b.pk, "period": "2025", "cutoff": "30/06/2025"})
    version = world.b.report_documents.get().versions.get()
    version.request_number, version.number_text, version.sign_mode = "2391/STTTT", "125", "kt"
    version.signer_name, version.proposals_text = "Nguyễn Văn Ký", "Đề nghị cấp thêm 10 điện thoại."
    version.save()
    doc = docx(client, f"/reports/u/{world.b.pk}/report.docx?period=2025")
    text = paragraphs(doc)
    assert "(Số liệu tính đến ngày 30/06/2025)" in text and "Đề nghị cấp thêm 10 điện thoại." in text
    assert doc.tables[0].rows[0].cells[0].paragraphs[-1].text == "Số: 125/BC-UBND"
    assert any(t.startswith("Thực hiện Công văn số 2391/STTTT") for t in text)
    sign = doc.tables[-2].rows[0].cells[1]
    assert [p.text for p in sign.paragraphs if p.text] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                            "Nguyễn Văn Ký"]
    # As of 30/06/2025 only the first half counts: the figures equal the dashboard's for that range.
    half = client.get(f"/reports/u/{world.b.pk}/?from=2025-01-01&to=2025-06-30").context["report"]
    assert f"hướng dẫn về chuyển đổi số: {vn_int(half.people)} người, với {vn_int(half.visits)} lượt" in " ".join(text)


def test_the_province_docx_puts_the_commune_table_on_a_landscape_page(client, world):
    client.force_login(world.viewer)
    doc = docx(client, f"/reports/u/{world.province.pk}/report.docx?period=2025")
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert [s.orientation for s in doc.sections[1:]] == [WD_ORIENT.LANDSCAPE, WD_ORIENT.LANDSCAPE]
    assert mm(doc.sections[1].page_width) == 297
    first = rows(doc.tables[-2])
    assert first[0] == ["TT", "Xã, phường", "Tổ cấp xã", "Tổ thôn, tổ dân phố", "Thành viên",
                        "Thành viên được tập huấn (người)", "Người dân được hướng dẫn (người)", "Lượt hỗ trợ"]
    assert first[1][1] == "Xã Bình An"
    assert "tblHeader" in doc.tables[-2].rows[0]._tr.xml  # the header row repeats on every page
    second = rows(doc.tables[-1])
    assert second[0][:3] == ["TT", "Xã, phường", "CT1 (%)"] and "eid" not in " ".join(second[0])

"""The report as an editable DOCX (python-docx), laid out after Nghị định 30/2020/NĐ-CP, Phụ lục I.

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; body 14 pt, justified, first
line indented; the two-column header (issuing body and number | motto and place-date); title, "Kính
gửi", body, then "Nơi nhận" beside the signature block; page numbers centred in the top margin from
page 2. Tables are real Word tables; annexes of wide tables go on A4 landscape pages.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, Twips

from .content import Annex, Content, Table

FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_MM = 210 - 30 - 15
LANDSCAPE_WIDTH_MM = 297 - 20 - 20
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _font(run, *, size=BODY_PT, bold=False, italic=False):
    """Size, bold, italic of a run; the typeface comes from the Normal style (Times New Roman)."""
    if size != BODY_PT:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    return run


def _para(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None, indent=False,
          after=0, before=0):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(before)
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Mm(10)
    if text:
        _font(p.add_run(text), size=size, bold=bold, italic=italic)
    return p


def _rule(container, *, width_mm: float, cell_mm: float):
    """A short centred line under a header element, drawn as a paragraph border between indents."""
    p = _para(container, size=2)
    side = Mm(max(0.0, (cell_mm - width_mm) / 2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)
    _font(p.add_run(" "), size=2)


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm: list[float]):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _cell(cell, text: str, *, size, bold=False, italic=False, align=None):
    cell.paragraphs[0].text = ""
    p = cell.paragraphs[0]
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), size=size, bold=bold, italic=italic)
    return p


def _header(doc, c: Content):
    left_mm, right_mm = 65, TEXT_WIDTH_MM - 65
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [left_mm, right_mm])
    left, right = table.rows[0].cells
    _cell(left, c.issuer_parent, size=13, bold=True, align=CENTER)
    _para(left, c.issuer_name, size=13, bold=True, align=CENTER)
    _rule(left, width_mm=22, cell_mm=left_mm)
    _para(left, c.number_line, size=13, align=CENTER, before=4)
    _cell(right, c.motto[0], size=13, bold=True, align=CENTER)
    _para(right, c.motto[1], size=14, bold=True, align=CENTER)
    _rule(right, width_mm=58, cell_mm=right_mm)
    _para(right, c.place_date, size=14, italic=True, align=CENTER, before=4)


def _cell_xml(text: str, *, width: int, size: int, bold: bool, align: str | None) -> str:
    jc = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    rpr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr>'
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>{jc}<w:r>{rpr}'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>')


def _table(doc, t: Table, *, width_mm: float, size: int = 12):
    """A real Word table, its rows written as XML in one go (python-docx's cell API is slow on long tables)."""
    table = doc.add_table(rows=0, cols=len(t.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    shares = t.widths or (1,) * len(t.header)
    widths = [int(Mm(width_mm * w / sum(shares)).twips) for w in shares]
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = Twips(width)
    lines = [("".join(_cell_xml(h, width=w, size=size, bold=True, align="center")
                      for h, w in zip(t.header, widths, strict=True)), True)]
    for values in [*t.rows, *([t.total] if t.total else [])]:
        lines.append(("".join(_cell_xml(v, width=w, size=size, bold=values is t.total,
                                        align="right" if i in t.numeric else None)
                              for i, (v, w) in enumerate(zip(values, widths, strict=True))), False))
    rows = "".join(f'<w:tr>{"<w:trPr><w:tblHeader/></w:trPr>" if header else ""}{cells}</w:tr>'
                   for cells, header in lines)
    for tr in parse_xml(f'<w:tbl {nsdecls("w")}>{rows}</w:tbl>'):
        table._tbl.append(tr)
    return table


def _page_numbers(section):
    """Page number centred in the top margin, not on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    run = _font(p.add_run(), size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _page(section, *, landscape: bool):
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin = section.right_margin = Mm(20)
    else:
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)


def _signature(doc, c: Content):
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [80, TEXT_WIDTH_MM - 80])
    left, right = table.rows[0].cells
    _cell(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for i, line in enumerate(c.recipients):
        end = "" if line.endswith((";", ".")) else ("." if i == len(c.recipients) - 1 else ";")
        _para(left, f"- {line}{end}", size=11)
    _cell(right, c.sign_lines[0], size=14, bold=True, align=CENTER)
    for line in c.sign_lines[1:]:
        _para(right, line, size=14, bold=True, align=CENTER)
    for _i in range(4):
        _para(right, "", size=14)
    _para(right, c.signer_name, size=14, bold=True, align=CENTER)


def _annex(doc, a: Annex):
    if a.landscape:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=True)
        width = LANDSCAPE_WIDTH_MM
    else:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        width = TEXT_WIDTH_MM
    _para(doc, a.title, size=13, bold=True, align=CENTER)
    _para(doc, a.subtitle, size=13, italic=True, align=CENTER, after=6)
    _table(doc, a.table, width_mm=width, size=11 if a.landscape else 12)
    for note in a.notes:
        _para(doc, note, size=11, italic=True, before=2)


def docx_bytes(c: Content) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    section = doc.sections[0]
    _page(section, landscape=False)
    _page_numbers(section)
    _header(doc, c)
    _para(doc, c.kind, size=14, bold=True, align=CENTER, before=12)
    _para(doc, c.subject, size=14, bold=True, align=CENTER)
    _para(doc, c.cutoff_line, size=14, italic=True, align=CENTER, after=6)
    if len(c.addressees) == 1:
        _para(doc, f"Kính gửi: {c.addressees[0]}.", align=CENTER, after=6)
    elif c.addressees:
        _para(doc, "Kính gửi:", align=CENTER)
        for line in c.addressees:
            _para(doc, f"- {line};", align=CENTER)
    _para(doc, c.intro, align=JUSTIFY, indent=True, after=6, before=6)
    for block in c.blocks:
        if block.kind == "h1":
            _para(doc, block.text, bold=True, align=JUSTIFY, indent=True, before=6, after=3)
        elif block.kind == "h2":
            _para(doc, block.text, bold=True, align=JUSTIFY, indent=True, after=3)
        elif block.kind == "table":
            _table(doc, block.table, width_mm=TEXT_WIDTH_MM)
            _para(doc, "", size=6)
        else:
            _para(doc, block.text, align=JUSTIFY, indent=True, after=6)
    _para(doc, c.closing, align=JUSTIFY, indent=True, after=12)
    _signature(doc, c)
    for annex in c.annexes:
        _annex(doc, annex)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

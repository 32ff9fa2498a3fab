"""The report as an administrative document (Nghị định 30/2020/NĐ-CP): one content, two renderings.

`document_content()` turns a version's fields and its figures into headings, paragraphs and tables;
the A4 print page (templates/reports/_document.html) and the DOCX (docx_render.py) both render this,
so they always say the same. The document is Vietnamese whatever the interface language: its
wording follows the source reports (001, 003); figures are in Vietnamese style (47.351; 33,44%).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from indicators.formatting import percent_of, vn_date, vn_decimal, vn_int
from indicators.models import FigureKind
from orgunits.models import Level

from .models import SignMode

F = FigureKind


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # right-aligned columns
    widths: tuple[float, ...] = ()  # relative column widths
    total: list[str] | None = None


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "table", "note"
    text: str = ""
    table: Table | None = None


@dataclass
class Annex:
    title: str
    subtitle: str
    table: Table
    landscape: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Content:
    issuer_parent: str
    issuer_name: str
    number_line: str
    place_date: str
    kind: str
    subject: str
    cutoff_line: str
    addressees: list[str]
    intro: str
    blocks: list[Block]
    closing: str
    recipients: list[str]
    sign_lines: list[str]
    signer_name: str
    annexes: list[Annex]
    motto: tuple[str, str] = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def date_line(place: str, day: datetime.date | None) -> str:
    """"Chánh Lộ, ngày 05 tháng 02 năm 2026": a zero before days below 10 and months 1 and 2 (NĐ 30)."""
    if day is None:
        return f"{place}, ngày      tháng      năm"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def pct(value) -> str:
    return "—" if value is None else f"{vn_decimal(Decimal(str(value)))}%"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _target_percent(percent: str) -> str:
    """"95%", "92,50%": a target as the plans write it."""
    return f"{vn_decimal(Decimal(percent)).removesuffix(',00')}%"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _target(row: dict) -> str:
    t = row["target"]
    if t is None:
        return "—"
    text = f"{t['comparison']} {_target_percent(t['percent'])}"
    plan_year, year = t.get("plan_year"), row.get("year")
    if plan_year and year and plan_year != year:
        text += f" (kế hoạch năm {plan_year})"
    return text


def _achieved(row: dict) -> str:
    """n/N, or n with the missing denominator named ("chưa có mẫu số năm 2023"), never another year's."""
    n = vn_int(row["numerator"])
    if row["denominator"] is not None:
        return f"{n}/{vn_int(row['denominator'])}"
    if row.get("entry_missing"):
        return "chưa nhập số liệu kỳ này"
    if row.get("year"):
        return f"{n} (chưa có mẫu số năm {row['year']})"
    return n


def _word(counts: str) -> str:
    return {"household": "hộ", "business": "đơn vị"}.get(counts, "người")


def _unit_phrase(data: dict) -> str:
    return _lower_first(data["unit_name"])


# ---- the figures, in sentences and tables ------------------------------------------------------

def teams_sentence(data: dict) -> str:
    t, where = data["teams"], _unit_phrase(data)
    if data["level"] == Level.COMMUNE:
        return (f"Trên địa bàn {where} có {vn_int(t['commune'])} Tổ công nghệ số cộng đồng cấp xã và "
                f"{vn_int(t['village'])} Tổ công nghệ số cộng đồng ở thôn, tổ dân phố với tổng số "
                f"{vn_int(data['members_total'])} thành viên.")
    parts = []
    if t["province"]:
        parts.append(f"{vn_int(t['province'])} Tổ cấp tỉnh")
    if t["district"]:
        parts.append(f"{vn_int(t['district'])} Tổ cấp huyện")
    parts += [f"{vn_int(t['commune'])} Tổ cấp xã, phường", f"{vn_int(t['village'])} Tổ ở thôn, tổ dân phố"]
    return (f"Toàn {where} có {vn_int(data['teams_total'])} Tổ công nghệ số cộng đồng ({', '.join(parts)}) "
            f"với tổng số {vn_int(data['members_total'])} thành viên.")


def trained_sentences(data: dict) -> list[str]:
    out = []
    trained = data["entered"].get(F.MEMBERS_TRAINED)
    listed = data["sessions"].get("members_listed")  # snapshots from before the lists have none
    if trained is not None:
        out.append(f"Số lượng thành viên Tổ công nghệ số cộng đồng các cấp được hướng dẫn, tập huấn: "
                   f"{vn_int(trained)} người.")
    elif listed:
        out.append(f"Số lượng thành viên Tổ công nghệ số cộng đồng được hướng dẫn, tập huấn: {vn_int(listed)} người "
                   f"(theo danh sách điểm danh các buổi tập huấn ghi trong ứng dụng, mỗi người tính một lần).")
    out.append(data["sessions"]["sentence"])
    return out


def services_table(data: dict) -> Table:
    rows = [[str(i), s["name"], vn_int(s["people"]), vn_int(s["visits"])]
            for i, s in enumerate((s for s in data["services"] if s["visits"]), start=1)]
    return Table(["TT", "Nội dung hỗ trợ", "Số người", "Số lượt"], rows, numeric=(0, 2, 3), widths=(8, 62, 15, 15),
                 total=["", "Tổng cộng (mỗi người tính một lần)", vn_int(data["people"]), vn_int(data["visits"])])


def applications_blocks(data: dict) -> list[Block]:
    """The online applications the teams helped submit, counted by distinct application code."""
    found = data.get("applications")
    if found is None:  # a snapshot from before the count existed
        return []
    blocks = [Block("p", f"Số hồ sơ dịch vụ công trực tuyến Tổ công nghệ số cộng đồng đã hỗ trợ người dân nộp: "
                         f"{vn_int(found['total'])} hồ sơ (mỗi mã hồ sơ tính một lần).")]
    if found["by_procedure"]:
        rows = [[str(i), r["procedure"] or "(không ghi tên thủ tục)", vn_int(r["applications"])]
                for i, r in enumerate(found["by_procedure"], start=1)]
        blocks.append(Block("table", table=Table(
            ["TT", "Thủ tục hành chính", "Số hồ sơ"], rows, numeric=(0, 2), widths=(8, 72, 20),
            total=["", "Tổng số hồ sơ (mỗi mã hồ sơ tính một lần)", vn_int(found["total"])])))
    return blocks


def indicators_table(data: dict) -> Table:
    rows = []
    for i, r in enumerate(data["indicators"], start=1):
        achieved = _achieved(r)
        remaining = "—" if r["remaining"] is None else f"{vn_int(r['remaining'])} {_word(r['counts'])}"
        rows.append([str(i), r["name"], _target(r), achieved, pct(r["percent"]), remaining])
    return Table(["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả", "Tỷ lệ đạt", "Còn thiếu"], rows,
                 numeric=(0, 2, 3, 4, 5), widths=(6, 44, 11, 17, 11, 11))


def satisfaction_sentence(data: dict) -> str | None:
    """The citizens' own answers by QR after being helped; nothing when none answered (or an old snapshot)."""
    found = data.get("satisfaction")
    if not found or not found["answers"]:
        return None
    return (f"Mức độ hài lòng của người dân (ý kiến người dân gửi qua mã QR sau khi được hỗ trợ): "
            f"{vn_int(found['happy'])}/{vn_int(found['answers'])} ý kiến hài lòng, đạt {pct(found['percent'])}.")


def furthest_sentence(data: dict) -> str | None:
    """"Các thôn, tổ dân phố còn xa mục tiêu nhất: Thôn 3 (…: còn thiếu 212 người để đạt 95%); …"."""
    found = data.get("furthest")
    if not found:
        return None
    parts = []
    for v in found:
        part = (f"{v['name']} ({_lower_first(v['indicator'])}: còn thiếu {vn_int(v['gap'])} {_word(v['counts'])} "
                f"để đạt {_target_percent(v['target'])}")
        if v.get("pace"):
            part += f", cần thêm {vn_int(v['pace'])} {_word(v['counts'])} mỗi tháng"
        parts.append(part + ")")
    return "Các thôn, tổ dân phố còn xa mục tiêu nhất: " + "; ".join(parts) + "."


def _share(part: int | None, whole: int | None) -> str:
    if part is None or whole is None:
        return ""
    p = percent_of(part, whole)
    return f"{vn_int(part)}/{vn_int(whole)}" + (f", đạt {pct(p)}" if p is not None else "")


def other_figures_sentences(data: dict) -> list[str]:
    e = data["entered"]
    out = []
    if e.get(F.APPLICATIONS_TOTAL) is not None:
        line = f"Tổng số hồ sơ thủ tục hành chính tiếp nhận: {vn_int(e[F.APPLICATIONS_TOTAL])} hồ sơ"
        if e.get(F.APPLICATIONS_ONLINE) is not None:
            line += f"; trong đó nộp trực tuyến {_share(e[F.APPLICATIONS_ONLINE], e[F.APPLICATIONS_TOTAL])}"
        out.append(line + ".")
    split = [f"{label} {_share(e.get(on), e.get(total))}" for label, on, total in
             (("một phần", F.PARTIAL_ONLINE, F.PARTIAL_TOTAL), ("toàn trình", F.FULL_ONLINE, F.FULL_TOTAL))
             if e.get(on) is not None and e.get(total) is not None]
    if split:
        out.append("Hồ sơ nộp trực tuyến trên tổng số hồ sơ của dịch vụ công trực tuyến: " + "; ".join(split) + ".")
    if e.get(F.COURSE_TEST_TAKERS) is not None:
        out.append(f"Có {vn_int(e[F.COURSE_TEST_TAKERS])} lượt người tham gia thi tìm hiểu về dịch vụ công "
                   f"trực tuyến.")
    media = [f"{vn_int(e[k])} {w}" for k, w in ((F.MEDIA_ARTICLES, "tin bài"),
                                                  (F.MEDIA_BROADCASTS, "lượt phát sóng trên hệ thống truyền thanh"),
                                                  (F.MEDIA_BANNERS, "băng rôn, khẩu hiệu"),
                                                  (F.ZALO_GROUPS, "nhóm Zalo")) if e.get(k) is not None]
    if media:
        out.append("Công tác tuyên truyền: " + ", ".join(media) + ".")
    cashless = [f"{_share(e.get(on), e.get(total))} {w}" for on, total, w in
                ((F.SCHOOLS_CASHLESS, F.SCHOOLS_TOTAL, "trường học"), (F.HEALTH_CASHLESS, F.HEALTH_TOTAL, "trạm y tế"))
                if e.get(on) is not None and e.get(total) is not None]
    if cashless:
        out.append("Thanh toán không dùng tiền mặt: " + "; ".join(cashless) + ".")
    if e.get(F.OFFICIALS_TRAINED) is not None and e.get(F.OFFICIALS_TOTAL) is not None:
        out.append(f"Cán bộ, công chức được tập huấn kỹ năng số: "
                   f"{_share(e[F.OFFICIALS_TRAINED], e[F.OFFICIALS_TOTAL])}.")
    return out


# ---- default wording of the prose sections ----------------------------------------------------

def default_prose(data: dict) -> dict[str, str]:
    """What a section says when the officer has not written it (and what a new report starts from)."""
    with_target = [r for r in data["indicators"] if r["target"] is not None and r["denominator"]]
    met = [r for r in with_target if r["met"]]
    unmet = [r for r in with_target if not r["met"]]
    assessment = ("Tổ công nghệ số cộng đồng đã tích cực hướng dẫn, hỗ trợ người dân sử dụng các nền tảng số, "
                  "dịch vụ công trực tuyến, thanh toán điện tử.")
    if with_target:
        assessment += f" Có {len(met)}/{len(with_target)} chỉ tiêu xã hội số đạt mục tiêu đề ra."
    if unmet:
        limitations = "Một số chỉ tiêu chưa đạt mục tiêu: " + "; ".join(
            f"{r['name']} (đạt {pct(r['percent'])}, còn thiếu {vn_int(r['remaining'])} {_word(r['counts'])})"
            for r in unmet) + "."
    elif with_target:
        limitations = "Các chỉ tiêu xã hội số có mục tiêu đều đã đạt."
    else:
        limitations = "Chưa giao mục tiêu cho các chỉ tiêu xã hội số trong kỳ."
    missing = [r["name"] for r in data["indicators"]
               if r["denominator"] is None and r.get("year") and not r.get("entry_missing")]
    if missing:
        limitations += (f" Chưa có mẫu số năm {data['indicators'][0]['year']} để tính tỷ lệ các chỉ tiêu: "
                        + "; ".join(missing) + ".")
    return {
        "results_text": "Số liệu chi tiết theo từng nội dung tại các bảng và Phụ lục kèm theo.",
        "assessment_text": assessment,
        "limitations_text": limitations,
        "tasks_text": ("Tiếp tục hướng dẫn, hỗ trợ người dân sử dụng dịch vụ công trực tuyến, ứng dụng VNeID, "
                       "thanh toán không dùng tiền mặt; phấn đấu hoàn thành các chỉ tiêu còn thiếu."),
        "proposals_text": ("Đề nghị cấp trên tiếp tục quan tâm hỗ trợ kinh phí, trang thiết bị và tập huấn "
                           "cho Tổ công nghệ số cộng đồng."),
    }


def _annexes(data: dict, cutoff: str) -> list[Annex]:
    sub = f"(Số liệu tính đến ngày {cutoff})"
    if data["level"] == Level.COMMUNE:
        rows = [[str(i), c["name"], vn_int(c["people"]), vn_int(c["visits"])]
                for i, c in enumerate(data["children"], start=1)]
        return [Annex("PHỤ LỤC: KẾT QUẢ HƯỚNG DẪN NGƯỜI DÂN THEO THÔN, TỔ DÂN PHỐ", sub,
                      Table(["TT", "Thôn, tổ dân phố", "Số người được hướng dẫn", "Số lượt hỗ trợ"], rows,
                            numeric=(0, 2, 3), widths=(8, 52, 20, 20)))]
    communes = data["communes"]
    rows = [[str(i), c["name"], vn_int(c["teams_commune"]), vn_int(c["teams_village"]), vn_int(c["members"]),
             vn_int(c["members_trained"]) if c["members_trained"] is not None else "—",
             vn_int(c["people"]), vn_int(c["visits"])] for i, c in enumerate(communes, start=1)]
    trained = [c["members_trained"] for c in communes if c["members_trained"] is not None]
    total = ["", "Tổng cộng", *(vn_int(sum(c[k] for c in communes)) for k in ("teams_commune", "teams_village",
                                                                              "members")),
             vn_int(sum(trained)) if trained else "—", vn_int(data["people"]), vn_int(data["visits"])]
    first = Annex("PHỤ LỤC 1: TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG VÀ KẾT QUẢ HƯỚNG DẪN NGƯỜI DÂN THEO XÃ, PHƯỜNG", sub,
                  Table(["TT", "Xã, phường", "Tổ cấp xã", "Tổ thôn, tổ dân phố", "Thành viên",
                         "Thành viên được tập huấn (người)", "Người dân được hướng dẫn (người)", "Lượt hỗ trợ"],
                        rows, numeric=(0, 2, 3, 4, 5, 6, 7), widths=(6, 34, 10, 12, 11, 14, 15, 12), total=total),
                  landscape=True, notes=["Số người dân được hướng dẫn của toàn tỉnh đếm mỗi người một lần, "
                                         "nên có thể nhỏ hơn tổng của các xã, phường.",
                                         "Thành viên được tập huấn: số liệu xã, phường nhập; nếu chưa nhập, số "
                                         "thành viên có tên trong danh sách điểm danh các buổi tập huấn ghi trong "
                                         "ứng dụng (mỗi người tính một lần)."])
    columns = [r for r in data["indicators"] if r["source"] == "records"]
    rows = [[str(i), c["name"], *(pct(p) for p in c["percents"])] for i, c in enumerate(communes, start=1)]
    header = ["TT", "Xã, phường", *(f"CT{i} (%)" for i in range(1, len(columns) + 1))]
    second = Annex("PHỤ LỤC 2: TỶ LỆ CÁC CHỈ TIÊU XÃ HỘI SỐ THEO XÃ, PHƯỜNG", sub,
                   Table(header, rows, numeric=tuple(i for i in range(len(header)) if i != 1),
                         widths=(6, 34, *([12] * len(columns))),
                         total=["", "Toàn tỉnh" if data["level"] == Level.PROVINCE else "Tổng cộng",
                                *(pct(r["percent"]) for r in columns)]),
                   landscape=True, notes=[f"CT{i}: {r['name']}." for i, r in enumerate(columns, start=1)])
    return [first, second]


def document_content(*, fields: dict, data: dict) -> Content:
    """The whole document from a version's fields (or defaults) and the figures (live or snapshot)."""
    with translation.override("vi"):
        return _content(fields, data)


def _content(fields: dict, data: dict) -> Content:
    cutoff = vn_date(datetime.date.fromisoformat(data["cutoff"]))
    label = data["period"]["label"]
    who = f"Ủy ban nhân dân {_unit_phrase(data)}"
    request = ""
    if fields.get("request_number"):
        request = f"Thực hiện Công văn số {fields['request_number']}"
        if fields.get("request_date"):
            request += f" ngày {vn_date(fields['request_date'])}"
        if fields.get("request_issuer"):
            request += f" của {fields['request_issuer']}"
        if fields.get("request_subject"):
            request += f" {fields['request_subject']}"
        request += ", "
    intro = (f"{request}{who} báo cáo kết quả hoạt động của Tổ công nghệ số cộng đồng và "
             f"thực hiện các chỉ tiêu xã hội số {label}, số liệu tính đến ngày {cutoff}, như sau:")
    prose = default_prose(data)

    def text(name: str) -> list[Block]:
        return [Block("p", line) for line in (_lines(fields.get(name, "")) or _lines(prose[name]))]

    blocks = [Block("h1", "I. KẾT QUẢ THỰC HIỆN"), Block("h2", "1. Tổ công nghệ số cộng đồng"),
              Block("p", teams_sentence(data)), *(Block("p", s) for s in trained_sentences(data)),
              Block("h2", "2. Kết quả hướng dẫn, hỗ trợ người dân"),
              Block("p", f"Số lượng người dân được hướng dẫn về chuyển đổi số: {vn_int(data['people'])} người, "
                         f"với {vn_int(data['visits'])} lượt hỗ trợ (tính đến ngày {cutoff})."),
              Block("p", "Kết quả theo từng nội dung hỗ trợ:"), Block("table", table=services_table(data)),
              *applications_blocks(data),
              Block("h2", "3. Kết quả thực hiện các chỉ tiêu xã hội số"),
              Block("table", table=indicators_table(data)),
              *(Block("p", s) for s in (satisfaction_sentence(data), furthest_sentence(data)) if s)]
    others = other_figures_sentences(data)
    number = 4
    if others:
        blocks += [Block("h2", f"{number}. Số liệu từ các hệ thống khác"), *(Block("p", s) for s in others)]
        number += 1
    blocks += [Block("h2", f"{number}. Kết quả theo từng lĩnh vực"), *text("results_text"),
               Block("h1", "II. ĐÁNH GIÁ CHUNG"), Block("h2", "1. Kết quả đạt được"), *text("assessment_text"),
               Block("h2", "2. Tồn tại, hạn chế và nguyên nhân"), *text("limitations_text"),
               Block("h1", "III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI"), *text("tasks_text"),
               Block("h1", "IV. KIẾN NGHỊ, ĐỀ XUẤT"), *text("proposals_text")]
    sign = ["TM. ỦY BAN NHÂN DÂN"]
    if fields.get("sign_mode") == SignMode.KT:
        title = (fields.get("signer_title") or "").upper()
        sign += ["KT. CHỦ TỊCH", title if title and title != "CHỦ TỊCH" else "PHÓ CHỦ TỊCH"]  # a deputy signs KT.
    else:
        sign += [(fields.get("signer_title") or "CHỦ TỊCH").upper()]
    number_text = (fields.get("number_text") or "").strip() or "\u00a0" * 6
    return Content(
        issuer_parent=(fields.get("issuer_parent") or "ỦY BAN NHÂN DÂN").upper(),
        issuer_name=(fields.get("issuer_name") or data["unit_name"]).upper(),
        number_line=f"Số: {number_text}/{fields.get('symbol') or 'BC-UBND'}",
        place_date=date_line(fields.get("place") or data["unit_name"], fields.get("issued_on")),
        kind="BÁO CÁO",
        subject=fields.get("title") or f"Kết quả hoạt động của Tổ công nghệ số cộng đồng và thực hiện các chỉ tiêu "
                                       f"xã hội số {label}",
        cutoff_line=f"(Số liệu tính đến ngày {cutoff})",
        addressees=_lines(fields.get("addressees", "")),
        intro=intro, blocks=blocks,
        closing=f"Trên đây là báo cáo kết quả hoạt động của Tổ công nghệ số cộng đồng {label} của {who}./.",
        recipients=_lines(fields.get("recipients", "")),
        sign_lines=sign, signer_name=fields.get("signer_name", ""),
        annexes=_annexes(data, cutoff),
    )

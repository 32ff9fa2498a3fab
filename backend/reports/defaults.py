"""Reads: what a new report says before the officer edits it, from the unit and its previous report."""

from __future__ import annotations

import datetime

from django.utils import timezone

from orgunits.models import KIND_TITLE, Level, OrgUnit
from periods.periods import Period

from .figures import default_cutoff
from .models import SECTIONS, ReportVersion, SignMode

# What a new report takes over from the unit's previous one.
CARRIED = ("issuer_parent", "issuer_name", "symbol", "place", "request_issuer", "addressees", "recipients",
           "sign_mode", "signer_title", "signer_name", *SECTIONS)
# What the officer edits in a draft.
EDITABLE = ("cutoff", "issuer_parent", "issuer_name", "number_text", "symbol", "place", "issued_on", "title",
            "request_number", "request_date", "request_issuer", "request_subject", "addressees", "recipients",
            "sign_mode", "signer_title", "signer_name", *SECTIONS)


def place_name(unit: OrgUnit) -> str:
    """The place of the date line: the unit's name without its title ("Chánh Lộ")."""
    title = KIND_TITLE.get(unit.kind, "")
    if title and unit.name.lower().startswith(title.lower() + " "):
        return unit.name[len(title) + 1:]
    return unit.name


def _in_sentence(name: str) -> str:
    """"Tỉnh Quảng Ngãi" → "tỉnh Quảng Ngãi" inside a sentence."""
    return name[:1].lower() + name[1:] if name else name


def unit_defaults(*, unit: OrgUnit, period: Period, today: datetime.date) -> dict:
    """Header fields of a unit's first report: issuer, place, addressees, recipients, signer."""
    province = unit if unit.level == Level.PROVINCE else unit.province
    if unit.level == Level.PROVINCE:
        addressees = ["Bộ Khoa học và Công nghệ"]
    elif unit.parent and unit.parent.level == Level.DISTRICT and (
            unit.parent.valid_to is None or unit.parent.valid_to >= today):  # who receives it on the day it is written
        addressees = [f"Phòng Văn hóa và Thông tin {_in_sentence(unit.parent.full_name)}"]
    else:
        addressees = [f"Sở Khoa học và Công nghệ {_in_sentence(province.full_name)}" if province
                      else "Sở Khoa học và Công nghệ"]
    return {
        "issuer_parent": "ỦY BAN NHÂN DÂN", "issuer_name": unit.full_name.upper(), "symbol": "BC-UBND",
        "place": place_name(unit), "issued_on": today,
        "title": f"Kết quả hoạt động của Tổ công nghệ số cộng đồng và thực hiện các chỉ tiêu xã hội số "
                 f"{period.label}",
        "addressees": "\n".join(addressees),
        "recipients": "\n".join(["Như trên;", f"Ban Chỉ đạo chuyển đổi số {_in_sentence(unit.full_name)};",
                                 "Lưu: VT, VHTT."]),
        "sign_mode": SignMode.TM, "signer_title": "CHỦ TỊCH", "signer_name": "",
    }


def version_defaults(*, unit: OrgUnit, period: Period, today: datetime.date | None = None,
                     exclude_document: int | None = None) -> dict:
    """A new report's fields: the unit's defaults, overlaid with what its previous report said."""
    today = today or timezone.localdate()
    values = {**unit_defaults(unit=unit, period=period, today=today), "cutoff": default_cutoff(period=period, today=today)}
    previous = version_previous(unit=unit, period_end=period.end, exclude=exclude_document)
    if previous is not None:
        values.update({f: getattr(previous, f) for f in CARRIED if getattr(previous, f) not in ("", None)})
    return values


def version_previous(*, unit: OrgUnit, period_end: datetime.date, exclude: int | None = None) -> ReportVersion | None:
    """The unit's latest version of an earlier (or else any other) report: where defaults come from."""
    versions = ReportVersion.objects.filter(document__unit=unit).exclude(document_id=exclude).select_related("document")
    return (versions.filter(document__period_end__lte=period_end).order_by("-document__period_end", "-number").first()
            or versions.order_by("-document__period_end", "-number").first())

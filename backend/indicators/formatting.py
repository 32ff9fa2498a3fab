"""Vietnamese number and date style of administrative documents: 47.351; 33,44%; 27/11/2023."""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# Excel number formats that show 47.351 and 33,44% whatever the reader's regional settings:
# the separators are literals, so the cells stay numbers (sortable, summable) yet read Vietnamese.
XLSX_INT_FORMAT = r'[>=1000000]#\.###\.##0;[>=1000]#\.##0;0'
# The cell holds per cent points (33.44); "%" multiplies by 100 and the literal comma splits 3344.
XLSX_PERCENT_FORMAT = r'0\,00%'


def vn_int(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{int(value):,}".replace(",", ".")


def vn_decimal(value: Decimal | float | None, places: int = 2) -> str:
    if value is None:
        return "—"
    q = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{q:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = vn_int(abs(int(whole)))
    return f"{sign}{whole},{frac}" if frac else f"{sign}{whole}"


def vn_percent(value: Decimal | float | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{vn_decimal(value, places)}%"


def vn_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def percent_of(numerator: int, denominator: int | None) -> Decimal | None:
    """numerator / denominator in per cent, two decimals, half up (28.037/83.843 → 33,44)."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:,\d+)?$")


def parse_vn_number(text: str) -> Decimal:
    """A number typed the Vietnamese way: "47.351" → 47351, "33,44" → 33.44, "1.234,5" → 1234.5.

    Dots group thousands, the comma marks decimals; spaces are ignored and full-width digits folded.
    A dot that cannot be a thousands separator ("3.5") is refused rather than guessed: ValueError.
    """
    value = unicodedata.normalize("NFKC", str(text)).strip()
    value = re.sub(r"[\s\u00a0\u202f]", "", value).removesuffix("%")
    negative = value.startswith("-")
    digits = value.removeprefix("-")
    if not (_GROUPED.match(digits) or _PLAIN.match(digits)):
        raise ValueError(text)
    number = Decimal(digits.replace(".", "").replace(",", "."))
    return -number if negative else number

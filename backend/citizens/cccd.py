"""CCCD (citizen ID) numbers: validated, then kept only as a keyed hash and the last digits.

Shape: 12 digits = birth-registration province (001–096) + century/sex digit + 2 digits of the
birth year + 6 random digits. There is no check digit.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.utils.translation import gettext as _

from edge.text import clean_digits

CCCD_RE = re.compile(r"^[0-9]{12}$")  # ASCII: "\d" would take full-width digits (０５１…) too
LAST_DIGITS = 4
# century/sex digit → first year of the century it stands for
CENTURY_OF_DIGIT = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}


def normalize_cccd(raw: str) -> str:
    """Spaces, dots and dashes out; digits typed full-width (０５１…) as ASCII, so that the hash is the same."""
    return re.sub(r"[\s.\-]", "", clean_digits(raw or ""))


def cccd_errors(number: str, *, birth_year: int | None = None) -> list[str]:
    """Vietnamese messages describing what is wrong with a CCCD number (empty when it is valid)."""
    if not CCCD_RE.match(number):
        return [_("The CCCD number must have exactly 12 digits.")]
    province = int(number[:3])
    if not 1 <= province <= 96:
        return [_("The first three digits of the CCCD number are not a province code (001–096).")]
    century = CENTURY_OF_DIGIT[int(number[3])]
    year = century + int(number[4:6])
    if birth_year is not None and birth_year != year:
        return [_("The CCCD number says born in %(year)s, but the birth year given is %(given)s.")
                % {"year": year, "given": birth_year}]
    return []


def cccd_birth_year(number: str) -> int:
    return CENTURY_OF_DIGIT[int(number[3])] + int(number[4:6])


def cccd_hash(number: str) -> str:
    """HMAC-SHA256 of the number under the deployment's key: recognises a person, reveals nothing."""
    return hmac.new(settings.CCCD_HASH_KEY.encode(), number.encode(), hashlib.sha256).hexdigest()


def cccd_last_digits(number: str) -> str:
    return number[-LAST_DIGITS:]

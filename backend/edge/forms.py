"""Form fields that read what people type: numbers the Vietnamese way, dates in a sane range.

Vietnamese writes 47.351 for forty-seven thousand three hundred and fifty-one and 33,44 for
thirty-three point four four. Django's own fields read "47.351" as a decimal and refuse it as a whole
number with a message that does not say the dot is the problem.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .params import DATE_MAX, DATE_MIN
from .text import ascii_digits, clean_text

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+$")  # 47.351, 1.234.567
_PLAIN = re.compile(r"^[0-9]+$")
_VN_DECIMAL = re.compile(r"^(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),([0-9]+)$")  # 33,44  1.234,5
_POINT_DECIMAL = re.compile(r"^[0-9]+\.[0-9]+$")  # 33.5 (a single dot not followed by exactly three digits)

NOT_WHOLE = _("“%(value)s” is not a whole number. Type digits, with or without dots between thousands: "
              "47351 or 47.351.")
NOT_NUMBER = _("“%(value)s” is not a number. Write it the Vietnamese way: 33,44 (a comma before the decimals), "
               "47.351 (dots between thousands).")
HAS_DECIMALS = _("“%(value)s” has decimals, but this is a whole number: remove the part after the comma.")


def parse_vn_number(text: str, *, whole: bool) -> Decimal:
    """The number in `text`, read the Vietnamese way first; ValidationError saying what to change otherwise."""
    shown = clean_text(str(text), multiline=False)[:40]
    value = _SPACES.sub("", ascii_digits(clean_text(str(text), multiline=False)))
    if not whole:
        value = value.removesuffix("%")
    sign = ""
    if value.startswith(("+", "-")):
        sign, value = value[0], value[1:]
    if _PLAIN.match(value) or _GROUPED.match(value):
        digits = value.replace(".", "")
    elif m := _VN_DECIMAL.match(value):
        if whole and set(m.group(1)) != {"0"}:
            raise ValidationError(HAS_DECIMALS, code="invalid", params={"value": shown})
        digits = value.replace(".", "").replace(",", ".")
    elif _POINT_DECIMAL.match(value) and not whole:
        digits = value
    else:
        raise ValidationError(NOT_WHOLE if whole else NOT_NUMBER, code="invalid", params={"value": shown})
    if len(digits) > 30:
        raise ValidationError(NOT_WHOLE if whole else NOT_NUMBER, code="invalid", params={"value": shown})
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        raise ValidationError(NOT_NUMBER, code="invalid", params={"value": shown}) from None


class VnIntegerField(forms.IntegerField):
    """A whole number typed as 47351, 47.351 or 47 351 (also with full-width digits)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        return int(parse_vn_number(value, whole=True))


class VnDecimalField(forms.DecimalField):
    """A number typed as 33,44 (Vietnamese), 33.44 or 1.234,5; a trailing % is allowed."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        return parse_vn_number(value, whole=False)

    def validate(self, value):
        forms.Field.validate(self, value)  # DecimalField.validate refuses NaN/inf: parse_vn_number never makes them


class YearField(forms.IntegerField):
    """A year: four ASCII (or full-width) digits between DATE_MIN and DATE_MAX; no separators."""

    default_error_messages = {"invalid": _("Type the year with four digits, e.g. 2025.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", DATE_MIN.year)
        kwargs.setdefault("max_value", DATE_MAX.year)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4,
                                                           "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = ascii_digits(clean_text(str(value), multiline=False)).strip()
        if not re.fullmatch(r"[0-9]{4}", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class BoundedDateField(forms.DateField):
    """A day between DATE_MIN and DATE_MAX (reports, filters), typed 27/11/2025 or picked in a date input."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.min_date, self.max_date = DATE_MIN, DATE_MAX

    def to_python(self, value):
        if isinstance(value, str):
            value = ascii_digits(clean_text(value, multiline=False)).strip()
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.min_date <= value <= self.max_date:
            raise ValidationError(_("Choose a day between %(min)s and %(max)s."), code="out_of_range",
                                  params={"min": f"{self.min_date:%d/%m/%Y}", "max": f"{self.max_date:%d/%m/%Y}"})

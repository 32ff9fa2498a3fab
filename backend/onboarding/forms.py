"""Forms of the onboarding pages, and one form per spreadsheet row: each cell is checked by a form field,
so a row's errors come out in Vietnamese, by column, like on any other form of the app."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citizens.text import fold
from orgunits.models import KIND_TITLE, Kind

from .workbook import MAX_COUNT, POSITIONS, VILLAGE_KINDS

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template (.xlsx)"),
                           error_messages={"required": _("Choose the .xlsx file to upload."),
                                           "empty": _("The file is empty."),
                                           "invalid": _("Choose the .xlsx file to upload.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise self.too_large(upload.size)
        return upload

    @staticmethod
    def too_large(size: int) -> ValidationError:
        return ValidationError(
            _("The file is too large (%(size)s MB). A filled-in template is well under 2 MB: upload the "
              "template from this page, without pictures.") % {"size": f"{size / 1_048_576:.1f}".replace(".", ",")})


class CommuneSearchForm(forms.Form):
    q = forms.CharField(label=_("Commune"), max_length=80, required=False,
                        help_text=_("Type part of the name, with or without accents, e.g. \"tinh khe\"."))


# ---- cells -------------------------------------------------------------------------------------


def clean_text(value) -> str:
    """One line of text, as typed: Unicode composed, runs of spaces (and line breaks) made one space."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(text.split())


class TextField(forms.CharField):
    def to_python(self, value):
        return clean_text(value)

    def validate(self, value):
        super().validate(value)
        if value.startswith(FORMULA_START):
            raise ValidationError(_("Do not start with = + - or @: write the text itself."))


class CountField(forms.Field):
    """A whole number written the Vietnamese way (47.351), the plain way (47351), or as a number cell."""

    default_error_messages = {
        "invalid": _("Write a whole number, e.g. 47.351 or 47351."),
        "negative": _("Cannot be negative."),
        "too_large": _("Too large (more than %(max)s): check the figure."),
    }

    def __init__(self, *, max_value: int = MAX_COUNT, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, float):
            if not value.is_integer():
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = int(value)
        if not isinstance(value, int):
            text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
            negative = text.startswith("-")
            digits = text[1:] if negative else text
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
                digits = digits.replace(".", "")
            if not digits.isdigit():
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = -int(digits) if negative else int(digits)
        if value < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if value > self.max_value:
            raise ValidationError(self.error_messages["too_large"], code="too_large",
                                  params={"max": f"{self.max_value:,}".replace(",", ".")})
        return value


class YearField(CountField):
    default_error_messages = {"out_of_range": _("Write a year between 2000 and 2100, e.g. 2026.")}

    def to_python(self, value):
        try:
            year = super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return year


def _folded_choices(labels: dict[str, list[str]]) -> dict[str, str]:
    return {fold(label): key for key, names in labels.items() for label in names}


KIND_WORDS = _folded_choices({
    Kind.THON: [KIND_TITLE[Kind.THON]], Kind.TO_DAN_PHO: [KIND_TITLE[Kind.TO_DAN_PHO], "TDP", "Tổ"],
    Kind.BAN: [KIND_TITLE[Kind.BAN]], Kind.KHU_DAN_CU: [KIND_TITLE[Kind.KHU_DAN_CU], "KDC", "Khu"],
})
POSITION_WORDS = _folded_choices({
    "leader": [POSITIONS["leader"], "Trưởng", "Tổ trưởng tổ CNSCĐ"],
    "deputy": [POSITIONS["deputy"], "Phó", "Phó tổ trưởng"],
    "member": [POSITIONS["member"], "Thành viên", "Viên"],
})


class WordField(forms.Field):
    """One of a few words (a village's kind, a member's position), written with or without accents."""

    def __init__(self, *, words: dict[str, str], blank: str, **kwargs):
        self.words, self.blank = words, blank
        super().__init__(**kwargs)

    def to_python(self, value):
        text = fold(clean_text(value))
        if not text:
            return self.blank
        if text not in self.words:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return self.words[text]


class PhoneField(forms.Field):
    """A Vietnamese phone number, stored as its digits: 0905123456 (10 digits; 11 for a landline)."""

    default_error_messages = {"invalid": _("Write a phone number of 10 digits, e.g. 0905 123 456.")}

    def to_python(self, value):
        if value is None or value == "":
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = clean_text(value)
        digits = re.sub(r"[\s.\-()]", "", text)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        elif digits.startswith("84") and len(digits) == 11:
            digits = "0" + digits[2:]
        elif isinstance(value, int) and len(digits) in (9, 10) and not digits.startswith("0"):
            digits = "0" + digits  # a number cell lost the leading zero
        if not (digits.isdigit() and digits.startswith("0") and len(digits) in (10, 11)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return digits


def infer_kind(name: str, commune_kind: str) -> str:
    """The kind a village's name announces ("Tổ dân phố 3"), else the usual one for the commune."""
    folded = fold(name)
    for kind in VILLAGE_KINDS:
        if folded.startswith(fold(KIND_TITLE[kind]) + " "):
            return kind
    if folded.startswith("tdp "):
        return Kind.TO_DAN_PHO
    return Kind.TO_DAN_PHO if commune_kind == Kind.PHUONG else Kind.THON


# ---- rows --------------------------------------------------------------------------------------


class VillageRow(forms.Form):
    name = TextField(max_length=120, error_messages={"required": _("Write the village's name.")})
    kind = WordField(words=KIND_WORDS, blank="", required=False,
                     error_messages={"invalid": _("Write Thôn, Tổ dân phố, Bản or Khu dân cư.")})
    year = YearField(required=False)
    population = CountField(required=False)
    adults_18 = CountField(required=False)
    households = CountField(required=False)

    def clean(self):
        data = super().clean()
        population = data.get("population")
        if population is not None:
            if data.get("adults_18") is not None and data["adults_18"] > population:
                self.add_error("adults_18", _("More adults than people: the population aged 18 and over cannot "
                                              "exceed the population."))
            if data.get("households") is not None and data["households"] > population:
                self.add_error("households", _("More households than people: check both figures."))
        return data


class TeamRow(forms.Form):
    name = TextField(max_length=160, error_messages={"required": _("Write the team's name.")})
    village = TextField(max_length=120, required=False)
    decision_ref = TextField(max_length=120, required=False)


class MemberRow(forms.Form):
    name = TextField(max_length=100, error_messages={"required": _("Write the member's full name.")})
    team = TextField(max_length=160, error_messages={"required": _("Write the member's team, as on the Teams sheet.")})
    role = WordField(words=POSITION_WORDS, blank="member", required=False,
                     error_messages={"invalid": _("Write Tổ trưởng, Tổ phó or Tổ viên.")})
    phone = PhoneField(required=False)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if not any(ch.isalpha() for ch in name):
            raise ValidationError(_("Write the member's full name, e.g. Nguyễn Văn An."))
        return name


ROW_FORMS = {"villages": VillageRow, "teams": TeamRow, "members": MemberRow}

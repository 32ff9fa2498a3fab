"""Text as people mean it: one Unicode form, no invisible or control characters, ASCII digits in numbers.

A name typed on one phone in decomposed Unicode (NFD) and on another composed (NFC) is the same name;
a zero-width space pasted from a chat app, a bidirectional override or a NUL byte is nobody's intent
and breaks search, comparison and some databases. Full-width digits (０５１…) typed on a phone whose
keyboard is set to East Asian input are still digits.
"""

from __future__ import annotations

import re
import unicodedata

# Unicode categories removed from text: controls (Cc), format characters (Cf: zero-width spaces and
# joiners, bidirectional overrides and isolates, the BOM, soft hyphens) and lone surrogates (Cs).
_DROP_CATEGORIES = {"Cc", "Cf", "Cs"}
_KEEP_IN_MULTILINE = {"\n", "\t"}
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
_LINE_BREAK_RE = re.compile("|".join(map(re.escape, _LINE_BREAKS)))
ASCII_DIGITS_RE = re.compile(r"^[0-9]+$")


def _is_unwanted(ch: str, multiline: bool) -> bool:
    if multiline and ch in _KEEP_IN_MULTILINE:
        return False
    return unicodedata.category(ch) in _DROP_CATEGORIES


def clean_text(value: str, *, multiline: bool = True) -> str:
    """NFC, with control, format (zero-width, bidi) and surrogate characters removed.

    Line breaks of every kind become "\\n" and stay when `multiline` (notes, reasons); in a single-line
    value they and tabs become spaces. Leading and trailing spaces are left to the field.
    """
    if not value:
        return value
    if value.isascii() and value.isprintable():
        return value  # the common case, at no cost
    text = _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group(0)], value)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    # Lone surrogates cannot be normalised (nor encoded): drop them first.
    text = "".join(ch for ch in text if not _is_unwanted(ch, multiline))
    return unicodedata.normalize("NFC", text)


def is_clean(value: str, *, multiline: bool = True) -> bool:
    return clean_text(value, multiline=multiline) == value


def ascii_digits(value: str) -> str:
    """Every decimal digit (full-width ０-９, Arabic-Indic…) as its ASCII digit; nothing else changes.

    Superscripts (²) and other "digit-like" signs are not decimal digits and stay as they are, so that
    a number parser refuses them instead of reading something the person did not type.
    """
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(ch)) if unicodedata.category(ch) == "Nd" else ch for ch in value)


def clean_digits(value: str) -> str:
    """A number typed as text (CCCD, codes): clean, single-line, ASCII digits."""
    return ascii_digits(clean_text(value, multiline=False))

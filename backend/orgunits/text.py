from __future__ import annotations

import unicodedata

from edge.text import clean_text


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics: "Nguyễn Đức" → "nguyen duc", "Tịnh Khê" → "tinh khe".

    Stored beside names so that search ignores diacritics identically on SQLite and PostgreSQL.
    """
    # Zero-width and control characters out first: "Nguy\u200bễn" is searched for as "nguyen".
    text = clean_text(text or "", multiline=False).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())

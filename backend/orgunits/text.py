from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and strip Vietnamese diacritics: "Nguyễn Đức" → "nguyen duc", "Tịnh Khê" → "tinh khe".

    Stored beside names so that search ignores diacritics identically on SQLite and PostgreSQL.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())

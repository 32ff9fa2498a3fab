"""Diacritic folding lives at the ground floor (orgunits.text), shared by units and citizens."""

from orgunits.text import fold

__all__ = ["fold"]

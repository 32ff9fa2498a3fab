"""Vietnamese number style in templates, and plain numbers for SVG attributes."""

from __future__ import annotations

from decimal import Decimal

from django import template

from indicators.formatting import vn_date, vn_int, vn_percent

register = template.Library()

register.filter("vn_int", vn_int)
register.filter("vn_pct", vn_percent)
register.filter("vn_date", vn_date)


@register.filter
def svgnum(value) -> str:
    """A number for an SVG attribute: dot decimal, never localised."""
    if value is None:
        return "0"
    return f"{Decimal(value):.2f}"


@register.filter
def bar_height(value, peak) -> str:
    if not peak:
        return "0"
    return f"{Decimal(value) * 60 / Decimal(peak):.2f}"

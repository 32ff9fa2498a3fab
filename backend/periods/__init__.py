"""Reporting periods (month, quarter, half-year, year, ranges, "as of"): below outreach and indicators,
which both count by them."""

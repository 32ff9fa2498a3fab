"""Each plan names what an indicator is measured over (seed 003: payment accounts over people aged 18+).

Hand-made example after phường Ngọc Trạo: 4.127 people with a payment account; 14.514 inhabitants of
whom 10.739 are 18 or over. Over the population that is 28,43 %; over 18+, as the plan sets, 38,43 %.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from catalog.models import ServiceType
from indicators.models import Baseline, Denominator, Indicator, Target
from indicators.selectors import indicator_tables
from orgunits.models import Level, OrgUnit
from periods.periods import period_year


@pytest.fixture
def ngoc_trao(db):
    province = OrgUnit.objects.create(level=Level.PROVINCE, kind="tinh", name="Tỉnh Thử", code="97")
    commune = OrgUnit.objects.create(level=Level.COMMUNE, kind="phuong", name="Ngọc Trạo", code="97001",
                                     parent=province)
    other = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Hưng Đạo", code="97002", parent=province)
    service = ServiceType.objects.create(code="x_pay", name="Mở ví điện tử", short_name="Ví", counts="person")
    indicator = Indicator.objects.create(code="x_pay", name="Tỷ lệ dân số có tài khoản thanh toán điện tử",
                                         denominator_kind="population", counts="person")
    indicator.service_types.set([service])
    # Two villages each: the denominators are the villages' figures summed up.
    for unit, split in ((commune, ((8000, 5900), (6514, 4839))), (other, ((8000, 5900), (6514, 4839)))):
        for i, (population, adults) in enumerate(split, start=1):
            village = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name=f"Thôn {i}", parent=unit)
            Denominator.objects.create(unit=village, year=2023, kind="population", value=population)
            Denominator.objects.create(unit=village, year=2023, kind="adults_18", value=adults)
        Baseline.objects.create(indicator=indicator, unit=unit, as_of=datetime.date(2023, 1, 1), value=4127)
    return commune, other, indicator


def row(unit, indicator, year=2023):
    rows = indicator_tables(units=[unit], period=period_year(year=year))[unit.pk]
    return next(r for r in rows if r.indicator == indicator)


def test_the_plans_18_plus_denominator_gives_38_43_where_the_population_gives_28_43(ngoc_trao):
    commune, other, indicator = ngoc_trao
    Target.objects.create(indicator=indicator, unit=commune, year=2023, comparison="gte", percent=Decimal(80),
                          denominator_kind="adults_18")
    Target.objects.create(indicator=indicator, unit=other, year=2023, comparison="gt", percent=Decimal(50),
                          denominator_kind="population")

    mine = row(commune, indicator)
    assert (mine.numerator, mine.denominator, mine.percent) == (4127, 10739, Decimal("38.43"))
    assert mine.denominator_kind == "adults_18"
    assert mine.remaining == 8592 - 4127  # ⌈80 % of 10.739⌉

    theirs = row(other, indicator)  # Hưng Đạo's plan: the whole population
    assert (theirs.numerator, theirs.denominator, theirs.percent) == (4127, 14514, Decimal("28.43"))


def test_without_a_plan_choice_the_indicators_usual_denominator_counts(ngoc_trao):
    commune, _other, indicator = ngoc_trao
    Target.objects.create(indicator=indicator, unit=commune, year=2023, comparison="gte", percent=Decimal(80))
    assert (row(commune, indicator).denominator, row(commune, indicator).percent) == (14514, Decimal("28.43"))


def test_a_later_plan_changes_the_choice_from_its_year(ngoc_trao):
    commune, _other, indicator = ngoc_trao
    Target.objects.create(indicator=indicator, unit=commune, year=2020, comparison="gte", percent=Decimal(60))
    Target.objects.create(indicator=indicator, unit=commune, year=2023, comparison="gte", percent=Decimal(80),
                          denominator_kind="adults_18")
    for village in OrgUnit.objects.filter(parent=commune):
        for kind in ("population", "adults_18"):
            d = Denominator.objects.get(unit=village, year=2023, kind=kind)
            Denominator.objects.create(unit=village, year=2022, kind=kind, value=d.value)
    before, after = row(commune, indicator, 2022), row(commune, indicator, 2023)
    assert (before.denominator_kind, before.denominator, before.target_year) == ("population", 14514, 2020)
    assert (after.denominator_kind, after.denominator, after.percent) == ("adults_18", 10739, Decimal("38.43"))


def test_the_dashboard_names_the_plans_denominator(ngoc_trao, client):
    commune, _other, indicator = ngoc_trao
    Target.objects.create(indicator=indicator, unit=commune, year=2023, comparison="gte", percent=Decimal(80),
                          denominator_kind="adults_18")
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("vi"):
        html = render_to_string("reports/_indicator_table.html", {"rows": [row(commune, indicator)]})
    assert "10.739" in html and "38,43" in html
    assert "dân số trưởng thành (từ 18 tuổi)" in html


def test_the_demo_sets_each_communes_plan(demo):
    def kind(slug_name, year):
        t = Target.objects.get(indicator__code="payment_account", unit__name=slug_name, unit__level=Level.COMMUNE,
                               year=year)
        return t.denominator_kind

    assert kind("Ngọc Trạo", 2023) == "adults_18"
    assert kind("Tịnh Long", 2024) == "adults_18"
    assert kind("Hưng Đạo", 2023) == "population"

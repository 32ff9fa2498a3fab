"""An officer adds an entered indicator to the commune's plan and types n of N per period.

Hand-made example after seed 000: "Tỷ lệ trường học, trạm y tế thu phí không dùng tiền mặt", plan years
2025–2026, measured over institutions; 2025: 12 of 16 = 75,00 %, against a 75 % target.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from indicators.models import Indicator, IndicatorEntry, Target
from indicators.selectors import indicator_tables
from periods.periods import period_year
from tests.scenario import build_world

NAME = "Tỷ lệ trường học, trạm y tế thu phí không dùng tiền mặt"


@pytest.fixture
def world(db):
    return build_world()


def add(client, **overrides):
    data = {"name": NAME, "denominator_kind": "institutions", "first_year": "2025", "last_year": "2026", **overrides}
    return client.post("/officer/plan/indicators/new/", data)


def enter(client, indicator, **overrides):
    data = {"period_key": "2025", "numerator": "12", "denominator": "16", "as_of": "2025-12-31",
            "source_note": "Phòng GD", **overrides}
    return client.post(f"/officer/plan/indicators/{indicator.pk}/entries/new/", data)


def rows(unit, year):
    return {r.indicator.name: r for r in indicator_tables(units=[unit], period=period_year(year=year))[unit.pk]}


def test_an_officer_adds_an_entered_indicator_and_its_n_of_n(client, world):
    client.force_login(world.officer)
    assert add(client).status_code == 302
    indicator = Indicator.objects.get(name=NAME)
    assert (indicator.unit, indicator.source, indicator.first_year, indicator.last_year) == (world.b, "manual", 2025,
                                                                                            2026)
    assert enter(client, indicator).status_code == 302
    Target.objects.create(indicator=indicator, unit=world.b, year=2025, comparison="gte", percent=Decimal(75))

    row = rows(world.b, 2025)[NAME]
    assert (row.numerator, row.denominator, row.percent, row.met) == (12, 16, Decimal("75.00"), True)
    assert rows(world.b, 2026)[NAME].entry_missing  # shown as not entered, not as 2025's
    assert NAME not in rows(world.b, 2024)  # outside the plan's years
    assert NAME not in rows(world.a, 2025)  # another unit's plan
    html = client.get(f"/reports/u/{world.b.pk}/?period=2026").content.decode()
    assert NAME in html and "chưa nhập số liệu kỳ này" in html
    assert "75,00%" in client.get(f"/reports/u/{world.b.pk}/?period=2025").content.decode()
    assert AuditEvent.objects.filter(object_type="indicators.indicatorentry", action="create").count() == 1

    # A correction of the same period replaces it.
    assert enter(client, indicator, numerator="14").status_code == 302
    assert IndicatorEntry.objects.get().numerator == 14


@pytest.mark.parametrize(("overrides", "message"), [
    ({"numerator": "17"}, "không thể lớn hơn tổng số (16)"),
    ({"denominator": "0"}, "Tổng số (N) phải từ 1 trở lên."),
    ({"numerator": "-1"}, "không thể âm"),
    ({"period_key": "2024"}, "Kế hoạch của chỉ tiêu này không áp dụng cho năm 2024."),
    ({"period_key": "2025-H3"}, "không phải là một kỳ"),
    ({"numerator": "mười hai"}, None),
])
def test_bad_n_of_n_is_refused_in_vietnamese(client, world, overrides, message):
    client.force_login(world.officer)
    add(client)
    indicator = Indicator.objects.get(name=NAME)
    response = enter(client, indicator, **overrides)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    assert not IndicatorEntry.objects.exists()


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name": "Tỷ lệ"}, "ít nhất 10 ký tự"),
    ({"name": "Tỷ lệ hộ gia đình có địa chỉ số"}, "đã có chỉ tiêu với nội dung này"),
    ({"last_year": "2024"}, "Năm cuối của kế hoạch không thể trước năm đầu."),
    ({"denominator_kind": "planets"}, None),
])
def test_a_bad_indicator_is_refused_in_vietnamese(client, world, overrides, message):
    client.force_login(world.officer)
    response = add(client, **overrides)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()
    assert not Indicator.objects.filter(unit__isnull=False).exists()


def test_another_communes_officer_cannot_enter_figures(client, world):
    client.force_login(world.officer)
    add(client)
    indicator = Indicator.objects.get(name=NAME)
    client.force_login(world.other_officer)
    assert enter(client, indicator).status_code == 404
    assert not IndicatorEntry.objects.exists()

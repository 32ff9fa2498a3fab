"""`manage.py load_units [--history]`: the whole country, from the vietnamadminunits package.

The full load takes seconds, so one test loads the country once and checks everything it must hold.
"""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from orgunits.models import Kind, Level, OrgUnit

LAST_DAY = datetime.date(2025, 6, 30)


def _load(*args) -> str:
    out = StringIO()
    call_command("load_units", *args, "--no-progress", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_country_loads_with_codes_kinds_and_history_and_a_second_load_changes_nothing():
    assert "3355 units created, 0 updated" in _load()
    current = OrgUnit.objects.filter(valid_to__isnull=True)
    provinces, communes = current.filter(level=Level.PROVINCE), current.filter(level=Level.COMMUNE)
    assert (provinces.count(), communes.count()) == (34, 3321)
    assert {len(c) for c in provinces.values_list("code", flat=True)} == {2}
    assert {len(c) for c in communes.values_list("code", flat=True)} == {5}
    assert Counter(communes.values_list("kind", flat=True)) == {Kind.XA: 2621, Kind.PHUONG: 687, Kind.DAC_KHU: 13}
    assert Counter(provinces.values_list("kind", flat=True)) == {Kind.TINH: 28, Kind.THANH_PHO_TW: 6}
    tinh_khe = communes.get(code="21211")
    assert (tinh_khe.full_name, tinh_khe.parent.name, tinh_khe.province.code, tinh_khe.valid_from) == (
        "Xã Tịnh Khê", "Quảng Ngãi", "51", datetime.date(2025, 7, 1))
    assert communes.get(code="11113").label == "Xã Tân Kỳ · Hải Phòng"

    assert "0 units created, 0 updated" in _load()

    assert "10794 units created, 0 updated" in _load("--history")
    former = OrgUnit.objects.filter(valid_to=LAST_DAY)
    assert former.filter(level=Level.PROVINCE).count() == 63
    assert former.filter(level=Level.DISTRICT).count() == 696
    assert former.filter(level=Level.COMMUNE).count() == 10035  # + 5 island districts without communes: 10,040
    assert not former.filter(level=Level.COMMUNE, successor__isnull=True).exists()
    # A code reused by a new unit names two units: the former one and the one that took it in.
    assert OrgUnit.objects.filter(code="11086").count() == 2
    hung_dao, dai_son = former.get(code="11086"), current.get(code="11086")
    assert (hung_dao.name, hung_dao.valid_to, hung_dao.parent.name, hung_dao.province.name) == (
        "Hưng Đạo", LAST_DAY, "Tứ Kỳ", "Hải Dương")
    assert (dai_son.name, dai_son.valid_to, dai_son.province.name) == ("Đại Sơn", None, "Hải Phòng")
    assert hung_dao.successor == dai_son  # split: the mapping's default; part went to xã Tân Kỳ
    assert former.get(code="21031").successor.full_name == "Phường Cẩm Thành"
    assert former.get(level=Level.PROVINCE, code="30").successor.name == "Hải Phòng"
    assert former.get(level=Level.DISTRICT, code="536").successor.full_name == "Đặc khu Lý Sơn"
    assert "0 units created, 0 updated" in _load("--history")


@pytest.mark.django_db
def test_a_code_is_unique_among_current_units_and_among_units_ended_the_same_day():
    province = OrgUnit.objects.create(level=Level.PROVINCE, kind=Kind.TINH, name="Tỉnh thử", code="99")
    OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã cũ", code="99001", parent=province,
                           valid_to=LAST_DAY)
    OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã mới", code="99001", parent=province)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã mới hai", code="99001", parent=province)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã cũ hai", code="99001", parent=province,
                               valid_to=LAST_DAY)

"""Households counted as households: the phone sends the digital address (or the head), the server finds
the household again within the commune, the indicator counts it once, and the duplicate flag fires.

Hand-made example in phường Cẩm Thành: a member and the leader, in two villages, each log the digital
address of the same house, typed "QNG 7788 12" and "qng778812 " (Vpostcode). Both approved: the
households indicator counts 1 household, visits 2.
"""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from accounts.models import User
from citizens.models import Household
from indicators.selectors import indicator_tables
from orgunits.models import Level, OrgUnit
from periods.periods import period_year
from records.models import AssistanceRecord, Status
from records.services import record_review

SYNC = "/api/v1/sync/"
CCCD = "051085123456"  # Quảng Ngãi, male, born 1985


def a_record(username, *, village_index=0, **overrides) -> dict:
    """A record of the member's commune, in its village number `village_index` (a member logs in any village
    of the commune)."""
    member = User.objects.get(username=username)
    village = OrgUnit.objects.filter(parent_id=member.team.commune_id, level=Level.VILLAGE).order_by("name")[
        village_index]
    data = {"client_uuid": str(uuid.uuid4()), "client_version": 1, "service_type": "digital_address",
            "village": village.pk, "occurred_at": timezone.now().isoformat(), "outcome": "success", "place": "home"}
    data.update(overrides)
    return data


def sync(api, username, *records):
    response = api(username).post(SYNC, {"records": list(records), "sessions": []}, format="json")
    assert response.status_code == 200
    return response.json()["records"]


def approve_all():
    officer = User.objects.get(username="officer.chanhlo")
    for record in AssistanceRecord.objects.filter(status=Status.SUBMITTED):
        record_review(record=record, by=officer, status=Status.APPROVED)


def households_counted():
    commune = OrgUnit.objects.get(level=Level.COMMUNE, name="Cẩm Thành", valid_to__isnull=True)
    rows = indicator_tables(units=[commune], period=period_year(year=timezone.localdate().year))[commune.pk]
    row = next(r for r in rows if r.indicator.code == "digital_address")
    return row.counted


def test_the_same_address_twice_counts_one_household(api, demo):
    before = households_counted()
    first = sync(api, "member.chanhlo", a_record("member.chanhlo", household={
        "address_code": "QNG 7788 12", "address_scheme": "vpostcode", "name": "Hộ ông Lâm"}))
    second = sync(api, "leader.chanhlo", a_record("leader.chanhlo", village_index=1, household={
        "address_code": "qng778812 ", "address_scheme": "vpostcode"}))
    assert first[0]["result"] == second[0]["result"] == "created", (first, second)
    one, two = AssistanceRecord.objects.order_by("pk")
    assert one.village_id != two.village_id  # two villages, one commune
    assert one.household_id == two.household_id
    household = Household.objects.get()
    assert (household.digital_address, household.address_scheme, household.name) == ("QNG778812", "vpostcode",
                                                                                      "Hộ ông Lâm")
    assert first[0]["record"]["household"]["address_code"] == "QNG778812"
    approve_all()
    assert households_counted() == before + 1


def test_other_addresses_count_apart(api, demo):
    before = households_counted()
    sync(api, "member.chanhlo",
         a_record("member.chanhlo", household={"address_code": "QNG778812", "address_scheme": "vpostcode"}),
         a_record("member.chanhlo", household={"address_code": "QNG778813", "address_scheme": "national"}),
         a_record("member.chanhlo"))  # no household: the record stands alone
    approve_all()
    assert Household.objects.count() == 2
    assert households_counted() == before + 3


def test_the_same_head_by_cccd_counts_one_household_without_an_address(api, demo):
    before = households_counted()
    citizen = {"full_name": "Lâm Văn Chủ", "birth_year": 1985, "cccd": CCCD, "consent": True}
    sync(api, "member.chanhlo", a_record("member.chanhlo", citizen=citizen, household={"head_is_citizen": True}))
    sync(api, "leader.chanhlo", a_record("leader.chanhlo", citizen={**citizen, "full_name": "Lam Van Chu"},
                                         household={"head_is_citizen": True}))
    one, two = AssistanceRecord.objects.order_by("pk")
    assert one.household_id == two.household_id and one.household.head_id == one.citizen_id
    approve_all()
    assert households_counted() == before + 1
    # The address given later joins the household found by its head.
    sync(api, "member.chanhlo", a_record("member.chanhlo", citizen=citizen, household={
        "address_code": "QNG000111", "address_scheme": "vpostcode", "head_is_citizen": True}))
    assert AssistanceRecord.objects.order_by("-pk")[0].household_id == one.household_id
    assert Household.objects.get().digital_address == "QNG000111"


def test_the_duplicate_flag_fires_from_the_phone(api, web, demo):
    sync(api, "member.chanhlo", a_record("member.chanhlo", household={
        "address_code": "QNG 7788 12", "address_scheme": "vpostcode"}))
    sync(api, "leader.chanhlo", a_record("leader.chanhlo", household={
        "address_code": "QNG778812", "address_scheme": "vpostcode"}))
    first, second = AssistanceRecord.objects.order_by("pk")
    response = web("officer.chanhlo").get("/officer/records/")
    flags = {row.pk: [(f.kind, f.other_uuid) for f in fl] for row, fl in response.context["rows"]}
    assert flags[second.pk] == [("address", str(first.client_uuid))]
    assert flags[first.pk] == [("address", str(second.client_uuid))]
    assert "Địa chỉ số trùng với bản ghi khác" in response.content.decode()


@pytest.mark.parametrize(("household", "field", "message"), [
    ({"address_code": "QNG778812"}, "address_scheme", "Hãy chọn mã địa chỉ số thuộc hệ thống nào."),
    ({"address_code": "QNG 77#88", "address_scheme": "vpostcode"}, "address_code", "Mã địa chỉ số gồm"),
    ({"address_code": "QNG778812", "address_scheme": "bogus"}, "address_scheme", None),
    ({"head_is_citizen": True}, "head_is_citizen", "Hãy điền thông tin người dân là chủ hộ."),
])
def test_bad_household_input_is_refused_in_vietnamese(api, demo, household, field, message):
    result = sync(api, "member.chanhlo", a_record("member.chanhlo", household=household))[0]
    assert result["result"] == "invalid"
    errors = result["errors"]["household"][field]
    if message:
        assert any(message in e for e in errors), errors
    assert not AssistanceRecord.objects.exists() and not Household.objects.exists()


def test_an_ecommerce_record_counts_the_business_by_its_name_or_tax_code(api, demo):
    sync(api, "member.chanhlo",
         a_record("member.chanhlo", service_type="ecommerce", household={"name": "Hộ kinh doanh Bánh tráng Lâm"}),
         a_record("member.chanhlo", service_type="ecommerce", household={"name": "ho kinh doanh banh trang  lam"}),
         a_record("member.chanhlo", service_type="ecommerce", household={"name": "4300123456"}),
         a_record("member.chanhlo", service_type="ecommerce", household={"name": "4300123456"}))
    assert [h.kind for h in Household.objects.all()] == ["business", "business"]
    assert AssistanceRecord.objects.values("household_id").distinct().count() == 2


def test_a_resent_record_with_another_address_is_a_conflict(api, demo):
    record = a_record("member.chanhlo", household={"address_code": "QNG778812", "address_scheme": "vpostcode"})
    sync(api, "member.chanhlo", record)
    assert sync(api, "member.chanhlo", record)[0]["result"] == "exists"
    again = sync(api, "member.chanhlo", {**record, "household": {"address_code": "QNG999", "address_scheme": "other"}})
    assert again[0]["result"] == "conflict" and "household" in again[0]["fields"]

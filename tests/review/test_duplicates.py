"""Duplicate flags on the officer's list and detail pages."""

from __future__ import annotations

import pytest

from records.models import Status
from tests.review_factories import fast_passwords, make_record  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")

CCCD = "051085123456"  # Quảng Ngãi, male, born 1985


def flags_of(response, record):
    for row, flags in response.context["rows"]:
        if row.pk == record.pk:
            return flags
    raise AssertionError("record not on the page")


def test_the_same_person_already_approved_for_the_service_is_flagged(web, demo):
    first = make_record("member.chanhlo", name="Nguyễn Văn An", cccd=CCCD, birth_year=1985, status=Status.APPROVED,
                        days_ago=30)
    again = make_record("leader.chanhlo", name="Nguyen Van An", cccd=CCCD, birth_year=1985)
    client = web("officer.chanhlo")
    flags = flags_of(client.get("/officer/records/"), again)
    assert [(f.kind, f.other_uuid) for f in flags] == [("citizen", str(first.client_uuid))]
    body = client.get(f"/officer/records/{again.client_uuid}/").content.decode()
    assert f'href="/officer/records/{first.client_uuid}/"' in body
    assert "Người này đã có bản ghi được duyệt cho dịch vụ này" in body


def test_other_services_or_unapproved_records_do_not_count(web, demo):
    make_record("member.chanhlo", cccd=CCCD, birth_year=1985, name="A", service="dvctt", status=Status.APPROVED)
    make_record("member.chanhlo", cccd=CCCD, birth_year=1985, name="A", service="vneid_l2", outcome="failed",
                status=Status.APPROVED)
    make_record("member.chanhlo", cccd=CCCD, birth_year=1985, name="A", service="vneid_l2")  # only submitted
    fresh = make_record("member.chanhlo", cccd=CCCD, birth_year=1985, name="A", service="vneid_l2")
    response = web("officer.chanhlo").get("/officer/records/")
    assert flags_of(response, fresh) == []


def test_people_without_cccd_are_not_matched_by_name(web, demo):
    make_record("member.chanhlo", name="Nguyễn Văn An", status=Status.APPROVED)
    fresh = make_record("member.chanhlo", name="Nguyễn Văn An")
    assert flags_of(web("officer.chanhlo").get("/officer/records/"), fresh) == []


def test_the_same_digital_address_twice_is_flagged_both_ways(web, demo):
    first = make_record("member.chanhlo", service="digital_address", digital_address="QNG 7788 12",
                        household_name="Hộ ông Lâm")
    second = make_record("leader.chanhlo", service="digital_address", digital_address="qng7788 12 ",
                         household_name="Hộ bà Lâm")
    unrelated = make_record("member.chanhlo", service="digital_address", digital_address="QNG-0000-01")
    response = web("officer.chanhlo").get("/officer/records/")
    assert [(f.kind, f.other_uuid) for f in flags_of(response, first)] == [("address", str(second.client_uuid))]
    assert [(f.kind, f.other_uuid) for f in flags_of(response, second)] == [("address", str(first.client_uuid))]
    assert flags_of(response, unrelated) == []
    assert "Địa chỉ số trùng với bản ghi khác" in response.content.decode()


def test_a_rejected_record_does_not_make_a_duplicate(web, demo):
    make_record("member.chanhlo", service="digital_address", digital_address="QNG-1", status=Status.REJECTED)
    fresh = make_record("member.chanhlo", service="digital_address", digital_address="QNG-1")
    assert flags_of(web("officer.chanhlo").get("/officer/records/"), fresh) == []


def test_a_duplicate_in_another_commune_is_flagged_without_its_details(web, demo):
    """Same province, same person: the flag shows, the other commune's record does not."""
    other = make_record("member.tinhlong", name="Nguyễn Văn An", cccd=CCCD, birth_year=1985, status=Status.APPROVED)
    mine = make_record("member.chanhlo", name="Nguyễn Văn An", cccd=CCCD, birth_year=1985)
    client = web("officer.chanhlo")
    flags = flags_of(client.get("/officer/records/"), mine)
    assert [(f.kind, f.other_uuid) for f in flags] == [("citizen", None)]
    body = client.get(f"/officer/records/{mine.client_uuid}/").content.decode()
    assert str(other.client_uuid) not in body and "ở xã khác" in body
    assert client.get(f"/officer/records/{other.client_uuid}/").status_code == 404

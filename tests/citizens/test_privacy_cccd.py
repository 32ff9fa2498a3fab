"""No table holds a CCCD number in clear: records are written with known numbers, then every text
column of every table is scanned for them."""

from __future__ import annotations

import pytest
from django.utils import timezone

from catalog.models import ServiceType
from citizens.cccd import cccd_errors
from citizens.services import CitizenInput, citizen_input_errors, citizen_resolve
from records.services import record_create
from tests.database_scan import all_text_values

KNOWN_NUMBERS = ["051190004321", "038085112233", "030201998877"]  # 1990 female, 1985 male, 2001 female


def test_no_table_holds_a_cccd_number_in_clear(user):
    member = user("member.chanhlo")
    service = ServiceType.objects.get(code="vneid_l2")
    for number, year in zip(KNOWN_NUMBERS, [1990, 1985, 2001], strict=True):
        data = CitizenInput(full_name="Lê Thị Hoa", birth_year=year, cccd=number, consent=True)
        assert citizen_input_errors(data) == {}
        citizen = citizen_resolve(commune=member.team.commune, data=data, by=member)
        record_create(member=member, service_type=service, village=member.team.unit, occurred_at=timezone.now(),
                      citizen=citizen, note="đã kích hoạt")

    scanned = 0
    for table, text in all_text_values():
        scanned += 1
        for number in KNOWN_NUMBERS:
            assert number not in text, f"CCCD number found in clear in table {table}"
            # the hash input must not leak in any shorter recognisable form either
            assert number[:9] not in text, f"most of a CCCD number found in table {table}"
    assert scanned > 100  # the scan really read the data, demo included


@pytest.mark.parametrize(
    ("number", "birth_year", "ok"),
    [
        ("051190004321", 1990, True),
        ("051190004321", None, True),
        ("051190004321", 1991, False),  # the number says 1990
        ("030201998877", 2001, True),  # 2000s, female
        ("05119000432", None, False),  # 11 digits
        ("0511900043210", None, False),  # 13 digits
        ("099190004321", None, False),  # no province 099
        ("000190004321", None, False),
        ("05119000432a", None, False),
    ],
)
def test_a_cccd_number_is_checked_for_shape_and_birth_year(number, birth_year, ok):
    assert (cccd_errors(number, birth_year=birth_year) == []) is ok


def test_personal_data_without_consent_is_refused(db):
    errors = citizen_input_errors(CitizenInput(full_name="Trần Văn Bình", cccd="051190004321"))
    assert "consent" in errors
    assert "đồng ý" in errors["consent"][0]

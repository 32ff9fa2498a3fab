"""The domain model's guarantees, held by the database itself."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import ServiceType
from citizens.services import CitizenInput, citizen_resolve
from indicators.models import Denominator, DenominatorKind
from orgunits.models import Kind, Level, OrgUnit
from orgunits.selectors import commune_ids_within, unit_current_successor, unit_with_history_ids
from records.models import AssistanceRecord
from records.services import record_create


def _village(name="Tổ dân phố 1"):
    return OrgUnit.objects.get(level=Level.VILLAGE, name=name, parent__name="Chánh Lộ")


def test_the_client_uuid_is_unique_in_the_database(user):
    member = user("member.chanhlo")
    service = ServiceType.objects.get(code="vneid_l2")
    first = record_create(member=member, service_type=service, village=member.team.unit, occurred_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        AssistanceRecord.objects.create(
            client_uuid=first.client_uuid, member=member, team=member.team, service_type=service,
            village=member.team.unit, commune_id=member.team.unit.parent_id, occurred_at=timezone.now(),
        )
    assert AssistanceRecord.objects.filter(client_uuid=first.client_uuid).count() == 1


def test_a_successful_record_cannot_carry_a_failure_reason(user):
    member = user("member.chanhlo")
    with pytest.raises(IntegrityError), transaction.atomic():
        record_create(member=member, service_type=ServiceType.objects.get(code="dvctt"), village=member.team.unit,
                      occurred_at=timezone.now(), outcome="success", outcome_reason="no_signal")


def test_a_denominator_cannot_be_negative_in_the_database(demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Denominator.objects.create(unit=_village(), year=2030, kind=DenominatorKind.POPULATION, value=-1)


def test_a_record_returned_without_reason_is_refused_by_the_database(user):
    member, officer = user("member.chanhlo"), user("officer.chanhlo")
    record = record_create(member=member, service_type=ServiceType.objects.get(code="dvctt"),
                           village=member.team.unit, occurred_at=timezone.now())
    record.status, record.reviewed_by, record.reviewed_at = "returned", officer, timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_the_same_cccd_is_the_same_copy_in_the_commune_and_the_same_person_in_the_province(user):
    member, other = user("member.chanhlo"), user("member.tinhlong")
    number = "051090123456"
    first = citizen_resolve(commune=member.team.commune, data=CitizenInput(
        full_name="Nguyễn Văn An", birth_year=1990, cccd=number, consent=True), by=member)
    again = citizen_resolve(commune=member.team.commune, data=CitizenInput(
        cccd="0510 9012 3456", birth_year=1990, consent=True), by=member)
    elsewhere = citizen_resolve(commune=other.team.commune, data=CitizenInput(cccd=number, consent=True), by=other)
    assert again.pk == first.pk
    assert first.cccd_last_digits == "3456"
    assert first.name_folded == "nguyen van an"
    assert elsewhere.pk != first.pk and elsewhere.person_id == first.person_id and elsewhere.full_name == ""


@pytest.mark.django_db
def test_a_merged_commune_names_its_successor_and_the_successor_covers_its_history():
    province = OrgUnit.objects.create(level=Level.PROVINCE, kind=Kind.TINH, name="Tỉnh thử", code="99")
    old_a = OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã A", code="99001", parent=province,
                                   valid_to=datetime.date(2025, 6, 30))
    old_b = OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã B", code="99002", parent=province,
                                   valid_to=datetime.date(2025, 6, 30))
    new = OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã Mới", code="99010", parent=province,
                                 valid_from=datetime.date(2025, 7, 1))
    newer = OrgUnit.objects.create(level=Level.COMMUNE, kind=Kind.XA, name="Xã Mới Hơn", code="99020",
                                   parent=province, valid_from=datetime.date(2027, 1, 1))
    OrgUnit.objects.filter(pk__in=[old_a.pk, old_b.pk]).update(successor=new)
    OrgUnit.objects.filter(pk=new.pk).update(successor=newer)
    old_a.refresh_from_db()

    assert old_a.successor == new
    assert unit_current_successor(unit=old_a) == newer
    assert unit_with_history_ids(unit=newer) == {newer.pk, new.pk, old_a.pk, old_b.pk}
    assert set(commune_ids_within(unit=new)) == {new.pk, old_a.pk, old_b.pk}
    assert set(OrgUnit.objects.valid_on(datetime.date(2026, 1, 1)).filter(parent=province)) == {new}
    assert province in {new.province, old_a.province}


@pytest.mark.django_db
def test_an_official_code_is_never_reused():
    OrgUnit.objects.create(level=Level.PROVINCE, kind=Kind.TINH, name="Tỉnh một", code="98")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(level=Level.PROVINCE, kind=Kind.TINH, name="Tỉnh hai", code="98")

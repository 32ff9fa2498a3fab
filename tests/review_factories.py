"""Records on real data for the officer-workspace tests, made through the project's own services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from catalog.models import ServiceType
from citizens.models import Household
from citizens.services import CitizenInput, citizen_resolve
from records.models import Outcome, Status
from records.services import record_create, record_review


@pytest.fixture
def fast_passwords(settings):
    """The demo sets a dozen passwords per test; PBKDF2 at full strength makes that ~10 s each time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_record(
    username: str,
    *,
    service: str = "vneid_l2",
    name: str = "",
    cccd: str = "",
    birth_year: int | None = None,
    outcome: str = Outcome.SUCCESS,
    status: str = Status.SUBMITTED,
    reviewer: str | None = None,
    digital_address: str = "",
    household_name: str = "",
    days_ago: int = 1,
    **fields,
):
    member = User.objects.select_related("team__unit").get(username=username)
    village = member.team.unit if member.team.unit.level == "village" else member.team.unit.children.first()
    citizen = None
    if name or cccd:
        citizen = citizen_resolve(
            commune=village.parent, by=member,
            data=CitizenInput(full_name=name, cccd=cccd, birth_year=birth_year, consent=True))
    household = None
    if digital_address or household_name:
        household = Household.objects.create(village=village, name=household_name or "Hộ gia đình",
                                             digital_address=digital_address,
                                             address_scheme="vpostcode" if digital_address else "")
    if outcome != Outcome.SUCCESS:
        fields.setdefault("outcome_reason", "no_signal")
    record = record_create(
        member=member, service_type=ServiceType.objects.get(code=service), village=village,
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago), outcome=outcome,
        citizen=citizen, household=household, **fields)
    if status != Status.SUBMITTED:
        by = User.objects.get(username=reviewer or f"officer.{username.split('.')[1]}")
        record_review(record=record, by=by, status=status, reason="" if status == Status.APPROVED else "Thiếu thông tin")
    return record

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from orgunits.models import OrgUnit

from .cccd import cccd_errors, cccd_hash, cccd_last_digits, normalize_cccd
from .models import Citizen, Gender, Person


@dataclass
class CitizenInput:
    full_name: str = ""
    birth_year: int | None = None
    gender: str = ""
    cccd: str = ""
    consent: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.full_name.strip() or self.birth_year or self.gender or self.cccd.strip())


def citizen_input_errors(data: CitizenInput, *, this_year: int | None = None) -> dict[str, list[str]]:
    """Field errors, in Vietnamese, for the citizen block of a record."""
    errors: dict[str, list[str]] = {}
    this_year = this_year or timezone.localdate().year
    if data.birth_year is not None and not 1900 <= data.birth_year <= this_year:
        errors["birth_year"] = [_("The birth year must be between 1900 and %(year)s.") % {"year": this_year}]
    if data.gender and data.gender not in Gender.values:
        errors["gender"] = [_("Unknown gender.")]
    number = normalize_cccd(data.cccd)
    if number:
        problems = cccd_errors(number, birth_year=data.birth_year if "birth_year" not in errors else None)
        if problems:
            errors["cccd"] = problems
    if (data.full_name.strip() or number) and not data.consent:
        errors["consent"] = [_("Ask the citizen for consent before recording their name or CCCD number.")]
    return errors


def _typed_fields(data: CitizenInput) -> dict:
    """What the member typed about the person, as the Citizen fields hold it."""
    return {"full_name": data.full_name.strip()[:120], "birth_year": data.birth_year, "gender": data.gender or ""}


def citizen_resolve(*, commune: OrgUnit, data: CitizenInput, by) -> Citizen | None:
    """The commune's own copy of the person behind a record (call after `citizen_input_errors`).

    Identity is local: a CCCD number met before in this commune finds this commune's copy again.
    A number that another commune of the province recorded makes a new copy here, holding only
    what was typed here, linked to the same Person so that the province still counts one person.
    Another commune's copy is never read, shown or changed. The CCCD number goes no further than here.
    """
    if data.is_empty:
        return None
    number = normalize_cccd(data.cccd)
    now = timezone.now()
    fields = _typed_fields(data)
    consent = {"consent_given_at": now, "consent_recorded_by": by} if data.consent else {}
    if number:
        digest = cccd_hash(number)
        citizen = Citizen.objects.filter(commune=commune, cccd_hash=digest).first()
        if citizen is not None:
            return citizen_correct(citizen=citizen, data=data, by=by)
        person = _person(province_id=commune.province_id, digest=digest)
        return Citizen.objects.create(commune=commune, person=person, cccd_hash=digest,
                                      cccd_last_digits=cccd_last_digits(number), **fields, **consent)
    return Citizen.objects.create(commune=commune, person=_person(province_id=commune.province_id, digest=None),
                                  **fields, **consent)


def _person(*, province_id: int, digest: str | None) -> Person:
    """The province-level "same person" for counting: found by the hash, else a new one."""
    if digest is None:
        return Person.objects.create(province_id=province_id)
    person = Person.objects.filter(province_id=province_id, cccd_hash=digest).first()
    if person is None:
        # A concurrent sync may be adding the same person: insert unless present, then read the row that won.
        Person.objects.bulk_create([Person(province_id=province_id, cccd_hash=digest)], ignore_conflicts=True)
        person = Person.objects.get(province_id=province_id, cccd_hash=digest)
    return person


def citizen_correct(*, citizen: Citizen, data: CitizenInput, by) -> Citizen:
    """Fill in or fix what the member typed about a known person; consent given again lifts a withdrawal."""
    values = _typed_fields(data)
    changed = [key for key, value in values.items() if value not in (None, "") and getattr(citizen, key) != value]
    for key in changed:
        setattr(citizen, key, values[key])
    if data.consent and (citizen.consent_given_at is None or citizen.consent_withdrawn_at is not None):
        citizen.consent_given_at = timezone.now()
        citizen.consent_recorded_by = by
        citizen.consent_withdrawn_at = None
        changed.append("consent_given_at")
    if changed:
        citizen.save()
    return citizen


def citizen_withdraw_consent(*, citizen: Citizen, by) -> Citizen:
    """Consent withdrawn: the personal data goes, the anonymous count stays."""
    citizen.full_name = ""
    citizen.birth_year = None
    citizen.gender = ""
    citizen.consent_withdrawn_at = timezone.now()
    citizen.consent_given_at = None
    # The hash may stay only with consent; without it the person can no longer be recognised.
    citizen.cccd_hash = None
    citizen.cccd_last_digits = ""
    citizen.save()
    # The copy keeps its link to the Person, so the figures already counted do not move. The
    # Person keeps the hash only while another commune's copy still holds it with consent.
    if not Citizen.objects.filter(person_id=citizen.person_id, cccd_hash__isnull=False).exists():
        Person.objects.filter(pk=citizen.person_id).update(cccd_hash=None)
    return citizen

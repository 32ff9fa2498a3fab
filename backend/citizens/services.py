from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from orgunits.models import OrgUnit
from orgunits.selectors import villages_within

from .cccd import cccd_errors, cccd_hash, cccd_last_digits, normalize_cccd
from .models import AddressScheme, Citizen, Gender, Household, HouseholdKind, Person
from .text import fold


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


# ---------------------------------------------------------------- households

# What a digital-address code may hold once spaces are gone: Vpostcode is 12 letters and digits; the
# national platform's and other schemes' codes add dashes, dots or slashes. No final format exists.
ADDRESS_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9./-]{2,39}$")


def address_key(code: str) -> str:
    """A code as it is compared and kept: without spaces, in capitals ("qng 7788 12" is "QNG778812")."""
    return "".join((code or "").split()).upper()


@dataclass
class HouseholdInput:
    address_code: str = ""
    address_scheme: str = ""
    name: str = ""
    head_is_citizen: bool = False  # the citizen of the record is the head of the household

    @property
    def is_empty(self) -> bool:
        return not (self.address_code.strip() or self.name.strip() or self.head_is_citizen)


def household_input_errors(data: HouseholdInput) -> dict[str, list[str]]:
    """Field errors, in Vietnamese, for the household block of a record."""
    errors: dict[str, list[str]] = {}
    code = address_key(data.address_code)
    if code and not ADDRESS_CODE_RE.match(code):
        errors["address_code"] = [_("A digital address code has 3 to 40 letters and digits (dashes, dots and "
                                    "slashes allowed).")]
    if code and not data.address_scheme:
        errors["address_scheme"] = [_("Say which system the digital address code comes from.")]
    if data.address_scheme and data.address_scheme not in AddressScheme.values:
        errors["address_scheme"] = [_("Unknown digital address system.")]
    return errors


def household_resolve(*, village: OrgUnit, data: HouseholdInput | None, head: Citizen | None,
                      kind: str = HouseholdKind.HOUSEHOLD) -> Household | None:
    """The household behind a record, found again within the record's commune (call after the checks).

    The same household counts once: found by its digital-address code (compared without spaces and
    case), else by its head (the commune's copy of the citizen, which its CCCD finds again), else it is
    a new household of its own. A code is looked for in the commune and the communes merged into it.
    A code found on a household without head or name fills them in; nothing else is overwritten.
    """
    if data is None or data.is_empty:
        return None
    code = address_key(data.address_code)
    name = " ".join(data.name.split())[:160]
    head = head if data.head_is_citizen else None
    commune = village.parent
    if code:
        found = _household_by_code(commune=commune, code=code)
        if found is None and head is not None and head.cccd_hash:
            found = _household_by_head(commune=commune, head=head, without_code=True)
        if found is not None:
            return _household_fill(found, code=code, scheme=data.address_scheme, head=head, name=name)
    elif head is not None and head.cccd_hash:
        found = _household_by_head(commune=commune, head=head)
        if found is not None:
            return _household_fill(found, head=head, name=name)
    elif kind != HouseholdKind.HOUSEHOLD and name:
        # A business is known by its name or tax code (domain.md): the same one typed again, whatever
        # its diacritics or case, is the same business of the commune.
        found = (Household.objects.filter(village_id__in=villages_within(unit=commune), kind=kind,
                                          name_folded=fold(name)).order_by("pk").first())
        if found is not None:
            return found
    return Household.objects.create(
        village=village, kind=kind, name=name or (head.full_name if head is not None else ""),
        digital_address=code, address_scheme=data.address_scheme if code else "", head=head)


def _household_by_code(*, commune: OrgUnit, code: str) -> Household | None:
    # Stored codes are kept as address_key() makes them; older ones typed otherwise are matched too.
    candidates = Household.objects.filter(village_id__in=villages_within(unit=commune)).exclude(digital_address="")
    exact = candidates.filter(digital_address=code).order_by("pk").first()
    if exact is not None:
        return exact
    loose = candidates.filter(digital_address__iexact=code).order_by("pk").first()
    if loose is not None:
        return loose
    return next((h for h in candidates.filter(digital_address__contains=" ").order_by("pk")
                 if address_key(h.digital_address) == code), None)


def _household_by_head(*, commune: OrgUnit, head: Citizen, without_code: bool = False) -> Household | None:
    found = Household.objects.filter(village_id__in=villages_within(unit=commune), head=head)
    if without_code:
        found = found.filter(digital_address="")
    return found.order_by("pk").first()


def _household_fill(household: Household, *, code: str = "", scheme: str = "", head: Citizen | None = None,
                    name: str = "") -> Household:
    changed = []
    if code and not household.digital_address:
        household.digital_address, household.address_scheme = code, scheme
        changed += ["digital_address", "address_scheme"]
    if head is not None and household.head_id is None:
        household.head = head
        changed.append("head")
    if name and not household.name:
        household.name = name
        changed += ["name", "name_folded"]
    if changed:
        household.save(update_fields=changed)
    return household

"""Realistic synthetic assistance records, in bulk, for benchmarks and demos.

Fast by design: no per-row signals, services or audit events; rows go in with bulk_create in
batches inside one transaction per batch. Citizens are drawn from a pool per commune so that
the same person is helped several times, as in the field; a few people are known to two communes
(each commune its own copy, one Person), so that the province counts them once.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from accounts.models import Role, User
from catalog.models import Counts, ServiceType
from citizens.cccd import cccd_hash
from citizens.models import AddressScheme, Citizen, Household, HouseholdKind, Person
from orgunits.models import REFORM_FIRST_DAY, OrgUnit
from periods.periods import local_tz
from records.models import AssistanceRecord, Outcome, OutcomeReason, Place, Status
from teams.models import Team

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Ngọc", "Thanh", "Hữu", "Thu", "Quốc", "Xuân", "Hồng", "Kim"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh",
         "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
# Rough shares of the work teams report: identity first, then public services and payments.
SERVICE_WEIGHTS = {"vneid_l2": 26, "vneid_l1": 8, "dvctt": 16, "e_payment": 11, "cashless": 6, "digital_address": 7,
                   "digital_signature": 3, "ehealth": 8, "ecommerce": 2, "digital_skills": 6, "binh_dan_hoc_vu_so": 5,
                   "other": 2}
OUTCOMES = [(Outcome.SUCCESS, 82), (Outcome.PENDING, 11), (Outcome.FAILED, 7)]
STATUSES = [(Status.APPROVED, 72), (Status.SUBMITTED, 18), (Status.RETURNED, 5), (Status.REJECTED, 5)]
PLACES = [(Place.HOME, 55), (Place.VILLAGE_HALL, 25), (Place.COMMUNE_OFFICE, 15), (Place.OTHER, 5)]
REASONS = [OutcomeReason.NO_SIGNAL, OutcomeReason.CHIP_MISSING, OutcomeReason.NO_SMARTPHONE,
           OutcomeReason.SYSTEM_ERROR, OutcomeReason.MISSING_PAPERS]
PROVIDERS = ["VNPT Money", "Viettel Money", "MoMo", "Agribank", "Vietcombank"]
PROCEDURES = ["Đăng ký khai sinh", "Đăng ký thường trú", "Cấp phiếu lý lịch tư pháp", "Đăng ký kết hôn",
              "Cấp đổi giấy phép lái xe"]
MEMBERS_PER_TEAM = 3
BATCH = 5000


def _fast_insert(model, objs) -> None:
    """INSERT with executemany: the ORM's per-batch SQL compilation costs more than the rows themselves."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                f.pre_save(obj, add=True)
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    table = conn.ops.quote_name(model._meta.db_table)
    columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    prep = [(f.attname, f.get_db_prep_save) for f in fields]
    rows = [tuple(p(getattr(obj, a), conn) for a, p in prep) for obj in objs]
    with conn.cursor() as cursor:
        cursor.executemany(sql, rows)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return lambda: rng.choices(values, weights)[0]


def _ensure_members(rng: random.Random) -> list[User]:
    """At least three members on every village team, so records spread over many hands."""
    unusable = make_password(None)
    members = []
    for team in Team.objects.filter(unit__level="village", is_active=True).select_related("unit", "commune"):
        existing = list(User.objects.filter(team=team, role__in=[Role.MEMBER, Role.LEADER], is_active=True))
        for n in range(len(existing), MEMBERS_PER_TEAM):
            existing.append(User.objects.create(
                username=f"tv.{team.pk}.{n + 1}", password=unusable, role=Role.MEMBER, team=team,
                first_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)}", last_name=rng.choice(GIVEN),
                position="Tổ viên"))
        members.extend(existing)
    return members


def _current_province(province: OrgUnit) -> int:
    """The province as it is today: people are recognised within it, before and after the merger."""
    seen = {province.pk}
    while province.successor_id and province.successor_id not in seen:
        seen.add(province.successor_id)
        province = province.successor
    return province.pk


def _person_name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _cccd(rng: random.Random, birth_year: int) -> str:
    century_digit = (0 if birth_year < 2000 else 2) + rng.randint(0, 1)
    return f"{rng.randint(1, 96):03d}{century_digit}{birth_year % 100:02d}{rng.randint(0, 999_999):06d}"


def _citizen_pools(rng: random.Random, province: OrgUnit, communes: list[int], size: int,
                   now) -> dict[int, list[tuple[int, int]]]:
    """`size` people of a province, each recorded by one commune (a few by two), as (citizen, person) per commune.

    Identity is local: each commune has its own copy of a person, and copies with the same CCCD
    number share one Person. A CCCD met before (in this run or an earlier one) is the same person.
    """
    people: dict[str | int, dict] = {}
    for i in range(size):
        birth_year = rng.randint(1940, 2007)
        number = _cccd(rng, birth_year) if rng.random() < 0.6 else ""
        where = {rng.choice(communes)}
        if number and len(communes) > 1 and rng.random() < 0.1:
            where.add(rng.choice(communes))  # helped in a second commune too: counted once in the province
        people[cccd_hash(number) if number else i] = {
            "name": _person_name(rng), "birth_year": birth_year, "gender": rng.choice(["male", "female"]),
            "last": number[-4:], "communes": where}
    hashes = [k for k in people if isinstance(k, str)]
    persons: dict[str | int, int] = {}
    for start in range(0, len(hashes), 500):
        persons.update(Person.objects.filter(province=province, cccd_hash__in=hashes[start:start + 500])
                       .values_list("cccd_hash", "pk"))
    new = [k for k in people if k not in persons]
    made = Person.objects.bulk_create([Person(province=province, cccd_hash=k if isinstance(k, str) else None)
                                       for k in new], batch_size=BATCH)
    persons.update({k: p.pk for k, p in zip(new, made, strict=True)})

    known: dict[tuple[int, str], int] = {}
    for start in range(0, len(hashes), 500):
        for commune, digest, pk in Citizen.objects.filter(
                commune_id__in=communes, cccd_hash__in=hashes[start:start + 500]).values_list(
                "commune_id", "cccd_hash", "pk"):
            known[(commune, digest)] = pk
    pools: dict[int, list[tuple[int, int]]] = {c: [] for c in communes}
    rows, slots = [], []
    for key, p in people.items():
        for commune in p["communes"]:
            if (commune, key) in known:
                pools[commune].append((known[(commune, key)], persons[key]))
                continue
            rows.append(Citizen(commune_id=commune, person_id=persons[key], full_name=p["name"],
                                name_folded=_fold(p["name"]), birth_year=p["birth_year"], gender=p["gender"],
                                cccd_hash=key if isinstance(key, str) else None, cccd_last_digits=p["last"],
                                consent_given_at=now))
            slots.append(commune)
    for commune, citizen in zip(slots, Citizen.objects.bulk_create(rows, batch_size=BATCH), strict=True):
        pools[commune].append((citizen.pk, citizen.person_id))
    return pools


def _fold(name: str) -> str:
    from citizens.text import fold

    return fold(name)


def generate_records(*, count: int, seed: int | None = None, years: int = 2,
                     progress: Callable[[int], None] | None = None) -> int:
    """Add `count` records spread over the demo's villages, members, services, outcomes and statuses.

    Records dated before 1/7/2025 go to a former village that the member's village took in (and so to
    its former commune), as they would have been logged then.
    """
    rng = random.Random(seed)
    now = timezone.now()
    members = _ensure_members(rng)
    if not members:
        raise RuntimeError("No village team has members: run load_demo first.")
    services = {s.code: s for s in ServiceType.objects.filter(is_active=True)}
    service_codes = [c for c in SERVICE_WEIGHTS if c in services]
    weights = [SERVICE_WEIGHTS[c] for c in service_codes]
    officers = {u.unit_id: u.pk for u in User.objects.filter(role=Role.OFFICER)}
    fallback_reviewer = User.objects.filter(is_superuser=True).values_list("pk", flat=True).first()
    every_village = {v.pk: v for v in OrgUnit.objects.villages().select_related("parent", "parent__province")}
    villages = {pk: v for pk, v in every_village.items() if v.valid_to is None}
    # Help given before the 2025 merger was logged in the village as it was then, in its former commune.
    former: dict[int, list[OrgUnit]] = {}
    for v in every_village.values():
        if v.successor_id in villages:
            former.setdefault(v.successor_id, []).append(v)
    merged_on = datetime.datetime.combine(REFORM_FIRST_DAY, datetime.time(), tzinfo=local_tz())
    outcome_of, status_of, place_of = (_weighted(rng, OUTCOMES), _weighted(rng, STATUSES), _weighted(rng, PLACES))
    span = datetime.timedelta(days=365 * years).total_seconds()

    # A pool of people per (current) province, about one person for every 1.6 visits, recorded by its
    # communes, former ones included: a person is recognised within the province before and after the merger.
    province_of = {pk: _current_province(v.parent.province) for pk, v in every_village.items()}
    communes: dict[int, set[int]] = {}
    for pk, v in every_village.items():
        communes.setdefault(province_of[pk], set()).add(v.parent_id)
    pool_size = max(50, int(count / 1.6 / max(len(communes), 1)))
    pools: dict[int, list[tuple[int, int]]] = {}
    households: dict[int, list[int]] = {}
    with transaction.atomic():
        for province in OrgUnit.objects.filter(pk__in=communes):
            pools.update(_citizen_pools(rng, province, sorted(communes[province.pk]), pool_size, now))
        per_village = max(20, count // 40 // max(len(villages), 1))
        rows = []
        for village in every_village.values():
            for i in range(per_village):
                kind = HouseholdKind.HOUSEHOLD if i % 10 else HouseholdKind.BUSINESS
                rows.append(Household(village=village, kind=kind, name=(n := _person_name(rng)), name_folded=_fold(n),
                                      digital_address=f"{village.pk:04d}{i:08d}", address_scheme=AddressScheme.VPOSTCODE))
        for h in Household.objects.bulk_create(rows, batch_size=BATCH):
            households.setdefault(h.village_id, []).append(h.pk)

    made = 0
    while made < count:
        size = min(BATCH, count - made)
        batch = []
        for _ in range(size):
            member = rng.choice(members)
            team_village = villages.get(member.team.unit_id)
            village = team_village or rng.choice(list(villages.values()))
            service = services[rng.choices(service_codes, weights)[0]]
            outcome = outcome_of()
            status = status_of()
            occurred = now - datetime.timedelta(seconds=rng.random() * span)
            if occurred < merged_on and village.pk in former:
                village = rng.choice(former[village.pk])
            reviewed = status != Status.SUBMITTED
            record = AssistanceRecord(
                client_uuid=uuid.uuid4(),  # never from the seed: a second run must not collide
                service_type=service, outcome=outcome,
                outcome_reason="" if outcome == Outcome.SUCCESS else rng.choice(REASONS),
                village_id=village.pk, commune_id=village.parent_id, team_id=member.team_id, member_id=member.pk,
                occurred_at=occurred, place=place_of(),
                status=status,
                review_reason="" if status in (Status.APPROVED, Status.SUBMITTED) else "Thiếu thông tin, đề nghị bổ sung",
                reviewed_by_id=(officers.get(village.parent_id) or officers.get(member.team.commune_id)
                                or fallback_reviewer) if reviewed else None,
                reviewed_at=occurred + datetime.timedelta(days=2) if reviewed else None,
            )
            if service.counts == Counts.PERSON:
                if rng.random() < 0.85 and pools[village.parent_id]:
                    record.citizen_id, record.person_id = rng.choice(pools[village.parent_id])
            else:
                record.household_id = rng.choice(households[village.pk])
            if service.asks_procedure:
                record.procedure_name = rng.choice(PROCEDURES)
                record.application_code = f"H{rng.randint(10**9, 10**10 - 1)}"
            if service.asks_provider:
                record.payment_provider = rng.choice(PROVIDERS)
            batch.append(record)
        with transaction.atomic():
            _fast_insert(AssistanceRecord, batch)
        made += size
        if progress:
            progress(size)
    return made

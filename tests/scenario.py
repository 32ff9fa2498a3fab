"""A small hand-counted world for the indicator engine, exports and pages (see test_indicator_engine.py).

Province P > district D > communes A (merged into B on 1/7/2025) and B; villages A1 (in A), B1, B2.
Twenty-three records over 2024–2025 with duplicates, pending, returned, rejected and failed records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Role, User
from catalog.models import ServiceType
from citizens.models import Citizen, Household, Person
from indicators.models import Baseline, Denominator, Indicator, ManualFigure, Target
from orgunits.models import Level, OrgUnit
from records.models import AssistanceRecord
from teams.models import Team

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class World:
    province: OrgUnit
    district: OrgUnit
    a: OrgUnit
    b: OrgUnit
    a1: OrgUnit
    b1: OrgUnit
    b2: OrgUnit
    teams: dict
    indicators: dict
    services: dict
    records: dict
    officer: User
    other_officer: User
    viewer: User


def at(y, m, d, hh=12, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=VN)


def build_world() -> World:
    p = OrgUnit.objects.create(level=Level.PROVINCE, kind="tinh", name="Tỉnh Thử", code="99")
    d = OrgUnit.objects.create(level=Level.DISTRICT, kind="huyen", name="Huyện Thử", code="999", parent=p,
                               valid_to=datetime.date(2025, 6, 30))
    b = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Bình An", code="99002", parent=d)
    a = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="An Hòa", code="99001", parent=d,
                               valid_to=datetime.date(2025, 6, 30), successor=b)
    a1 = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn An 1", parent=a)
    b1 = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Bình 1", parent=b)
    b2 = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Bình 2", parent=b)
    other_p = OrgUnit.objects.create(level=Level.PROVINCE, kind="tinh", name="Tỉnh Khác", code="98")
    other_c = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Xã Khác", code="98001", parent=other_p)

    teams = {k: Team.objects.create(unit=v, name=f"Tổ CNSCĐ {v.name}") for k, v in (("a1", a1), ("b1", b1), ("b2", b2))}
    members = {k: User.objects.create_user(f"member.{k}", role=Role.MEMBER, team=t,
                                           first_name=f"Tổ viên {k}")
               for k, t in teams.items()}
    officer = User.objects.create_user("officer.binhan", role=Role.OFFICER, unit=b)
    other_officer = User.objects.create_user("officer.khac", role=Role.OFFICER, unit=other_c)
    viewer = User.objects.create_user("viewer.thu", role=Role.VIEWER, unit=p)

    services = {
        "eid": ServiceType.objects.create(code="t_eid", name="Kích hoạt VNeID", short_name="VNeID", counts="person"),
        "pay": ServiceType.objects.create(code="t_pay", name="Mở ví điện tử", short_name="Ví", counts="person"),
        "addr": ServiceType.objects.create(code="t_addr", name="Gắn địa chỉ số", short_name="Địa chỉ",
                                           counts="household"),
    }
    inds = {
        "eid": Indicator.objects.create(code="t_eid", name="Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử",
                                        denominator_kind="adults_18", counts="person", sort_order=1),
        "pay": Indicator.objects.create(code="t_pay", name="Tỷ lệ dân số có tài khoản thanh toán điện tử",
                                        denominator_kind="population", counts="person", sort_order=2),
        "addr": Indicator.objects.create(code="t_addr", name="Tỷ lệ hộ gia đình có địa chỉ số",
                                         denominator_kind="households", counts="household", sort_order=3),
        "fibre": Indicator.objects.create(code="t_fibre", name="Tỷ lệ hộ gia đình kết nối Internet cáp quang",
                                          denominator_kind="households", counts="household", source="manual",
                                          sort_order=4),
    }
    for k in ("eid", "pay", "addr"):
        inds[k].service_types.set([services[k]])

    for village, figures in ((a1, {2024: (1000, 700, 250), 2025: (1000, 720, 250)}),
                             (b1, {2024: (2000, 1500, 500), 2025: (2100, 1600, 520)}),
                             (b2, {2024: (1000, 800, 300), 2025: (1000, 800, 300)})):
        for year, (pop, adults, households) in figures.items():
            for kind, value in (("population", pop), ("adults_18", adults), ("households", households)):
                Denominator.objects.create(unit=village, year=year, kind=kind, value=value)
    Baseline.objects.create(indicator=inds["eid"], unit=a, as_of=datetime.date(2024, 1, 1), value=50)
    Baseline.objects.create(indicator=inds["eid"], unit=b, as_of=datetime.date(2024, 1, 1), value=100)
    ManualFigure.objects.create(indicator=inds["fibre"], unit=b, as_of=datetime.date(2024, 12, 31), value=400)
    ManualFigure.objects.create(indicator=inds["fibre"], unit=b, as_of=datetime.date(2025, 12, 31), value=600)
    Target.objects.create(indicator=inds["eid"], unit=b, year=2024, comparison="gte", percent=Decimal(40))
    Target.objects.create(indicator=inds["eid"], unit=b, year=2025, comparison="gte", percent=Decimal(50))
    Target.objects.create(indicator=inds["pay"], unit=b, year=2025, comparison="gt", percent=Decimal(10))
    Target.objects.create(indicator=inds["addr"], unit=b, year=2025, comparison="gte", percent=Decimal(100))

    consent = timezone.now()
    persons = {i: Person.objects.create(province=p) for i in range(1, 7)}
    copies: dict[tuple[int, int], Citizen] = {}

    def copy_of(i: int | None, commune: OrgUnit) -> Citizen | None:
        """Commune's own copy of person i (identity is local; the Person links the copies for counting)."""
        if i is None:
            return None
        if (i, commune.pk) not in copies:
            copies[(i, commune.pk)] = Citizen.objects.create(
                commune=commune, person=persons[i], full_name=f"Nguyễn Văn Dân {i}", birth_year=1980 + i,
                consent_given_at=consent)
        return copies[(i, commune.pk)]

    h = {1: Household.objects.create(village=b2, name="Hộ Trần Thị Một"),
         2: Household.objects.create(village=b1, name="Hộ Lê Văn Hai")}
    rows = {  # n: (service, citizen, household, village, date, status, outcome)
        1: ("eid", 1, None, "a1", at(2024, 3, 10), "approved", "success"),
        2: ("eid", 1, None, "a1", at(2024, 3, 20), "approved", "success"),
        3: ("eid", 2, None, "a1", at(2024, 5, 5), "approved", "success"),
        4: ("eid", None, None, "b1", at(2024, 5, 6), "approved", "success"),
        5: ("eid", 3, None, "b1", at(2024, 8, 1), "submitted", "success"),
        6: ("eid", 4, None, "b1", at(2024, 8, 2), "approved", "pending"),
        7: ("pay", 1, None, "b1", at(2024, 9, 15), "approved", "success"),
        8: ("pay", 5, None, "b2", at(2024, 11, 30), "returned", "success"),
        9: ("addr", 2, 1, "b2", at(2024, 12, 1), "approved", "success"),
        10: ("addr", 6, 1, "b2", at(2024, 12, 15), "approved", "success"),
        11: ("addr", None, None, "b2", at(2024, 12, 20), "approved", "success"),
        12: ("eid", 1, None, "b1", at(2025, 1, 10), "approved", "success"),
        13: ("eid", 3, None, "b1", at(2025, 2, 1), "approved", "success"),
        14: ("eid", 3, None, "b2", at(2025, 2, 3), "approved", "success"),
        15: ("eid", None, None, "b2", at(2025, 7, 1), "approved", "success"),
        16: ("eid", None, None, "b2", at(2025, 7, 2), "approved", "failed"),
        17: ("pay", 2, None, "a1", at(2025, 3, 3), "approved", "success"),
        18: ("pay", 2, None, "a1", at(2025, 4, 4), "rejected", "success"),
        19: ("pay", 6, None, "b1", at(2025, 10, 10), "approved", "success"),
        20: ("addr", None, 2, "b1", at(2025, 6, 30), "approved", "success"),
        21: ("addr", 2, 1, "b2", at(2025, 8, 8), "approved", "success"),
        22: ("eid", 5, None, "b1", at(2025, 12, 31, 23, 30), "approved", "success"),
        23: ("eid", 4, None, "a1", at(2024, 1, 1, 0, 30), "approved", "success"),
    }
    villages = {"a1": a1, "b1": b1, "b2": b2}
    records = {}
    for n, (service, citizen, household, village, when, status, outcome) in rows.items():
        reviewed = status != "submitted"
        records[n] = AssistanceRecord.objects.create(
            service_type=services[service], citizen=copy_of(citizen, villages[village].parent),
            household=h.get(household),
            village=villages[village], commune_id=villages[village].parent_id, team=teams[village],
            member=members[village], occurred_at=when, status=status, outcome=outcome,
            outcome_reason="" if outcome == "success" else "other",
            review_reason="Thiếu thông tin" if status in ("returned", "rejected") else "",
            reviewed_by=officer if reviewed else None, reviewed_at=timezone.now() if reviewed else None,
            note="Ghi chú", application_code="=HYPERLINK(\"http://x\")" if n == 7 else "",
        )
    return World(p, d, a, b, a1, b1, b2, teams, inds, services, records, officer, other_officer, viewer)

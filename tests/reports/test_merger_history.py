"""The 2025 merger in the figures (demo): xã Hưng Đạo was split between xã Đại Sơn and xã Tân Kỳ.

Help logged in a former village before 1/7/2025 stays in the former commune, counts in the commune
that took the village in, and the former commune stays reportable as it was.
"""

from __future__ import annotations

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest

from catalog.models import ServiceType
from orgunits.models import Level, OrgUnit
from records.services import record_create
from review.services import record_decide
from teams.models import Team

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def commune(name: str, *, former: bool = False) -> OrgUnit:
    return OrgUnit.objects.get(level=Level.COMMUNE, name=name, valid_to__isnull=not former,
                               province__name__in=["Hải Dương", "Hải Phòng"])


def village(commune_unit: OrgUnit, name: str) -> OrgUnit:
    return OrgUnit.objects.get(parent=commune_unit, name=name)


def villages_csv(client, unit: OrgUnit, query: str) -> dict[str, tuple[int, int]]:
    response = client.get(f"/reports/u/{unit.pk}/export.csv?table=villages&{query}")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]
    return {name: (int(people), int(visits)) for _rank, name, people, visits in rows}


@pytest.fixture
def logged(user):
    """Three approved records of member.hungdao: two in former villages of Hưng Đạo (one that went to
    Tân Kỳ), one in Đại Sơn in 2026."""
    member, officer = user("member.hungdao"), user("officer.hungdao")
    hung_dao, dai_son = commune("Hưng Đạo", former=True), commune("Đại Sơn")
    service = ServiceType.objects.get(code="vneid_l2")
    made = {}
    for key, where, when in (("thon1_2025", village(hung_dao, "Thôn 1"), datetime.datetime(2025, 3, 10, 9, tzinfo=VN)),
                             ("thon4_2025", village(hung_dao, "Thôn 4"), datetime.datetime(2025, 4, 10, 9, tzinfo=VN)),
                             ("daison_2026", village(dai_son, "Thôn 1"), datetime.datetime(2026, 2, 1, 9, tzinfo=VN))):
        record = record_create(member=member, service_type=service, village=where, occurred_at=when)
        made[key] = record_decide(record=record, by=officer, status="approved")
    return made


def test_the_demo_split_is_visible(demo):
    hung_dao, dai_son, tan_ky = commune("Hưng Đạo", former=True), commune("Đại Sơn"), commune("Tân Kỳ")
    assert hung_dao.successor == dai_son and hung_dao.code == dai_son.code == "11086"
    went = {v.name: v.successor.parent for v in OrgUnit.objects.filter(parent=hung_dao).select_related("successor")}
    assert went == {"Thôn 1": dai_son, "Thôn 2": dai_son, "Thôn 3": dai_son, "Thôn 4": tan_ky, "Thôn 5": tan_ky}


def test_pre_merger_help_stays_in_the_former_commune_and_counts_in_the_commune_that_took_it_in(web, logged):
    assert logged["thon1_2025"].commune == commune("Hưng Đạo", former=True)
    client = web("admin")
    hung_dao, dai_son, tan_ky = commune("Hưng Đạo", former=True), commune("Đại Sơn"), commune("Tân Kỳ")
    for query in ("period=2025", "from=2025-01-01&to=2025-12-31"):  # summary table and live count agree
        assert villages_csv(client, dai_son, query) == {"Thôn 1": (1, 1), "Thôn 2": (0, 0), "Thôn 3": (0, 0)}
        assert villages_csv(client, tan_ky, query) == {"Thôn 4": (1, 1), "Thôn 5": (0, 0)}
        # the former commune, as it was: its five villages, its own history only
        assert villages_csv(client, hung_dao, query) == {
            "Thôn 1": (1, 1), "Thôn 2": (0, 0), "Thôn 3": (0, 0), "Thôn 4": (1, 1), "Thôn 5": (0, 0)}
    assert villages_csv(client, dai_son, "period=2026")["Thôn 1"] == (1, 1)
    assert villages_csv(client, hung_dao, "period=2026")["Thôn 1"] == (0, 0)
    hai_phong = dai_son.province
    province = villages_csv(client, hai_phong, "from=2025-01-01&to=2026-12-31")
    assert province == {"Xã Đại Sơn": (2, 2), "Xã Tân Kỳ": (1, 1)}  # only the communes of today


def test_the_officer_reads_the_former_commune_as_it_was_and_others_do_not(web, logged):
    hung_dao = commune("Hưng Đạo", former=True)
    page = web("officer.hungdao").get(f"/reports/u/{hung_dao.pk}/?period=2025")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Xã Đại Sơn · Hải Phòng" in html  # where its figures count now
    own = web("officer.hungdao").get(f"/reports/u/{commune('Đại Sơn').pk}/?period=2025").content.decode()
    assert "Xã Hưng Đạo · Hải Dương" in own  # the history it includes, one click away
    assert web("officer.chanhlo").get(f"/reports/u/{hung_dao.pk}/?period=2025").status_code == 404


def test_an_administrator_moves_a_village_of_a_split_commune_and_the_figures_follow(web, logged):
    dai_son, tan_ky = commune("Đại Sơn"), commune("Tân Kỳ")
    moved = village(tan_ky, "Thôn 4")
    client = web("admin")
    response = client.post(f"/admin/orgunits/orgunit/{moved.pk}/change/", {
        "level": "village", "kind": "thon", "name": "Thôn 4", "code": "", "parent": dai_son.pk,
        "valid_from": "01/07/2025", "valid_to": "", "successor": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert villages_csv(client, dai_son, "period=2025")["Thôn 4"] == (1, 1)
    assert villages_csv(client, tan_ky, "period=2025") == {"Thôn 5": (0, 0)}
    team = Team.objects.get(unit=moved)
    assert team.commune == dai_son

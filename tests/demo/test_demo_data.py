"""`load_demo` and `generate_records`, run the way an operator runs them."""

from __future__ import annotations

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Role, User
from orgunits.models import OrgUnit
from records.models import AssistanceRecord, Status

CONTRACT_USERS = {
    "admin": Role.ADMIN, "viewer.quangngai": Role.VIEWER,
    "officer.chanhlo": Role.OFFICER, "officer.tinhlong": Role.OFFICER, "officer.ngoctrao": Role.OFFICER,
    "officer.hungdao": Role.OFFICER, "leader.chanhlo": Role.LEADER, "leader.ngoctrao": Role.LEADER,
    "member.chanhlo": Role.MEMBER, "member.tinhlong": Role.MEMBER, "member.ngoctrao": Role.MEMBER,
    "member.hungdao": Role.MEMBER,
}


def _row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


@pytest.mark.django_db
def test_the_demo_loads_twice_without_duplicating_anything():
    call_command("load_demo", stdout=StringIO())
    first = _row_counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _row_counts() == first
    assert "0 rows created, 0 updated" in out.getvalue()
    assert first["orgunits.OrgUnit"] > 20 and first["indicators.Target"] >= 20


@pytest.mark.django_db
def test_loading_the_demo_again_restores_changed_and_deleted_figures():
    from indicators.models import Denominator

    call_command("load_demo", stdout=StringIO())
    first = _row_counts()
    changed = Denominator.objects.order_by("pk").first()
    original = changed.value
    Denominator.objects.filter(pk=changed.pk).update(value=original + 1)
    Denominator.objects.order_by("-pk").first().delete()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "1 rows created, 1 updated" in out.getvalue()
    assert _row_counts() == first
    assert Denominator.objects.get(pk=changed.pk).value == original


def test_every_contract_user_exists_with_its_role_and_the_demo_password(demo):
    for username, role in CONTRACT_USERS.items():
        u = User.objects.get(username=username)
        assert u.role == role
        assert u.check_password("Demo@2026")
    assert User.objects.get(username="viewer.quangngai").unit.name == "Quảng Ngãi"


def test_the_demo_users_work_in_the_communes_of_2026_four_distinct_ones(demo):
    expected = {"chanhlo": ("Phường Cẩm Thành", "Quảng Ngãi", "21025"), "tinhlong": ("Xã Tịnh Khê", "Quảng Ngãi", "21211"),
                "ngoctrao": ("Phường Hạc Thành", "Thanh Hóa", "14797"), "hungdao": ("Xã Đại Sơn", "Hải Phòng", "11086")}
    for slug, (name, province, code) in expected.items():
        officer = User.objects.get(username=f"officer.{slug}")
        unit = officer.unit
        assert (unit.full_name, unit.province.name, unit.code, unit.valid_to) == (name, province, code, None)
        assert User.objects.get(username=f"member.{slug}").team.commune == unit
    assert len({User.objects.get(username=f"officer.{slug}").unit_id for slug in expected}) == 4
    assert User.objects.get(username="leader.ngoctrao").team.commune.full_name == "Phường Hạc Thành"
    # each officer's commune took in the seed commune of the same name, which is kept as a former unit
    for slug, former in (("chanhlo", "Chánh Lộ"), ("tinhlong", "Tịnh Long"), ("ngoctrao", "Ngọc Trạo"),
                         ("hungdao", "Hưng Đạo")):
        old = OrgUnit.objects.get(level="commune", name=former)
        assert old.valid_to == datetime.date(2025, 6, 30) and old.successor == User.objects.get(
            username=f"officer.{slug}").unit
        assert old.parent.level == "district" and old.parent.valid_to == datetime.date(2025, 6, 30)


def test_the_demo_targets_are_those_the_communes_set(demo):
    from indicators.models import Target

    hungdao = Target.objects.get(unit__name="Hưng Đạo", indicator__code="eid_adults", year=2023)
    assert (hungdao.comparison, hungdao.percent) == ("gt", 95)
    tinhlong = Target.objects.get(unit__name="Tịnh Long", indicator__code="digital_signature", year=2024)
    assert tinhlong.percent == 30


def test_generate_records_adds_realistic_records_spread_over_the_demo(demo):
    out = StringIO()
    call_command("generate_records", "--count", "3000", "--seed", "7", "--no-progress", stdout=out)
    assert "3000 records added" in out.getvalue()
    records = AssistanceRecord.objects.all()
    assert records.count() == 3000
    merged_on = datetime.datetime(2025, 7, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    before, after = records.filter(occurred_at__lt=merged_on), records.filter(occurred_at__gte=merged_on)
    assert before.exists() and after.exists()
    # before 1/7/2025 in the four seed communes as they were; since then in the five communes of today
    assert set(before.values_list("commune__name", flat=True).distinct()) == {
        "Chánh Lộ", "Tịnh Long", "Ngọc Trạo", "Hưng Đạo"}
    assert not before.filter(commune__valid_to__isnull=True).exists()
    assert set(after.values_list("commune__name", flat=True).distinct()) == {
        "Cẩm Thành", "Tịnh Khê", "Hạc Thành", "Đại Sơn", "Tân Kỳ"}
    assert not after.filter(commune__valid_to__isnull=False).exists()
    assert records.values("village").distinct().count() >= 20
    assert records.values("member").distinct().count() >= 40
    assert records.values("service_type").distinct().count() >= 10
    assert set(records.values_list("status", flat=True).distinct()) == set(Status.values)
    assert records.filter(citizen__isnull=False).values("citizen").distinct().count() < \
        records.filter(citizen__isnull=False).count()  # people come back
    # every record sits in its member's team's village, or (before the merger) in the village it took in
    for r in records.select_related("team", "village")[:500]:
        assert r.village_id == r.team.unit_id or r.village.successor_id == r.team.unit_id
        assert r.commune_id == r.village.parent_id
    # the same seed again adds, never collides
    call_command("generate_records", "--count", "500", "--seed", "7", "--no-progress", stdout=StringIO())
    assert AssistanceRecord.objects.count() == 3500

"""manage.py summary_check: the summary table against a recount of the records, and --fix."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from accounts.models import User
from indicators.models import SummaryCell
from indicators.services import summary_rebuild
from indicators.summary_check import commune_batch, plan_all, summary_diff, summary_fix
from orgunits.models import OrgUnit
from records.models import Outcome, Status
from records.services import record_review
from tests.review_factories import fast_passwords, make_record  # noqa: F401
from tests.scenario import build_world

pytestmark = pytest.mark.usefixtures("fast_passwords")

CCCD = "051085123456"


def check(*args):
    """Run summary_check: (exit status, stdout)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("summary_check", *args, "--no-progress", stdout=out, stderr=err)
    except CommandError as exc:
        assert exc.returncode == 1
        return 1, out.getvalue()
    return 0, out.getvalue()


def table() -> dict:
    """The summary table's figures (a 0/0 cell is the same as no cell)."""
    return {(c.scope, c.kind, c.key, c.metric): (c.people, c.visits)
            for c in SummaryCell.objects.exclude(people=0, visits=0)}


def commune(code: str) -> OrgUnit:
    return OrgUnit.objects.get(level="commune", code=code, valid_to__isnull=True)


@pytest.fixture
def approved(demo):
    """Records in four communes of two provinces, reviewed by their officers: twice the same citizen,
    a household, a failure, a return, a rejection and one left waiting."""
    for username in ("member.chanhlo", "member.tinhlong", "member.ngoctrao", "member.hungdao"):
        make_record(username, name="Nguyễn Văn An", cccd=CCCD, birth_year=1985, status=Status.APPROVED, days_ago=40)
        make_record(username, name="Nguyễn Văn An", cccd=CCCD, birth_year=1985, status=Status.APPROVED, days_ago=3)
        make_record(username, service="dvctt", name="Trần Thị Bình", status=Status.APPROVED, days_ago=70)
        make_record(username, household_name="Hộ Lê Văn Cường", status=Status.APPROVED, days_ago=100)
        make_record(username, name="Phạm Văn Dũng", outcome=Outcome.FAILED, status=Status.APPROVED, days_ago=5)
        make_record(username, name="Võ Thị Em", status=Status.RETURNED, days_ago=6)
        make_record(username, name="Đỗ Văn Phúc", status=Status.REJECTED, days_ago=7)
        make_record(username, name="Hồ Thị Giang")
    assert SummaryCell.objects.exists()


def test_after_approvals_nothing_differs(approved):
    status, out = check()
    assert status == 0
    assert out.strip().splitlines() == [out.strip()]  # only the summary line
    assert f"Đã kiểm tra {SummaryCell.objects.count()} ô số liệu, 0 ô lệch" in out


def test_a_corrupted_table_is_reported_and_fixed_to_what_a_rebuild_gives(approved):
    camthanh = commune("21025")  # Cẩm Thành: Chánh Lộ was merged into it
    cell = SummaryCell.objects.get(scope=f"u{camthanh.pk}", kind="y", metric="all",
                                   key=str(SummaryCell.objects.filter(kind="y").order_by("-key").first().key))
    people, visits = cell.people, cell.visits
    SummaryCell.objects.filter(pk=cell.pk).update(people=people + 5, visits=visits + 2)
    member_cell = SummaryCell.objects.filter(scope__startswith="t", metric="m", kind="m").order_by("pk").first()
    team_name = User.objects.get(team_id=int(member_cell.scope[1:]), username__startswith="member.").team.name
    member_cell.delete()
    village = User.objects.get(username="member.tinhlong").team.unit
    SummaryCell.objects.create(scope=f"u{village.pk}", kind="m", key="2019-01", metric="all", people=3, visits=4)

    status, out = check()
    assert status == 1
    lines = out.strip().splitlines()
    assert len(lines) == 4, out
    assert (f"Cẩm Thành (21025) [u{camthanh.pk}] · y/{cell.key} · mọi dịch vụ: "
            f"bảng lưu {people + 5} người / {visits + 2} lượt, đếm lại {people} người / {visits} lượt") in lines
    assert (f"{team_name} [{member_cell.scope}] · m/{member_cell.key} · tổ viên hoạt động: "
            f"bảng lưu 0 người / 0 lượt, đếm lại {member_cell.people} người / 0 lượt") in lines
    assert (f"{village.name}, {village.parent.name} [u{village.pk}] · m/2019-01 · mọi dịch vụ: "
            f"bảng lưu 3 người / 4 lượt, đếm lại 0 người / 0 lượt") in lines
    assert "3 ô lệch" in lines[-1]

    status, out = check("--fix")
    assert status == 1  # it differed: the nightly job still alerts
    assert "Đã sửa 3 ô số liệu." in out
    assert check()[0] == 0
    fixed = table()
    summary_rebuild()
    assert fixed == table()


def test_a_fix_keeps_what_an_approval_changed_after_the_check(approved):
    camthanh = commune("21025")
    cells = SummaryCell.objects.filter(scope=f"u{camthanh.pk}", kind="h", metric="all")
    cells.update(people=F("people") + 7)
    found = summary_diff(commune=camthanh)
    assert found.diffs
    make_record("member.chanhlo", name="Lý Văn Hùng", status=Status.APPROVED, days_ago=2)  # moves those cells
    summary_fix(found.diffs)
    assert check()[0] == 0


def test_commune_checks_and_fixes_only_its_own_cells(approved):
    camthanh, daison = commune("21025"), commune("11086")  # Quảng Ngãi; Hải Phòng
    village = User.objects.get(username="member.chanhlo").team.unit  # a village of Cẩm Thành
    province = OrgUnit.objects.get(pk=camthanh.province_id)
    mine, other = {camthanh, village}, {daison, province}
    for unit in mine | other:
        assert SummaryCell.objects.filter(scope=f"u{unit.pk}", kind="y", metric="all").update(
            visits=F("visits") + 9) == 1

    def named(out):
        return {u for u in mine | other if f"[u{u.pk}]" in out}

    status, out = check("--commune", "21025")
    assert (status, named(out)) == (1, mine)
    assert "2 ô lệch" in out
    status, out = check("--commune", "11086")
    assert (status, named(out)) == (1, {daison})
    status, out = check()
    assert (status, named(out)) == (1, mine | other)

    status, out = check("--commune", "21025", "--fix")
    assert "Đã sửa 2 ô số liệu." in out
    assert check("--commune", "21025")[0] == 0
    status, out = check()
    assert (status, named(out)) == (1, other)
    check("--fix")
    assert check()[0] == 0


def test_an_unknown_commune_is_refused(demo):
    with pytest.raises(CommandError, match="Không có xã, phường nào mã 99999"):
        call_command("summary_check", "--commune", "99999", "--no-progress", stdout=io.StringIO())


def test_every_stored_cell_is_in_one_batch_and_a_commune_batch_is_the_same_alone(approved):
    plan = plan_all()
    seen: dict[str, int] = {}
    for i, batch in enumerate(plan):
        for scope in batch.all_scopes:
            assert scope not in seen, scope
            seen[scope] = i
    assert set(SummaryCell.objects.values_list("scope", flat=True)) <= set(seen)
    for unit in OrgUnit.objects.filter(level="commune", valid_to__isnull=True):
        alone = commune_batch(unit)
        batch = plan[seen[f"u{unit.pk}"]]
        assert (batch.scopes, batch.teams) == (alone.scopes, alone.teams)
        assert alone.villages <= batch.villages


def test_the_merged_commune_of_the_hand_counted_world(db):
    world = build_world()
    record_review(record=world.records[5], by=world.officer, status="approved")
    assert check()[0] == 0
    assert check("--commune", "99002")[0] == 0
    SummaryCell.objects.filter(scope=f"u{world.a.pk}", kind="y", key="2024", metric="all").update(people=0)
    SummaryCell.objects.filter(scope=f"t{world.teams['a1'].pk}", metric="m").delete()
    status, out = check("--commune", "99002")  # Bình An holds An Hòa's history and its village's team
    assert status == 1
    assert f"An Hòa (99001) [u{world.a.pk}] · y/2024 · mọi dịch vụ: bảng lưu 0 người" in out
    assert f"Tổ CNSCĐ Thôn An 1 [t{world.teams['a1'].pk}]" in out
    check("--commune", "99002", "--fix")
    assert check()[0] == 0

"""The commune officer's pages, through HTTP on the demo data."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from indicators.models import Baseline, Denominator, Indicator, Target
from orgunits.models import OrgUnit
from records.models import AssistanceRecord, Status
from teams.models import Team
from tests.review_factories import fast_passwords, make_record  # noqa: F401

pytestmark = pytest.mark.usefixtures("fast_passwords")

LIST = "/officer/records/"


def detail(record) -> str:
    return f"/officer/records/{record.client_uuid}/"


@pytest.fixture
def records(demo):
    return {
        "nguyen": make_record("member.chanhlo", name="Nguyễn Văn An", service="vneid_l2", days_ago=3),
        "tran": make_record("member.chanhlo", name="Trần Thị Bé", service="dvctt", outcome="failed", days_ago=10),
        "leader": make_record("leader.chanhlo", name="Lê Đức Cường", service="e_payment", status=Status.APPROVED),
        "other": make_record("member.tinhlong", name="Nguyễn Văn Tịnh", service="vneid_l2"),
    }


def uuids_in(response) -> set[str]:
    return {str(r.client_uuid) for r, _flags in response.context["rows"]}


def test_it_lists_only_the_officers_commune(web, records):
    response = web("officer.chanhlo").get(LIST)
    assert response.status_code == 200
    assert uuids_in(response) == {str(records[k].client_uuid) for k in ("nguyen", "tran", "leader")}
    assert "Nguyễn Văn Tịnh" not in response.content.decode()


def test_it_shows_counts_at_the_top(web, records):
    body = web("officer.chanhlo").get(LIST).content.decode()
    assert 'data-count="total">3<' in body
    assert 'data-count="submitted">2<' in body
    assert 'data-count="approved">1<' in body


def test_counts_stop_at_the_cap_and_say_so(web, records, monkeypatch):
    """A commune with 400,000 records is not counted row by row on every visit: each status up to the cap."""
    from review import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    response = web("officer.chanhlo").get(LIST)
    body = response.content.decode()
    assert 'data-count="submitted">1+<' in body and 'data-count="approved">1<' in body
    assert 'data-count="total">2+<' in body and 'data-count="rejected">0<' in body
    assert response.status_code == 200 and uuids_in(response)


@pytest.mark.parametrize("query", ["nguyen", "NGUYEN van", "Nguyễn", "nguyễn văn an", "van an"])
def test_name_search_ignores_diacritics(web, records, query):
    response = web("officer.chanhlo").get(LIST, {"q": query})
    assert uuids_in(response) == {str(records["nguyen"].client_uuid)}


def test_name_search_finds_d_with_stroke(web, records):
    response = web("officer.chanhlo").get(LIST, {"q": "duc cuong"})
    assert uuids_in(response) == {str(records["leader"].client_uuid)}


def test_it_filters_by_status_service_outcome_member_team_village(web, user, records):
    client = web("officer.chanhlo")
    assert uuids_in(client.get(LIST, {"status": "approved"})) == {str(records["leader"].client_uuid)}
    service = records["tran"].service_type_id
    assert uuids_in(client.get(LIST, {"service_type": service})) == {str(records["tran"].client_uuid)}
    assert uuids_in(client.get(LIST, {"outcome": "failed"})) == {str(records["tran"].client_uuid)}
    leader = user("leader.chanhlo")
    assert uuids_in(client.get(LIST, {"member": leader.pk})) == {str(records["leader"].client_uuid)}
    assert len(uuids_in(client.get(LIST, {"team": leader.team_id}))) == 3
    assert len(uuids_in(client.get(LIST, {"village": records["nguyen"].village_id}))) == 3
    empty_village = OrgUnit.objects.get(parent=records["nguyen"].commune, name="Tổ dân phố 5")
    assert uuids_in(client.get(LIST, {"village": empty_village.pk})) == set()


def test_filters_cannot_reach_another_commune(web, user, records):
    """A foreign team or village id is not a valid choice: the filter is refused, the scope stays."""
    client = web("officer.chanhlo")
    response = client.get(LIST, {"team": user("member.tinhlong").team_id})
    assert "team" in response.context["form"].errors
    assert str(records["other"].client_uuid) not in uuids_in(response)


def test_it_filters_by_date_range(web, records):
    client = web("officer.chanhlo")
    today = timezone.localdate()
    response = client.get(LIST, {"date_from": (today - datetime.timedelta(days=5)).isoformat(),
                                 "date_to": today.isoformat()})
    assert uuids_in(response) == {str(records["nguyen"].client_uuid), str(records["leader"].client_uuid)}
    response = client.get(LIST, {"date_to": (today - datetime.timedelta(days=7)).isoformat()})
    assert uuids_in(response) == {str(records["tran"].client_uuid)}


def test_it_paginates(web, demo):
    for i in range(53):
        make_record("member.chanhlo", days_ago=i % 20 + 1)
    client = web("officer.chanhlo")
    first = client.get(LIST)
    assert len(first.context["rows"]) == 50 and 'data-count="total">53<' in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["rows"]) == 3
    assert not uuids_in(first) & uuids_in(second)


def test_the_detail_shows_coordinates_and_history(web, demo):
    record = make_record("member.chanhlo", name="Phạm Hồng", latitude="15.123456", longitude="108.800001")
    body = web("officer.chanhlo").get(detail(record)).content.decode()
    assert "15.123456, 108.800001" in body
    assert "Phạm Hồng" in body
    assert "Đặng Minh Khoa" in body  # the member, as the author of the "created" event


def test_the_photo_is_served_only_in_scope(web, client, demo, settings, tmp_path):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG")
    record = make_record("member.chanhlo")
    record.photo.save("evidence.jpg", ContentFile(buffer.getvalue()))
    assert web("officer.chanhlo").get(detail(record) + "photo/").status_code == 200
    assert b"".join(web("officer.chanhlo").get(detail(record) + "photo/").streaming_content)[:2] == b"\xff\xd8"
    client.logout()
    assert web("officer.tinhlong").get(detail(record) + "photo/").status_code == 404


def test_approving_writes_the_audit_trail(web, user, records):
    record = records["nguyen"]
    response = web("officer.chanhlo").post(detail(record) + "approve/")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == Status.APPROVED and record.reviewed_by == user("officer.chanhlo")
    event = AuditEvent.objects.get(object_id=str(record.client_uuid), action="approve")
    assert event.actor == user("officer.chanhlo") and event.at is not None


def test_returning_needs_a_reason(web, records):
    record = records["nguyen"]
    client = web("officer.chanhlo")
    client.post(detail(record) + "return/", {"reason": "   "})
    record.refresh_from_db()
    assert record.status == Status.SUBMITTED
    client.post(detail(record) + "return/", {"reason": "Thiếu năm sinh"})
    record.refresh_from_db()
    assert (record.status, record.review_reason) == (Status.RETURNED, "Thiếu năm sinh")
    body = client.get(detail(record)).content.decode()
    assert "Thiếu năm sinh" in body and "trả lại" in body.lower()


def test_rejecting_with_a_reason(web, records):
    record = records["tran"]
    web("officer.chanhlo").post(detail(record) + "reject/", {"reason": "Trùng hồ sơ"})
    record.refresh_from_db()
    assert (record.status, record.review_reason) == (Status.REJECTED, "Trùng hồ sơ")
    assert AuditEvent.objects.filter(object_id=str(record.client_uuid), action="reject").exists()


def test_a_decided_record_is_not_decided_again(web, records):
    record = records["leader"]  # already approved
    web("officer.chanhlo").post(detail(record) + "reject/", {"reason": "Đổi ý"})
    record.refresh_from_db()
    assert record.status == Status.APPROVED


def test_review_actions_refuse_get(web, records):
    assert web("officer.chanhlo").get(detail(records["nguyen"]) + "approve/").status_code == 405


def test_review_actions_need_the_csrf_token(user, records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("officer.chanhlo"))
    assert client.post(detail(records["nguyen"]) + "approve/").status_code == 403
    records["nguyen"].refresh_from_db()
    assert records["nguyen"].status == Status.SUBMITTED


def test_bulk_approve_approves_the_submitted_records_of_the_filtered_page(web, records):
    client = web("officer.chanhlo")
    page = client.get(LIST, {"q": "nguyen"})
    uuids = page.context["submitted_on_page"]
    assert uuids == [str(records["nguyen"].client_uuid)]
    response = client.post("/officer/records/approve/",
                           {"uuids": uuids + [str(records["other"].client_uuid)], "query": "q=nguyen"})
    assert response.status_code == 302 and response["Location"].endswith("?q=nguyen")
    statuses = {k: AssistanceRecord.objects.get(pk=r.pk).status for k, r in records.items()}
    assert statuses == {"nguyen": "approved", "tran": "submitted", "leader": "approved", "other": "submitted"}


@pytest.mark.parametrize("username", ["member.chanhlo", "leader.chanhlo", "viewer.quangngai"])
def test_team_roles_and_viewers_are_refused(web, records, username):
    client = web(username)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(records["nguyen"])).status_code == 403
    assert client.post(detail(records["nguyen"]) + "approve/").status_code == 403


def test_anonymous_users_go_to_the_login_page(client, records):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# ------------------------------------------------------------------ teams and members


def test_an_officer_creates_a_village_team(web, demo):
    village = OrgUnit.objects.get(parent__name="Cẩm Thành", name="Tổ dân phố 3")
    response = web("officer.chanhlo").post("/officer/teams/", {"unit": village.pk, "name": "Tổ CNSCĐ số 2 TDP 3"})
    assert response.status_code == 302
    team = Team.objects.get(name="Tổ CNSCĐ số 2 TDP 3")
    assert team.commune.name == "Cẩm Thành"
    assert AuditEvent.objects.filter(object_type="teams.team", object_id=str(team.pk), action="create").exists()


def test_an_officer_cannot_create_a_team_in_another_commune(web, demo):
    village = OrgUnit.objects.get(parent__name="Tịnh Khê", name="Thôn 2")
    response = web("officer.chanhlo").post("/officer/teams/", {"unit": village.pk, "name": "Tổ lạ"})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Team.objects.filter(name="Tổ lạ").exists()


def test_adding_a_member_checks_the_password(web, user, demo):
    team = user("member.chanhlo").team
    client = web("officer.chanhlo")
    weak = {"m-username": "tv.moi", "m-first_name": "Võ", "m-last_name": "Minh", "m-role": "member",
            "m-password1": "12345678", "m-password2": "12345678", "m-position": ""}
    response = client.post(f"/officer/teams/{team.pk}/", weak)
    assert response.status_code == 200 and not User.objects.filter(username="tv.moi").exists()
    assert "phổ biến" in response.content.decode() or "số" in response.content.decode()
    good = {**weak, "m-password1": "Lua-Chin-2026", "m-password2": "Lua-Chin-2026"}
    assert client.post(f"/officer/teams/{team.pk}/", good).status_code == 302
    member = User.objects.get(username="tv.moi")
    assert (member.team, member.role, member.unit_id) == (team, "member", team.commune_id)
    assert member.check_password("Lua-Chin-2026")


def test_changing_a_role_and_deactivating_keeps_the_records(web, user, client, records):
    member = user("member.chanhlo")
    officer = web("officer.chanhlo")
    officer.post(f"/officer/members/{member.pk}/role/", {"role": "leader"})
    member.refresh_from_db()
    assert member.role == "leader"
    officer.post(f"/officer/members/{member.pk}/deactivate/")
    member.refresh_from_db()
    assert not member.is_active
    assert AssistanceRecord.objects.filter(member=member).count() == 2
    assert uuids_in(officer.get(LIST, {"member": member.pk})) == {
        str(records["nguyen"].client_uuid), str(records["tran"].client_uuid)}
    client.logout()
    assert not client.login(username="member.chanhlo", password="Demo@2026")


def test_an_officer_cannot_manage_another_communes_members(web, user, demo):
    foreign = user("member.tinhlong")
    client = web("officer.chanhlo")
    assert client.post(f"/officer/members/{foreign.pk}/deactivate/").status_code == 404
    assert client.post(f"/officer/members/{foreign.pk}/role/", {"role": "leader"}).status_code == 404
    assert client.get(f"/officer/teams/{foreign.team_id}/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_active and foreign.role == "member"


def test_officers_cannot_be_turned_into_leaders(web, user, demo):
    response = web("admin").post(f"/officer/members/{user('officer.chanhlo').pk}/role/", {"role": "leader"})
    assert response.status_code == 404
    assert user("officer.chanhlo").role == "officer"


# ------------------------------------------------------------------ denominators, baselines, targets


def test_a_denominator_cannot_be_negative(web, demo):
    village = OrgUnit.objects.get(parent__name="Cẩm Thành", name="Tổ dân phố 1")
    client = web("officer.chanhlo")
    data = {"unit": village.pk, "year": 2030, "kind": "households", "value": -5, "source_note": ""}
    response = client.post("/officer/figures/denominator/new/", data)
    assert response.status_code == 200 and "không được âm" in response.content.decode()
    assert client.post("/officer/figures/denominator/new/", {**data, "value": 420}).status_code == 302
    assert Denominator.objects.get(unit=village, year=2030, kind="households").value == 420


def test_a_baseline_cannot_exceed_its_denominator(web, demo):
    commune = OrgUnit.objects.get(name="Cẩm Thành", level="commune")
    indicator = Indicator.objects.filter(denominator_kind="households").first()
    Baseline.objects.filter(indicator=indicator, unit=commune).delete()
    total = sum(Denominator.objects.filter(unit__parent=commune, year=2026, kind="households")
                .values_list("value", flat=True))
    assert total > 0
    client = web("officer.chanhlo")
    data = {"indicator": indicator.pk, "unit": commune.pk, "as_of": "2026-01-01", "value": total + 1}
    response = client.post("/officer/figures/baseline/new/", data)
    assert response.status_code == 200 and "không được vượt quá" in response.content.decode()
    assert client.post("/officer/figures/baseline/new/", {**data, "value": total}).status_code == 302
    assert Baseline.objects.get(indicator=indicator, unit=commune).value == total


def test_a_target_is_edited_and_audited(web, demo):
    target = Target.objects.filter(unit__name="Cẩm Thành").first()
    client = web("officer.chanhlo")
    data = {"indicator": target.indicator_id, "unit": target.unit_id, "year": target.year,
            "comparison": "gte", "percent": "101", "source_note": ""}
    assert client.post(f"/officer/figures/target/{target.pk}/", data).status_code == 200
    assert client.post(f"/officer/figures/target/{target.pk}/", {**data, "percent": "88.5"}).status_code == 302
    target.refresh_from_db()
    assert str(target.percent) == "88.50"
    assert AuditEvent.objects.filter(object_type="indicators.target", object_id=str(target.pk),
                                     action="update").exists()


def test_figures_of_another_commune_are_out_of_reach(web, demo):
    foreign = Denominator.objects.filter(unit__parent__name="Tịnh Khê").first()
    client = web("officer.chanhlo")
    assert client.get(f"/officer/figures/denominator/{foreign.pk}/").status_code == 404
    assert "Tịnh Khê" not in client.get("/officer/figures/").content.decode()


# ------------------------------------------------------------------ audit view


def test_the_audit_view_filters(web, records):
    client = web("officer.chanhlo")
    client.post(detail(records["nguyen"]) + "return/", {"reason": "Sai năm sinh"})
    events = lambda **q: list(client.get("/officer/audit/", q).context["page"].object_list)  # noqa: E731
    assert {e.action for e in events(action="return")} == {"return"}
    by_officer = events(actor="officer.chanhlo")
    assert by_officer and all(e.actor.username == "officer.chanhlo" for e in by_officer)
    assert {e.object_id for e in events(object=str(records["nguyen"].client_uuid))} == {
        str(records["nguyen"].client_uuid)}
    assert events(date_to="2000-01-01") == []
    assert all(e.commune_id == records["nguyen"].commune_id for e in events())
    assert events(object_type="records.assistancerecord")


def test_a_returned_record_waits_for_the_member_but_may_be_rejected(web, records):
    record = records["nguyen"]
    client = web("officer.chanhlo")
    client.post(detail(record) + "return/", {"reason": "Thiếu ảnh"})
    body = client.get(detail(record)).content.decode()
    assert "Đang chờ thành viên sửa và gửi lại." in body and "/approve/" not in body
    client.post(detail(record) + "approve/")
    record.refresh_from_db()
    assert record.status == Status.RETURNED
    client.post(detail(record) + "reject/", {"reason": "Không bổ sung được"})
    record.refresh_from_db()
    assert (record.status, record.review_reason) == (Status.REJECTED, "Không bổ sung được")

"""Citizen satisfaction by QR: tokens issued online, answered once without login, linked to the record
through its client_uuid in either order, rate-limited per address, computed into the indicator."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Role, User
from catalog.models import ServiceType
from indicators.models import Indicator, ManualFigure, Target
from orgunits.models import Level, OrgUnit
from records.models import AssistanceRecord
from satisfaction.limits import MAX_POSTS
from satisfaction.models import ComputedSatisfaction, SurveyAnswer, SurveyToken
from satisfaction.services import STOCK
from teams.models import Team

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def clean_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    p = OrgUnit.objects.create(level=Level.PROVINCE, kind="tinh", name="Tỉnh Ý", code="96")
    c = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Ý Kiến", code="96001", parent=p)
    other = OrgUnit.objects.create(level=Level.COMMUNE, kind="xa", name="Xã Khác", code="96002", parent=p)
    v = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Ý", parent=c)
    ov = OrgUnit.objects.create(level=Level.VILLAGE, kind="thon", name="Thôn Khác", parent=other)
    team, oteam = Team.objects.create(unit=v, name="Tổ Thôn Ý"), Team.objects.create(unit=ov, name="Tổ Khác")
    u = {
        "member": User.objects.create_user("member.y", role=Role.MEMBER, team=team),
        "member2": User.objects.create_user("member.y2", role=Role.MEMBER, team=team),
        "leader": User.objects.create_user("leader.y", role=Role.LEADER, team=team),
        "omember": User.objects.create_user("member.khac", role=Role.MEMBER, team=oteam),
        "officer": User.objects.create_user("officer.y", role=Role.OFFICER, unit=c),
        "oofficer": User.objects.create_user("officer.khac", role=Role.OFFICER, unit=other),
    }
    service = ServiceType.objects.create(code="s_eid", name="Kích hoạt VNeID", short_name="VNeID", counts="person")
    return {"c": c, "other": other, "v": v, "team": team, "service": service, **u}


def stock(client, user) -> list[dict]:
    client.force_login(user)
    response = client.post("/api/v1/survey-tokens/", content_type="application/json")
    assert response.status_code == 200
    return response.json()["tokens"]


def answer(client, token, rating="happy", comment="", ip="10.0.0.1"):
    return client.post(f"/y-kien/{token}/", {"rating": rating, "comment": comment}, REMOTE_ADDR=ip)


def test_a_member_gets_a_stock_of_tokens_with_their_qr(client, world):
    tokens = stock(client, world["member"])
    assert len(tokens) == STOCK and len({t["token"] for t in tokens}) == STOCK
    assert all(len(t["token"]) >= 20 for t in tokens)  # random, unguessable
    assert tokens[0]["url"].endswith(f"/y-kien/{tokens[0]['token']}/") and tokens[0]["svg"].lstrip().startswith("<")
    assert [t["token"] for t in stock(client, world["member"])] == [t["token"] for t in tokens]  # topped up, not grown
    client.force_login(world["officer"])
    assert client.post("/api/v1/survey-tokens/").status_code == 403


def test_the_public_page_is_small_plain_vietnamese_and_needs_no_login(client, world):
    token = stock(client, world["member"])[0]["token"]
    client.logout()
    page = client.get(f"/y-kien/{token}/")
    html = page.content.decode()
    assert page.status_code == 200 and len(page.content) < 20_000
    assert "<script" not in html and 'method="post"' in html
    for label in ("Hài lòng", "Bình thường", "Chưa hài lòng"):
        assert label in html


def test_a_token_is_answered_once_and_the_replay_refused(client, world):
    token = stock(client, world["member"])[0]["token"]
    client.logout()
    first = answer(client, token, "happy", "Cảm ơn các cháu\u200b nhiệt tình " + "x" * 500)
    assert first.status_code == 200 and "Cảm ơn" in first.content.decode()
    saved = SurveyAnswer.objects.get()
    assert saved.rating == "happy" and len(saved.comment) == 300 and "\u200b" not in saved.comment
    again = answer(client, token, "unhappy")
    assert again.status_code == 409 and SurveyAnswer.objects.get().rating == "happy"
    assert client.get(f"/y-kien/{token}/").status_code == 409


def test_a_forged_or_expired_token_is_refused(client, world):
    assert answer(client, "forged-token-abcdefghijkl").status_code == 404
    assert client.get("/y-kien/forged-token-abcdefghijkl/").status_code == 404
    token = stock(client, world["member"])[0]["token"]
    SurveyToken.objects.filter(token=token).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert answer(client, token).status_code == 410
    assert not SurveyAnswer.objects.exists()


def test_answers_are_rate_limited_per_address_and_keep_no_address(client, world):
    tokens = [t["token"] for t in stock(client, world["member"])]
    client.logout()
    for i in range(MAX_POSTS):
        assert answer(client, f"forged-{i}", ip="10.9.9.9").status_code == 404
    limited = answer(client, tokens[0], ip="10.9.9.9")
    assert limited.status_code == 429 and not SurveyAnswer.objects.exists()
    assert answer(client, tokens[0], ip="10.9.9.10").status_code == 200  # another address is not limited
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM cnscd_cache")
        stored = " ".join(f"{k} {v}" for k, v in cursor.fetchall())
    assert "10.9.9.9" not in stored and "10.9.9.10" not in stored


def make_record(world, client_uuid):
    return AssistanceRecord.objects.create(
        client_uuid=client_uuid, service_type=world["service"], village=world["v"], commune=world["c"],
        team=world["team"], member=world["member"], occurred_at=datetime.datetime(2026, 3, 3, 9, tzinfo=VN),
        status="submitted", outcome="success")


def test_an_answer_before_its_record_syncs_is_linked_once_the_record_arrives(client, world):
    token = stock(client, world["member"])[0]["token"]
    record_uuid = uuid.uuid4()
    client.logout()
    assert answer(client, token, "neutral", "Hơi lâu").status_code == 200  # the record is still on the phone
    client.force_login(world["member"])
    attached = client.post("/api/v1/survey-tokens/attach/", {"token": token, "record_uuid": str(record_uuid)},
                           content_type="application/json")
    assert attached.status_code == 200
    client.force_login(world["member2"])  # someone else's token: refused
    assert client.post("/api/v1/survey-tokens/attach/", {"token": token, "record_uuid": str(uuid.uuid4())},
                       content_type="application/json").status_code == 404
    client.force_login(world["officer"])
    html = client.get("/officer/satisfaction/?period=2026").content.decode()
    assert "Hơi lâu" in html and "chưa đồng bộ" in html
    make_record(world, record_uuid)  # the sync arrives
    html = client.get("/officer/satisfaction/?period=2026").content.decode()
    assert f"/officer/records/{record_uuid}/" in html and "Thôn Ý" in html


def test_officers_see_their_communes_answers_only_and_members_none(client, world):
    token = stock(client, world["member"])[0]["token"]
    client.logout()
    answer(client, token, "unhappy", "Chờ lâu quá")
    client.force_login(world["oofficer"])
    assert "Chờ lâu quá" not in client.get("/officer/satisfaction/?period=today").content.decode()
    client.force_login(world["officer"])
    assert "Chờ lâu quá" in client.get("/officer/satisfaction/?period=today").content.decode()
    for who in ("member", "leader"):
        client.force_login(world[who])
        response = client.get("/officer/satisfaction/?period=today")
        assert response.status_code in (302, 403) and "Chờ lâu quá" not in response.content.decode()


def test_the_satisfaction_indicator_is_computed_where_the_commune_chooses(client, world):
    ind = Indicator.objects.create(code="s_sat", name="Mức độ hài lòng của người dân", source="manual",
                                   denominator_kind="respondents", counts="person", sort_order=1)
    Target.objects.create(indicator=ind, unit=world["c"], year=2026, comparison="gt", percent=Decimal(90))
    ManualFigure.objects.create(indicator=ind, unit=world["c"], as_of=datetime.date(2026, 1, 1), value=77)
    tokens = [t["token"] for t in stock(client, world["member"])]
    client.logout()
    for token, rating in zip(tokens, ["happy"] * 7 + ["neutral", "unhappy", "unhappy"], strict=False):
        assert answer(client, token, rating).status_code == 200
    client.force_login(world["officer"])

    def row():
        report = client.get(f"/reports/u/{world['c'].pk}/?period=today").context["report"]
        return next(r for r in report.indicators if r.indicator.code == "s_sat")

    entered = row()
    assert entered.numerator == 77  # the officer's figure until the commune chooses otherwise
    ComputedSatisfaction.objects.create(commune=world["c"], indicator=ind)
    computed = row()
    # 7 "hài lòng" of 10 answers: 70,00 %; > 90 % of 10 needs 10 (9 is not more than 90 %): 3 missing.
    assert (computed.numerator, computed.denominator, computed.percent, computed.remaining) == (
        7, 10, Decimal("70.00"), 3)
    teams = client.get("/officer/satisfaction/?period=today").context["teams"]
    assert [(t["team"], t["happy"], t["answers"], t["share"]) for t in teams] == [("Tổ Thôn Ý", 7, 10, 70.0)]


def test_the_officer_chooses_computed_or_entered_for_their_commune_only(client, world):
    ind = Indicator.objects.create(code="s_sat2", name="Mức độ hài lòng", source="manual",
                                   denominator_kind="respondents", counts="person", sort_order=1)
    url = f"/officer/satisfaction/{ind.pk}/choose/"
    client.force_login(world["officer"])
    html = client.get("/officer/satisfaction/").content.decode()
    assert "Tính từ ý kiến người dân" in html and "số liệu do cán bộ nhập" in html
    assert client.post(url, {"computed": "1"}).status_code == 302
    assert list(ComputedSatisfaction.objects.values_list("commune_id", "indicator_id")) == [(world["c"].pk, ind.pk)]
    assert "Dùng số liệu nhập" in client.get("/officer/satisfaction/").content.decode()
    client.force_login(world["oofficer"])  # another commune's choice is its own
    client.post(url, {"computed": "0"})
    assert ComputedSatisfaction.objects.filter(commune=world["c"]).exists()
    assert not ComputedSatisfaction.objects.filter(commune=world["other"]).exists()
    client.force_login(world["member"])
    assert client.post(url, {"computed": "0"}).status_code in (302, 403)
    assert ComputedSatisfaction.objects.filter(commune=world["c"]).exists()
    client.force_login(world["officer"])
    client.post(url, {"computed": "0"})
    assert not ComputedSatisfaction.objects.exists()


def test_the_printable_report_states_the_satisfaction_with_its_number_of_answers(client, world):
    ind = Indicator.objects.create(code="s_sat", name="Mức độ hài lòng của người dân", source="manual",
                                   denominator_kind="respondents", counts="person", sort_order=1)
    Target.objects.create(indicator=ind, unit=world["c"], year=timezone.localdate().year, comparison="gt",
                          percent=Decimal(90))
    ComputedSatisfaction.objects.create(commune=world["c"], indicator=ind)
    tokens = [t["token"] for t in stock(client, world["member"])]
    client.logout()
    for token, rating in zip(tokens, ["happy"] * 3 + ["unhappy"], strict=False):
        assert answer(client, token, rating).status_code == 200
    client.force_login(world["officer"])
    html = client.get(f"/reports/u/{world['c'].pk}/print/?period=today").content.decode()
    assert "3/4 ý kiến hài lòng, đạt 75,00%" in html
    # The indicator table of the document reads the computed figure, as the dashboard does.
    row = html[html.index("Mức độ hài lòng của người dân</td>"):]
    assert "3/4" in row[:400] and "75,00%" in row[:400]
    # The province's report counts its communes' answers; nothing is said where nobody answered.
    province = world["c"].parent
    client.force_login(User.objects.create_user("viewer.y", role=Role.VIEWER, unit=province))
    assert "3/4 ý kiến hài lòng" in client.get(f"/reports/u/{province.pk}/print/?period=today").content.decode()
    client.force_login(world["oofficer"])
    assert "ý kiến hài lòng" not in client.get(f"/reports/u/{world['other'].pk}/print/?period=today").content.decode()

"""Every message a volunteer or officer meets is Vietnamese and says what to change (issue 18)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.models import User
from indicators.models import Denominator, Indicator, Target
from records.models import AssistanceRecord, Status
from teams.services import invitation_create
from tests.review_factories import make_record


def errors_in(page: str) -> str:
    return " ".join(re.findall(r'(?:role="alert"|class="errorlist[^"]*"|class="error")[^>]*>(.*?)</', page, re.S))


# ---------------------------------------------------------------- the libraries' own messages


def test_the_password_rules_of_the_sign_up_page_are_vietnamese(demo, user):
    invitation = invitation_create(team=user("member.chanhlo").team, role="member", by=None)
    client = Client()
    url = f"/officer/join/{invitation.token}/"

    shown = client.get(url).content.decode()
    refused = client.post(url, {"username": "tv.moi", "first_name": "An", "last_name": "Lê",
                                "password1": "12345", "password2": "12345"})

    assert "Mật khẩu của bạn phải chứa ít nhất 10 ký tự." in shown  # the rules, before typing
    page = refused.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in page
    assert "This password" not in page and "password" not in errors_in(page).lower()
    assert not User.objects.filter(username="tv.moi").exists()


def test_the_api_says_not_found_in_vietnamese_without_naming_a_model(api):
    response = api("member.chanhlo").get("/api/v1/records/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy."}}


def test_an_occurred_at_out_of_the_calendar_is_refused_in_vietnamese(api, user):
    record = {"client_uuid": "6f7a3c1e-0000-4000-8000-000000000001", "service_type": "vneid_l2",
              "village": user("member.chanhlo").team.unit.pk, "occurred_at": "9999-12-31T23:59:59-12:00"}
    result = api("member.chanhlo").post("/api/v1/sync/", {"records": [record]}, format="json").json()

    assert result["records"][0]["errors"]["occurred_at"] == ["Ngày giờ nằm ngoài khoảng cho phép."]


def test_a_page_out_of_range_of_the_api_is_vietnamese(api):
    response = api("member.chanhlo").get("/api/v1/records/", {"page": "999"})
    assert response.status_code == 404 and response.json()["error"]["message"] == "Không có trang này."


# ---------------------------------------------------------------- review: reasons, roles


@pytest.fixture
def submitted(demo):
    return make_record("member.chanhlo")


@pytest.mark.parametrize("decision", ["return", "reject"])
def test_a_reason_too_long_says_so_and_keeps_what_was_typed(web, submitted, decision):
    reason = "Thiếu thông tin người dân " + "x" * 280

    response = web("officer.chanhlo").post(f"/officer/records/{submitted.client_uuid}/{decision}/",
                                           {"reason": reason})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Hãy rút gọn lý do còn tối đa 300 ký tự (hiện có 306)" in page
    assert "Hãy ghi lý do" not in page
    assert reason in page  # not lost: back in the text box
    assert AssistanceRecord.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_a_reason_with_a_nul_character_is_taken_without_it(web, submitted):
    response = web("officer.chanhlo").post(f"/officer/records/{submitted.client_uuid}/return/",
                                           {"reason": "Sai\x00 thôn"})

    assert response.status_code == 302
    record = AssistanceRecord.objects.get(pk=submitted.pk)
    assert record.status == Status.RETURNED and record.review_reason == "Sai thôn"


def test_a_refused_role_change_says_why(web, user):
    member = user("member.chanhlo")
    client = web("officer.chanhlo")

    response = client.post(f"/officer/members/{member.pk}/role/", {"role": "officer"}, follow=True)

    assert "Chưa đổi vai trò của" in response.content.decode()
    assert User.objects.get(pk=member.pk).role == "member"


# ---------------------------------------------------------------- numbers typed the Vietnamese way


@pytest.fixture
def village(user):
    return user("member.chanhlo").team.unit


def test_a_denominator_typed_47_351_is_forty_seven_thousand(web, village):
    response = web("officer.chanhlo").post("/officer/figures/denominator/new/", {
        "unit": village.pk, "year": "2031", "kind": "population", "value": "47.351", "source_note": ""})

    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Denominator.objects.get(unit=village, year=2031, kind="population").value == 47351


@pytest.mark.parametrize(("typed", "expected"), [("33,44", "33.44"), ("33.5", "33.50"), ("33,44 %", "33.44"),
                                                  ("５０", "50.00")])
def test_a_target_typed_the_vietnamese_way_is_read(web, user, typed, expected):
    commune = user("officer.chanhlo").unit
    indicator = Indicator.objects.filter(is_active=True).first()
    response = web("officer.chanhlo").post("/officer/figures/target/new/", {
        "indicator": indicator.pk, "unit": commune.pk, "year": "2031", "comparison": "gte", "percent": typed,
        "source_note": ""})

    assert response.status_code == 302, errors_in(response.content.decode())
    assert str(Target.objects.get(indicator=indicator, unit=commune, year=2031).percent) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("47,351", "“47,351” có phần thập phân, nhưng ô này là số nguyên: hãy bỏ phần sau dấu phẩy."),
    ("4.73.51", "“4.73.51” không phải là số nguyên. Hãy gõ các chữ số, có hoặc không có dấu chấm"),
    ("mười", "“mười” không phải là số nguyên."),
])
def test_a_number_that_cannot_be_read_says_what_to_change(web, village, typed, message):
    response = web("officer.chanhlo").post("/officer/figures/denominator/new/", {
        "unit": village.pk, "year": "2031", "kind": "population", "value": typed, "source_note": ""})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Denominator.objects.filter(year=2031).exists()


def test_a_year_in_superscript_digits_is_refused_with_an_example(web, village):
    response = web("officer.chanhlo").post("/officer/figures/denominator/new/", {
        "unit": village.pk, "year": "²⁰³¹", "kind": "population", "value": "10", "source_note": ""})
    assert "Hãy gõ năm bằng bốn chữ số, ví dụ 2025." in response.content.decode()


# ---------------------------------------------------------------- the sign-in page


@pytest.fixture
def no_throttle(db):
    cache.clear()
    yield
    cache.clear()


def test_signing_in_with_empty_fields_says_which_is_missing(demo, no_throttle):
    page = Client().post("/login/", {"username": "", "password": ""}).content.decode()

    assert "Hãy nhập tên đăng nhập." in page and "Hãy nhập mật khẩu." in page
    assert "Sai tên đăng nhập hoặc mật khẩu." not in page


def test_a_wrong_password_still_says_wrong_username_or_password(demo, no_throttle):
    page = Client().post("/login/", {"username": "member.chanhlo", "password": "sai-mat-khau"}).content.decode()
    assert "Sai tên đăng nhập hoặc mật khẩu." in page


def test_an_audit_date_filter_out_of_range_is_shown_next_to_the_field(web):
    page = web("officer.chanhlo").get("/officer/audit/", {"date_from": "31/12/9999"}).content.decode()
    assert "Hãy chọn một ngày từ 01/01/2000 đến 31/12/2100." in page


def test_record_filters_keep_working_with_a_vietnamese_date(web, submitted):
    today = timezone.localdate()
    page = web("officer.chanhlo").get("/officer/records/", {
        "date_from": (today - datetime.timedelta(days=3)).strftime("%d/%m/%Y")}).content.decode()
    assert str(submitted.client_uuid) in page

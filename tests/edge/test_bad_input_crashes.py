"""The five classes of input that crashed the server (issue 18) now get a 400 with a Vietnamese message.

Each test fails on the code before issue 18: with a 500 (the test client re-raises it), or, where SQLite
does not enforce a column's length, by what reached the database.
"""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.cache import cache
from django.test import Client

TOKEN = "/api/v1/auth/token/"
LONG_NAME = "u" * 10_000


@pytest.fixture(autouse=True)
def no_throttle(db):
    cache.clear()  # the login throttle counts in the cache, which outlives a test's transaction
    yield
    cache.clear()


def vietnamese(text: str) -> bool:
    return any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý")


def assert_attempt_log_bounded():
    longest = max((len(u or "") for u in AccessAttempt.objects.values_list("username", flat=True)), default=0)
    longest_log = max((len(u or "") for u in AccessFailureLog.objects.values_list("username", flat=True)), default=0)
    assert longest <= 255 and longest_log <= 255


# ---------------------------------------------------------------- over-long values, short columns


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "form"])
def test_a_ten_thousand_character_username_at_the_token_endpoint_is_refused(demo, as_json):
    client = Client()
    data = {"username": LONG_NAME, "password": "x"}
    response = (client.post(TOKEN, json.dumps(data), content_type="application/json") if as_json
                else client.post(TOKEN, data))

    assert response.status_code == 400
    assert vietnamese(" ".join(response.json()["error"]["fields"]["username"]))
    assert_attempt_log_bounded()


def test_a_ten_thousand_character_username_on_the_login_page_is_refused(demo):
    response = Client().post("/login/", {"username": LONG_NAME, "password": "x"})

    assert response.status_code == 200  # the page again, saying what is wrong
    assert "Tên đăng nhập có tối đa 150 ký tự." in response.content.decode()
    assert_attempt_log_bounded()


def test_the_lock_out_log_never_holds_more_than_a_username_fits(demo, rf):
    from ops.lockout import client_username

    request = rf.post("/login/", {"username": LONG_NAME})
    assert len(client_username(request, {"username": LONG_NAME})) == 150
    assert len(client_username(request)) == 150


# ---------------------------------------------------------------- JSON nested too deep, or too large


@pytest.mark.parametrize("url", [TOKEN, "/api/v1/sync/"])
def test_json_nested_deep_enough_to_exhaust_recursion_is_a_400(web, url):
    client = web("member.chanhlo")
    body = "[" * 100_000 + "]" * 100_000

    response = client.post(url, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Dữ liệu gửi lên lồng nhau quá 16 tầng."


def test_a_document_nested_a_little_too_deep_is_refused_before_any_view(web):
    nested = {"records": []}
    for _ in range(20):
        nested = {"a": nested}
    response = web("member.chanhlo").post("/api/v1/sync/", nested, content_type="application/json")

    assert response.status_code == 400 and "16" in response.json()["error"]["message"]


def test_an_over_large_document_is_refused(web, settings):
    settings.API_JSON_MAX_BYTES = 64 * 1024
    body = {"records": [{"client_uuid": "x", "note": "a" * (100 * 1024)}]}

    response = web("member.chanhlo").post("/api/v1/sync/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Dữ liệu gửi lên lớn hơn 64 kB; hãy chia nhỏ để gửi."


# ---------------------------------------------------------------- numbers and dates that are not


def test_a_superscript_digit_in_the_year_filter_is_a_400(web):
    response = web("officer.chanhlo").get("/officer/figures/", {"year": "²⁰²⁵"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Năm: “²⁰²⁵” không phải là số nguyên" in page


@pytest.mark.parametrize("since", ["2025-02-30T00:00:00", "2025-01-01T25:61:00", "2025-13-01T00:00:00",
                                   "9999-12-31T23:59:59+14:00", "²⁰²⁵-01-01T00:00:00"])
def test_an_impossible_updated_since_is_a_400(api, since):
    response = api("member.chanhlo").get("/api/v1/records/", {"updated_since": since})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and vietnamese(error["fields"]["updated_since"][0])


def test_a_well_formed_updated_since_still_filters(api):
    response = api("member.chanhlo").get("/api/v1/records/", {"updated_since": "2025-01-01T00:00:00 07:00"})
    assert response.status_code == 200


@pytest.mark.parametrize("query", [{"status": "approvedd"}, {"mine": "maybe"}])
def test_other_record_list_parameters_are_read_strictly(api, query):
    response = api("member.chanhlo").get("/api/v1/records/", query)
    assert response.status_code == 400 and list(response.json()["error"]["fields"]) == list(query)


# ---------------------------------------------------------------- date arithmetic past the calendar's end


@pytest.mark.parametrize("query", [{"asof": "9999-12-31"}, {"asof": "31/12/9999"},
                                   {"from": "2025-01-01", "to": "9999-12-31"}])
@pytest.mark.parametrize("page", ["", "print/", "export.xlsx", "export.csv?table=indicators",
                                  "export.csv?table=records", "export.csv?table=sessions"])
def test_a_report_as_of_or_to_the_end_of_the_calendar_is_a_400(web, user, query, page):
    unit = user("officer.chanhlo").unit_id
    response = web("officer.chanhlo").get(f"/reports/u/{unit}/{page}", query)

    assert response.status_code == 400
    assert "nằm ngoài khoảng 01/01/2000 – 31/12/2100" in response.content.decode()


def test_the_bulk_approval_does_not_echo_a_header_breaking_query(web):
    response = web("officer.chanhlo").post("/officer/records/approve/", {"query": "status=submitted\r\nX: y"})
    assert response.status_code == 302 and "\n" not in response["Location"]

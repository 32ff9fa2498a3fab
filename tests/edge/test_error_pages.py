"""400, 403, 404, 500 and the CSRF failure in Vietnamese, in the site's look; JSON under /api/ (issue 18)."""

from __future__ import annotations

import pytest
from django.test import Client


def text_of(response) -> str:
    return response.content.decode()


def test_an_unknown_page_is_a_vietnamese_404(web):
    response = web("officer.chanhlo").get("/no-such-page/")

    assert response.status_code == 404
    page = text_of(response)
    assert 'lang="vi"' in page and "Không có gì ở địa chỉ này." in page and "Not Found" not in page


def test_an_unknown_api_address_answers_in_the_apis_error_shape(api):
    response = api("member.chanhlo").get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"].startswith("Không có gì ở địa chỉ này.")


def test_a_page_the_role_may_not_open_is_a_vietnamese_403(web):
    response = web("member.chanhlo").get("/officer/records/")

    assert response.status_code == 403
    assert "Tài khoản của bạn không được mở trang này." in text_of(response)


@pytest.fixture
def crashing_urls(settings):
    settings.ROOT_URLCONF = "tests.edge.crash_urls"


def test_a_server_error_is_a_vietnamese_page_that_says_nothing_was_lost(demo, crashing_urls):
    response = Client(raise_request_exception=False).get("/crash/")

    assert response.status_code == 500
    page = text_of(response)
    assert "Máy chủ gặp sự cố" in page and "Dữ liệu bạn gửi không bị mất" in page
    assert "Server Error" not in page and "a bug" not in page


def test_a_server_error_in_the_api_is_json(demo, crashing_urls):
    response = Client(raise_request_exception=False).get("/api/v1/crash/")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"


def test_an_expired_form_is_a_vietnamese_403_that_says_to_reload(demo):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "Hãy tải lại trang rồi gửi lại." in text_of(response)


def test_a_bad_parameter_page_says_what_is_wrong(web):
    response = web("officer.chanhlo").get("/officer/records/", {"page": "²"})

    assert response.status_code == 400
    assert "Trang: “²” không phải là số nguyên" in text_of(response)

"""Who sees which dashboard: scoping through accounts.scopes, no personal data for viewers."""

from __future__ import annotations

import re

import pytest

from tests.scenario import build_world


@pytest.fixture
def world(db):
    return build_world()


PAGES = ["/reports/u/{pk}/?period=2025", "/reports/u/{pk}/export.xlsx?period=2025",
         "/reports/u/{pk}/export.csv?period=2025", "/reports/u/{pk}/print/?period=2025"]


@pytest.mark.parametrize("page", PAGES)
def test_an_officer_of_another_commune_gets_404(client, world, page):
    client.force_login(world.other_officer)
    assert client.get(page.format(pk=world.b.pk)).status_code == 404
    assert client.get(page.format(pk=world.province.pk)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_team_member_gets_403(client, world, page):
    client.force_login(world.records[1].member)
    assert client.get(page.format(pk=world.b.pk)).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(f"/reports/u/{world.b.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_officer_sees_the_commune_dashboard(client, world):
    client.force_login(world.officer)
    response = client.get(f"/reports/u/{world.b.pk}/?period=2025")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xã Bình An" in html and "năm 2025" in html
    assert "Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử" in html
    assert "4,94%" in html and "≥ 50,00%" in html and "1.406" in html  # per cent, target, remaining
    assert "<svg" in html and "http" not in html.split("<main>")[1].split("</main>")[0]
    # the chart needs no JavaScript; the only scripts are the app's own files: the phone's stacked tables
    # and the unit picker (no inline script, nothing from elsewhere)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/reports/tables.js" defer>',
                                                  '<script type="module" src="/static/reports/unit-picker.js">']
    assert "Thôn Bình 1" in html and "Tổ CNSCĐ Thôn Bình 2" in html


def test_the_officer_may_open_the_merged_commune_and_its_villages(client, world):
    client.force_login(world.officer)
    assert client.get(f"/reports/u/{world.a.pk}/?period=2024").status_code == 200
    assert client.get(f"/reports/u/{world.b1.pk}/?period=2024").status_code == 200
    assert client.get(f"/reports/u/{world.province.pk}/?period=2024").status_code == 404


def test_the_viewer_sees_roll_ups_across_communes_without_personal_data(client, world):
    client.force_login(world.viewer)
    response = client.get(f"/reports/u/{world.province.pk}/?period=2024")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xã Bình An" in html and "Tỉnh Thử" in html
    assert "5,13%" in html  # the province's e-ID share, 154/3.000
    assert "Nguyễn Văn Dân" not in html and "Tổ viên" not in html
    assert client.get(f"/reports/u/{world.b.pk}/?period=2024").status_code == 200
    print_html = client.get(f"/reports/u/{world.b.pk}/print/?period=2024").content.decode()
    assert "Nguyễn Văn Dân" not in print_html


def test_home_sends_each_reader_to_their_unit(client, world):
    client.force_login(world.officer)
    assert client.get("/reports/")["Location"].endswith(f"/reports/u/{world.b.pk}/")
    client.force_login(world.viewer)
    assert client.get("/reports/")["Location"].endswith(f"/reports/u/{world.province.pk}/")


def test_the_printed_report_carries_the_administrative_form_and_seed_sentences(client, world):
    client.force_login(world.officer)
    html = client.get(f"/reports/u/{world.b.pk}/print/?asof=2025-12-31").content.decode()
    for text in ("ỦY BAN NHÂN DÂN</b><b>XÃ BÌNH AN", "Số: ", "/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Bình An, ngày", "BÁO CÁO", "Kính gửi:", "Nơi nhận:",
                 "Số lượng người dân được hướng dẫn về chuyển đổi số: 10 người", "20 lượt",
                 "tính đến ngày 31/12/2025", "157/3.120", "5,03%", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH",
                 "reports/document.css"):
        assert text in html, text
    assert "TT:" not in html and "UBND XÃ BÌNH AN" not in html


def test_a_bad_period_is_refused(client, world):
    client.force_login(world.officer)
    assert client.get(f"/reports/u/{world.b.pk}/?period=2025-13").status_code == 400

"""Figures from other systems, entered per unit and period in the workspace: Vietnamese numbers, parts not
above their whole, errors next to the field, audited, quoted by the report (seed 001: 28.037/83.843)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from audit.models import AuditEvent
from indicators.formatting import parse_vn_number
from indicators.models import EnteredFigure, ManualFigure
from tests.scenario import build_world


@pytest.fixture
def world(db):
    return build_world()


def url(world, period="2025"):
    return f"/reports/u/{world.b.pk}/figures/?period={period}"


def field_errors(response, name: str) -> str:
    """The error list rendered right after the field."""
    html = response.content.decode()
    start = html.index(f'name="{name}"')
    end = html.index("</p>", start)
    return html[start:end]


@pytest.mark.parametrize(("typed", "value"), [("47.351", "47351"), ("33,44", "33.44"), ("1.234,5", "1234.5"),
                                              ("83 843", "83843"), ("２８.０３７", "28037"), ("47351", "47351")])
def test_vietnamese_numbers_are_read_correctly(typed, value):
    assert parse_vn_number(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["3.5", "1,2,3", "47.35", "abc", ""])
def test_ambiguous_or_broken_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        parse_vn_number(typed)


def test_bad_input_is_refused_next_to_each_field_and_nothing_is_stored(client, world):
    client.force_login(world.officer)
    fibre = world.indicators["fibre"]
    page = client.get(url(world))
    assert page.status_code == 200
    assert "Mẫu số: 1.070" in page.content.decode()  # households of B1, B2 and A1 (merged) in 2025
    before = ManualFigure.objects.count()
    response = client.post(url(world), {
        "f_applications_total": "83.843", "f_applications_online": "90.000",  # a part above its whole
        "f_media_articles": "-5", "f_schools_total": "3.5", "f_officials_total": "12,5",
        "f_members_trained": "4",  # the teams have 3 members
        f"i_{fibre.pk}": "2.000",  # above the 1.070 households
    })
    assert response.status_code == 400
    assert "90.000 không được lớn hơn số “Tổng số hồ sơ thủ tục hành chính tiếp nhận” (83.843)." in field_errors(
        response, "f_applications_online")
    assert "Số liệu không được là số âm." in field_errors(response, "f_media_articles")
    assert "dấu chấm ngăn cách hàng nghìn: 47.351" in field_errors(response, "f_schools_total")
    assert "không có phần thập phân (12,5)" in field_errors(response, "f_officials_total")
    assert "4 không được lớn hơn tổng số 3 thành viên của các Tổ." in field_errors(response, "f_members_trained")
    assert "2.000 không được lớn hơn mẫu số (1.070)." in field_errors(response, f"i_{fibre.pk}")
    assert 'aria-invalid="true"' in field_errors(response, "f_applications_online")
    assert field_errors(response, "f_applications_total").count("errorlist") == 0
    assert not EnteredFigure.objects.exists() and ManualFigure.objects.count() == before


def test_good_figures_are_saved_audited_and_quoted_by_the_report(client, world):
    client.force_login(world.officer)
    fibre = world.indicators["fibre"]
    assert 'value="600"' in client.get(url(world)).content.decode()  # the latest entered figure as of 31/12/2025
    response = client.post(url(world), {
        "f_applications_total": "83.843", "f_applications_online": "28.037", "f_partial_total": "83.843",
        "f_partial_online": "28.037", "f_full_total": "15.575", "f_full_online": "11.696",
        "f_media_articles": "15", "f_media_broadcasts": "30", "f_media_banners": "2", "f_members_trained": "3",
        f"i_{fibre.pk}": "700", "source_note": "Hệ thống một cửa",
    })
    assert response.status_code == 302
    values = dict(EnteredFigure.objects.filter(unit=world.b, period_key="2025").values_list("kind", "value"))
    assert values["applications_total"] == 83843 and values["applications_online"] == 28037
    assert ManualFigure.objects.get(unit=world.b, indicator=fibre, as_of="2025-12-31").value == 700
    events = AuditEvent.objects.filter(object_type="indicators.enteredfigure", commune=world.b)
    assert events.filter(action="create").count() == 10 and events.first().actor == world.officer
    assert AuditEvent.objects.get(object_type="indicators.manualfigure", action="update").changes["value"] == [600, 700]
    html = client.get(f"/reports/u/{world.b.pk}/print/?period=2025").content.decode()
    assert ("Tổng số hồ sơ thủ tục hành chính tiếp nhận: 83.843 hồ sơ; trong đó nộp trực tuyến 28.037/83.843, "
            "đạt 33,44%.") in html
    assert "một phần 28.037/83.843, đạt 33,44%; toàn trình 11.696/15.575, đạt 75,09%" in html  # 001 rounds it to 75,1%
    assert "Công tác tuyên truyền: 15 tin bài, 30 lượt phát sóng trên hệ thống truyền thanh, 2 băng rôn" in html
    assert "được hướng dẫn, tập huấn: 3 người." in html
    assert "700/1.070" in html  # the entered indicator figure in the indicator table
    # Clearing a field removes the figure (and says so in the audit trail); the page shows it again empty.
    client.post(url(world), {"f_applications_total": "83.843", "f_applications_online": "28.037"})
    assert not EnteredFigure.objects.filter(kind="media_articles").exists()
    assert AuditEvent.objects.filter(object_type="indicators.enteredfigure", action="delete").count() == 8
    # The province's report adds up its communes' figures where it entered none of its own.
    client.force_login(world.viewer)
    province = client.get(f"/reports/u/{world.province.pk}/print/?period=2025").content.decode()
    assert "trong đó nộp trực tuyến 28.037/83.843, đạt 33,44%." in province


def test_only_the_units_own_writer_enters_figures(client, world):
    client.force_login(world.viewer)
    assert client.get(url(world)).status_code == 403
    assert client.get(f"/reports/u/{world.province.pk}/figures/?period=2025").status_code == 200
    client.force_login(world.other_officer)
    assert client.post(url(world), {"f_media_articles": "1"}).status_code == 404
    assert not EnteredFigure.objects.exists()

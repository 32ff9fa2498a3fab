"""Choosing one unit among thousands: type a name without diacritics, in the admin and on the report pages."""

from __future__ import annotations

import pytest

from orgunits.models import Level, OrgUnit


def autocomplete(client, term: str, model: str = "team") -> list[str]:
    app = {"team": "teams", "target": "indicators"}[model]
    response = client.get("/admin/autocomplete/", {"term": term, "app_label": app, "model_name": model,
                                                  "field_name": "unit"})
    assert response.status_code == 200
    return [r["text"] for r in response.json()["results"]]


def test_the_admin_picker_finds_a_commune_typed_without_diacritics(web):
    client = web("admin")
    assert autocomplete(client, "tinh khe")[0] == "Xã Tịnh Khê · Quảng Ngãi"
    assert autocomplete(client, "TỊNH KHÊ")[0] == "Xã Tịnh Khê · Quảng Ngãi"
    # by code: the commune of today, then the former one whose code it took
    assert autocomplete(client, "21211") == ["Xã Tịnh Khê · Quảng Ngãi", "Xã Tịnh Khê · Quảng Ngãi (đến 30/06/2025)"]
    # current units first, then the former ones, each with where it lies and when it ended
    assert autocomplete(client, "dai son") == ["Xã Đại Sơn · Hải Phòng", "Xã Đại Sơn · Hải Dương (đến 30/06/2025)"]


def test_the_admin_picker_offers_a_village_as_it_is_and_as_it_was(web):
    client = web("admin")
    found = autocomplete(client, "thon 2", model="target")
    assert "Thôn 2" in found and "Thôn 2 (đến 30/06/2025)" in found  # now, and before


def test_officers_pick_on_the_report_pages_not_in_the_admin(web):
    """/admin/ is for administrators only (docs/access.md): its pickers are closed to officers."""
    response = web("officer.tinhlong").get("/admin/autocomplete/", {
        "term": "tinh khe", "app_label": "teams", "model_name": "team", "field_name": "unit"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def json_units(client, q: str) -> list[dict]:
    response = client.get("/reports/units/", {"q": q, "format": "json"})
    assert response.status_code == 200
    return response.json()["results"]


def test_the_report_picker_offers_units_as_they_are_and_as_they_were(web):
    found = json_units(web("viewer.quangngai"), "tinh")
    labels = [(r["label"], r["current"]) for r in found]
    assert labels[0] == ("Xã Tịnh Khê · Quảng Ngãi", True)  # the unit of today first, then the former ones
    assert ("Xã Tịnh Long · Quảng Ngãi (đến 30/06/2025)", False) in labels
    assert not any(current for _label, current in labels[1:])
    assert found[0]["url"] == f"/reports/u/{found[0]['id']}/"
    former_province = [r for r in json_units(web("viewer.quangngai"), "quang ngai") if not r["current"]]
    assert "Tỉnh Quảng Ngãi (đến 30/06/2025)" in [r["label"] for r in former_province]
    assert json_units(web("viewer.quangngai"), "hac thanh") == []  # another province
    assert json_units(web("officer.ngoctrao"), "tinh khe") == []


def test_without_javascript_the_picker_lists_the_matches_as_links(web):
    chanh_lo = OrgUnit.objects.get(level=Level.COMMUNE, name="Chánh Lộ")
    html = web("officer.chanhlo").get("/reports/units/", {"q": "chanh lo"}).content.decode()
    assert f'href="/reports/u/{chanh_lo.pk}/"' in html and 'data-unit-picker="/reports/units/"' in html


@pytest.mark.parametrize("username", ["member.chanhlo", "leader.chanhlo"])
def test_team_members_have_no_report_picker(web, username):
    assert web(username).get("/reports/units/", {"q": "chanh", "format": "json"}).status_code == 403

"""The report workspace on the hand-counted world (tests/scenario.py): create, write, chốt, versions, scope.

Commune B (with A merged into it) reports on 2024. Record 5 (VNeID, citizen 3, village B1, 01/08/2024)
is still submitted: approving it after "chốt" adds one person to the live figures of 2024, never to
the finalised report.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from reports.models import ReportDocument, ReportVersion
from review.services import record_decide
from tests.scenario import build_world


@pytest.fixture
def world(db):
    return build_world()


def create(client, unit, period="2024", cutoff=""):
    response = client.post("/reports/documents/", {"unit": unit.pk, "period": period, "cutoff": cutoff})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReportDocument.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def draft_data(version: ReportVersion, **changes) -> dict:
    data = {"cutoff": version.cutoff.strftime("%d/%m/%Y"), "issuer_parent": version.issuer_parent,
            "issuer_name": version.issuer_name, "number_text": "", "symbol": version.symbol, "place": version.place,
            "issued_on": "", "title": version.title, "request_number": "", "request_date": "", "request_issuer": "",
            "request_subject": "", "addressees": version.addressees, "recipients": version.recipients,
            "sign_mode": version.sign_mode, "signer_title": version.signer_title, "signer_name": "",
            "results_text": "", "assessment_text": "", "limitations_text": "", "tasks_text": "", "proposals_text": ""}
    return {**data, **changes}


def test_the_officer_creates_a_report_with_defaults_from_the_unit(client, world):
    client.force_login(world.officer)
    document = create(client, world.b)
    version = document.versions.get()
    assert (document.period_key, version.number, version.status) == ("2024", 1, "draft")
    assert version.cutoff == datetime.date(2024, 12, 31)  # the period is over: its last day
    assert (version.issuer_parent, version.issuer_name, version.place) == ("ỦY BAN NHÂN DÂN", "XÃ BÌNH AN", "Bình An")
    assert version.addressees == "Sở Khoa học và Công nghệ tỉnh Thử"  # the district is gone since 1/7/2025
    assert "Như trên;" in version.recipients and version.signer_title == "CHỦ TỊCH"
    assert AuditEvent.objects.filter(object_type="reports.reportversion", action="create",
                                     commune=world.b).count() == 1
    page = client.get(f"/reports/documents/{document.pk}/")
    assert page.status_code == 200 and 'id="version-form"' in page.content.decode()
    assert client.get("/reports/documents/").content.decode().count(f"/reports/documents/{document.pk}/") == 1


def test_the_cut_off_defaults_to_today_inside_the_current_period(client, world):
    client.force_login(world.officer)
    today = timezone.localdate()
    version = create(client, world.b, period=str(today.year)).versions.get()
    assert version.cutoff == today


def test_a_cut_off_outside_the_period_is_refused_in_vietnamese(client, world):
    client.force_login(world.officer)
    response = client.post("/reports/documents/", {"unit": world.b.pk, "period": "2024", "cutoff": "15/03/2025"})
    assert response.status_code == 200
    assert "Ngày tính số liệu phải nằm trong kỳ báo cáo (01/01/2024 – 31/12/2024)" in response.content.decode()
    assert not ReportDocument.objects.exists()


def test_a_range_report_takes_a_typed_cut_off(client, world):
    client.force_login(world.officer)
    response = client.post("/reports/documents/", {"unit": world.b.pk, "period": "range", "date_from": "01/01/2025",
                                                   "date_to": "31/12/2025", "cutoff": "27/11/2025"})
    document = ReportDocument.objects.get()
    assert response.status_code == 302 and document.period_key == "2025-01-01..2025-12-31"
    assert document.versions.get().cutoff == datetime.date(2025, 11, 27)


def test_autosave_keeps_the_prose_and_refuses_a_bad_date_next_to_the_field(client, world):
    client.force_login(world.officer)
    document = create(client, world.b)
    version = document.versions.get()
    url = f"/reports/documents/{document.pk}/autosave/"
    text = "Đã tổ chức 3 đợt ra quân hỗ trợ người dân kích hoạt VNeID.\nTuyên truyền trên loa truyền thanh."
    response = client.post(url, draft_data(version, results_text=text, request_number="2391/STTTT",
                                           request_date="22/11/2024", request_issuer="Sở Thông tin và Truyền thông"))
    assert response.status_code == 200 and response.json()["saved"] is True
    version.refresh_from_db()
    assert version.results_text == text and version.request_date == datetime.date(2024, 11, 22)
    bad = client.post(url, draft_data(version, cutoff="31/02/2024", tasks_text="Không mất"))
    assert bad.status_code == 400 and bad.json()["errors"]["cutoff"] == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 27/11/2025."]
    version.refresh_from_db()
    assert version.tasks_text == ""  # nothing half-saved
    html = client.get(f"/reports/u/{world.b.pk}/print/?period=2024").content.decode()
    assert "Thực hiện Công văn số 2391/STTTT ngày 22/11/2024 của Sở Thông tin và Truyền thông" in html
    assert "Đã tổ chức 3 đợt ra quân hỗ trợ người dân kích hoạt VNeID." in html
    # Emptying a date clears it.
    client.post(url, draft_data(version, request_date="", results_text=text, request_number="2391/STTTT"))
    version.refresh_from_db()
    assert version.request_date is None and version.results_text == text


def test_finalised_figures_stay_while_the_live_ones_move_and_the_difference_shows(client, world):
    client.force_login(world.officer)
    document = create(client, world.b)
    live_before = client.get(f"/reports/u/{world.b.pk}/?period=2024").context["report"].people
    response = client.post(f"/reports/documents/{document.pk}/finalise/")
    assert response.status_code == 302
    version = document.versions.get()
    assert version.status == "final" and version.finalised_by == world.officer
    assert version.snapshot["people"] == live_before
    event = AuditEvent.objects.get(object_type="reports.reportversion", action="update")
    assert event.changes["status"] == ["bản nháp", "đã chốt"] and event.actor == world.officer

    record_decide(record=world.records[5], by=world.officer, status="approved")  # a late approval

    live_after = client.get(f"/reports/u/{world.b.pk}/?period=2024").context["report"].people
    assert live_after == live_before + 1
    html = client.get(f"/reports/u/{world.b.pk}/print/?period=2024").content.decode()
    assert f"hướng dẫn về chuyển đổi số: {live_before} người" in html  # the finalised report keeps its figures
    page = client.get(f"/reports/documents/{document.pk}/").content.decode()
    assert "Thay đổi kể từ khi chốt số liệu" in page and "+1 người" in page
    # A finalised version cannot be edited, by the form or by an autosave.
    assert client.post(f"/reports/documents/{document.pk}/autosave/", draft_data(version)).status_code == 409
    assert client.post(f"/reports/documents/{document.pk}/", draft_data(version, tasks_text="x")).status_code == 302
    version.refresh_from_db()
    assert version.tasks_text == "" and version.snapshot["people"] == live_before


def test_a_new_version_keeps_the_old_one(client, world):
    client.force_login(world.officer)
    document = create(client, world.b)
    client.post(f"/reports/documents/{document.pk}/autosave/",
                draft_data(document.versions.get(), assessment_text="Bản gửi lần đầu."))
    client.post(f"/reports/documents/{document.pk}/finalise/")
    first_people = document.versions.get().snapshot["people"]
    record_decide(record=world.records[5], by=world.officer, status="approved")
    assert client.post(f"/reports/documents/{document.pk}/new-version/").status_code == 302
    second = document.versions.get(number=2)
    assert second.status == "draft" and second.assessment_text == "Bản gửi lần đầu." and second.snapshot is None
    client.post(f"/reports/documents/{document.pk}/autosave/", draft_data(second, assessment_text="Bản bổ sung."))
    client.post(f"/reports/documents/{document.pk}/finalise/")
    first, second = document.versions.get(number=1), document.versions.get(number=2)
    assert (first.assessment_text, first.snapshot["people"]) == ("Bản gửi lần đầu.", first_people)
    assert (second.assessment_text, second.snapshot["people"]) == ("Bản bổ sung.", first_people + 1)
    old = client.get(f"/reports/u/{world.b.pk}/print/?period=2024&version=1").content.decode()
    assert "Bản gửi lần đầu." in old and f"chuyển đổi số: {first_people} người" in old
    assert "Bản bổ sung." in client.get(f"/reports/u/{world.b.pk}/print/?period=2024").content.decode()
    assert client.get(f"/reports/documents/{document.pk}/v/1/").status_code == 200
    # Only a finalised latest version starts a new one.
    client.post(f"/reports/documents/{document.pk}/new-version/")
    assert client.post(f"/reports/documents/{document.pk}/new-version/").status_code == 302
    assert document.versions.count() == 3


# ---- scope -------------------------------------------------------------------------------------

def test_an_officer_reaches_only_their_communes_reports(client, world):
    client.force_login(world.officer)
    document = create(client, world.b)
    client.force_login(world.other_officer)
    for url in (f"/reports/documents/{document.pk}/", f"/reports/documents/{document.pk}/v/1/",
                f"/reports/u/{world.b.pk}/report.docx?period=2024", f"/reports/u/{world.b.pk}/figures/?period=2024"):
        assert client.get(url).status_code == 404, url
    for url in ("autosave/", "finalise/", "new-version/", ""):
        assert client.post(f"/reports/documents/{document.pk}/{url}").status_code == 404, url
    assert f"/reports/documents/{document.pk}/" not in client.get("/reports/documents/").content.decode()
    # Creating a report for another commune: that unit is not offered.
    response = client.post("/reports/documents/", {"unit": world.b.pk, "period": "2024"})
    assert response.status_code == 200 and ReportDocument.objects.count() == 1


def test_a_team_member_gets_403(client, world):
    client.force_login(world.records[1].member)
    assert client.get("/reports/documents/").status_code == 403
    assert client.get(f"/reports/u/{world.b.pk}/report.docx?period=2024").status_code == 403


def test_the_viewer_reads_the_communes_reports_and_writes_only_the_provinces(client, world):
    client.force_login(world.officer)
    document = create(client, world.b)
    client.force_login(world.viewer)
    assert client.get(f"/reports/documents/{document.pk}/").status_code == 200
    assert 'id="version-form"' not in client.get(f"/reports/documents/{document.pk}/").content.decode()
    assert client.post(f"/reports/documents/{document.pk}/finalise/").status_code == 403
    assert client.get(f"/reports/u/{world.b.pk}/figures/?period=2024").status_code == 403
    assert client.post("/reports/documents/", {"unit": world.b.pk, "period": "2024"}).status_code == 200
    province = create(client, world.province)
    assert province.unit == world.province and province.versions.get().issuer_name == "TỈNH THỬ"
    client.force_login(world.other_officer)
    assert client.get(f"/reports/documents/{province.pk}/").status_code == 404

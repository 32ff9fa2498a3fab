"""The report counts the online applications the teams helped submit: distinct application codes.

Hand-made example in xã Bình An (tests/scenario.py), 2025, with a DVCTT service that asks for the
procedure and the code:

| record | procedure               | code              | status    | counts?                                |
|--------|-------------------------|-------------------|-----------|----------------------------------------|
| d1     | Đăng ký khai sinh       | H55-0001          | approved  | yes                                    |
| d2     | Đăng ký khai sinh       | " h55-0001 "      | approved  | no: same code (spaces, case)           |
| d3     | Đăng ký khai sinh       | H55-0002          | approved  | yes                                    |
| d4     | Cấp phiếu lý lịch tư pháp | H55-0003        | approved  | yes (outcome pending: the code exists) |
| d5     | Cấp phiếu lý lịch tư pháp | H55-0004        | submitted | no: not approved                       |
| d6     | Cấp phiếu lý lịch tư pháp | H55-0005        | approved  | no: 2024, outside the period           |
| d7     | Đăng ký khai sinh       | (none)            | approved  | no: no code                            |
| d8     | Cấp phiếu lý lịch tư pháp | H55-0001        | approved  | under this procedure, not again in all |

Per procedure: khai sinh 2, lý lịch tư pháp 2 (H55-0003, H55-0001); in all: 3 distinct codes.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from catalog.models import ServiceType
from indicators.selectors import applications_helped
from periods.periods import period_year
from records.models import AssistanceRecord
from reports import content
from reports.figures import report_figures
from tests.scenario import at, build_world

BIRTH, RECORD = "Đăng ký khai sinh", "Cấp phiếu lý lịch tư pháp"


@pytest.fixture
def world(db):
    world = build_world()
    dvctt = ServiceType.objects.create(code="t_dvctt", name="Hướng dẫn nộp hồ sơ DVCTT", short_name="DVCTT",
                                       counts="person", asks_procedure=True)
    team, member = world.teams["b1"], world.records[4].member
    rows = [(BIRTH, "H55-0001", "approved", "success", at(2025, 3, 1)),
            (BIRTH, " h55-0001 ", "approved", "success", at(2025, 3, 2)),
            (BIRTH, "H55-0002", "approved", "success", at(2025, 4, 1)),
            (RECORD, "H55-0003", "approved", "pending", at(2025, 5, 1)),
            (RECORD, "H55-0004", "submitted", "success", at(2025, 5, 2)),
            (RECORD, "H55-0005", "approved", "success", at(2024, 5, 2)),
            (BIRTH, "", "approved", "success", at(2025, 6, 1)),
            (RECORD, "H55-0001", "approved", "success", at(2025, 6, 2))]
    for procedure, code, status, outcome, when in rows:
        reviewed = status == "approved"
        AssistanceRecord.objects.create(
            service_type=dvctt, village=world.b1, commune=world.b, team=team, member=member, occurred_at=when,
            status=status, outcome=outcome, outcome_reason="" if outcome == "success" else "other",
            reviewed_by=world.officer if reviewed else None, reviewed_at=timezone.now() if reviewed else None,
            procedure_name=procedure, application_code=code)
    return world


def test_applications_are_counted_by_distinct_code_per_procedure_and_in_all(world):
    found = applications_helped(unit=world.b, period=period_year(year=2025))
    assert found.total == 3
    assert sorted(found.by_procedure) == [(RECORD, 2), (BIRTH, 2)]


def test_the_period_bounds_the_count(world):
    assert applications_helped(unit=world.b, period=period_year(year=2024)).total == 1
    assert applications_helped(unit=world.a, period=period_year(year=2025)).total == 0  # another commune's villages


def test_the_report_states_the_applications(world):
    data = report_figures(unit=world.b, period=period_year(year=2025), cutoff=datetime.date(2025, 12, 31))
    assert data["applications"]["total"] == 3
    blocks = content.applications_blocks(data)
    assert blocks[0].text == ("Số hồ sơ dịch vụ công trực tuyến Tổ công nghệ số cộng đồng đã hỗ trợ người dân nộp: "
                              "3 hồ sơ (mỗi mã hồ sơ tính một lần).")
    table = blocks[1].table
    assert sorted(r[1:] for r in table.rows) == [[RECORD, "2"], [BIRTH, "2"]]
    assert table.total[-1] == "3"
    document = content.document_content(fields={}, data=data)
    assert any(b.text == blocks[0].text for b in document.blocks)


def test_an_older_snapshot_without_the_count_still_renders(world):
    data = report_figures(unit=world.b, period=period_year(year=2025), cutoff=datetime.date(2025, 12, 31))
    del data["applications"]
    assert content.applications_blocks(data) == []
    content.document_content(fields={}, data=data)

"""Which services feed the demo's training indicator (issue 17): plan 003's "tập huấn, phổ biến về DVCTT,
dịch vụ số" counts citizens guided through an online public service as well as digital-skills lessons."""

from __future__ import annotations

import pytest

from indicators.models import Indicator
from tests.review_factories import make_record

pytestmark = pytest.mark.django_db


def trained(web, commune_pk: int) -> int:
    report = web("officer.chanhlo").get(f"/reports/u/{commune_pk}/?period=today").context["report"]
    return next(r for r in report.indicators if r.indicator.code == "trained_working_age").numerator


def test_a_citizen_guided_through_dvctt_counts_as_trained_once(web, demo):
    indicator = Indicator.objects.get(code="trained_working_age")
    assert set(indicator.service_types.values_list("code", flat=True)) == {
        "digital_skills", "binh_dan_hoc_vu_so", "dvctt", "session_training", "session_outreach"}
    from accounts.models import User

    commune = User.objects.get(username="officer.chanhlo").unit
    before = trained(web, commune.pk)
    kw = {"name": "Phan Văn Học", "cccd": "051095004321", "birth_year": 1995, "status": "approved",
          "reviewer": "officer.chanhlo"}
    make_record("member.chanhlo", service="dvctt", procedure_name="Đăng ký khai sinh", application_code="HS-1", **kw)
    assert trained(web, commune.pk) == before + 1
    make_record("member.chanhlo", service="digital_skills", **kw)  # the same person again: still one
    assert trained(web, commune.pk) == before + 1
    make_record("member.chanhlo", service="vneid_l2", name="Lê Thị Khác", cccd="051095004322", birth_year=1995,
                status="approved", reviewer="officer.chanhlo")  # not a training service
    assert trained(web, commune.pk) == before + 1

"""Times the written report (issue 16): a commune-year A4 page and DOCX, the province DOCX, and "chốt".

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/report_documents.py [--records 2000000]

Honours DATABASE_URL; without it, uses bench/reports.py's SQLite file (bench/reports.sqlite3, recreated).
Fills the database with `manage.py generate_records` up to --records (nothing is added when it already
holds as many), refreshes the summary table when it lags the records, then requests the pages through
Django's test client as officer.chanhlo (its commune) and viewer.quangngai (its province). Times are
the median of --runs warm requests, in seconds. The report drafts it makes to time a draft with an
earlier cut-off and "chốt" are rolled back at the end. Prints one JSON line.

Goals at 2,000,000 records on PostgreSQL: commune-year page or DOCX < 1 s; province DOCX < 5 s.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]


class Rollback(Exception):
    pass


def main() -> None:
    from bench.reports import prepare, setup_django, timed  # the same as bench/reports.py

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from periods.periods import period_from_key
    from records.models import AssistanceRecord
    from reports.services import document_create, version_finalise

    prepare(args.records)
    officer, viewer = User.objects.get(username="officer.chanhlo"), User.objects.get(username="viewer.quangngai")
    commune, province = officer.unit, viewer.unit
    c_officer, c_viewer = Client(), Client()
    c_officer.force_login(officer)
    c_viewer.force_login(viewer)
    today = timezone.localdate()
    last, this = today.year - 1, today.year
    out = {"records": AssistanceRecord.objects.count(), "year": last}
    base_c, base_p = f"/reports/u/{commune.pk}", f"/reports/u/{province.pk}"
    out["commune_year_page_s"] = timed(c_officer, f"{base_c}/print/?period={last}", args.runs)
    out["commune_year_docx_s"] = timed(c_officer, f"{base_c}/report.docx?period={last}", args.runs)
    out["commune_current_year_docx_s"] = timed(c_officer, f"{base_c}/report.docx?period={this}", args.runs)
    out["province_year_docx_s"] = timed(c_viewer, f"{base_p}/report.docx?period={last}", args.runs)
    out["province_current_year_docx_s"] = timed(c_viewer, f"{base_p}/report.docx?period={this}", args.runs)
    try:
        with transaction.atomic():
            # A draft whose cut-off falls inside the period counts the shortened range from the records.
            cutoff = datetime.date(last, 11, 27)
            version = document_create(unit=commune, period=period_from_key(str(last)), by=officer, cutoff=cutoff)
            out["commune_cutoff_docx_s"] = timed(c_officer, f"{base_c}/report.docx?period={last}", args.runs)
            start = time.perf_counter()
            version_finalise(version=version, by=officer)
            out["commune_finalise_s"] = round(time.perf_counter() - start, 4)
            out["commune_finalised_page_s"] = timed(c_officer, f"/reports/documents/{version.document_id}/",
                                                    args.runs)
            pversion = document_create(unit=province, period=period_from_key(str(last)), by=viewer)
            start = time.perf_counter()
            version_finalise(version=pversion, by=viewer)
            out["province_finalise_s"] = round(time.perf_counter() - start, 4)
            raise Rollback
    except Rollback:
        pass
    print(json.dumps(out))


if __name__ == "__main__":
    main()

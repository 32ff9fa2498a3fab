"""Times the officer's work at scale (issue 19): approving one record, bulk-approving 100, the record
list page, and the XLSX and CSV exports of a large commune period.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/review.py [--records 2000000] [--xlsx-rows 100000]

Honours DATABASE_URL; without it, uses bench/reports.py's SQLite file (bench/reports.sqlite3, recreated).
Fills the database with `manage.py generate_records` up to --records (nothing is added when it already
holds as many) and refreshes the summary table when it lags the records, as bench/reports.py does.

- approve_one_ms: median of `review.services.record_decide(record=, by=officer, status=APPROVED)` over
  --approvals records; bulk_approve_100_s: `review.services.records_bulk_approve(records=, by=officer)`
  on a queryset of 100 submitted records scoped to the officer, as the page's button sends. The records
  are submitted by the bench itself, fresh on every run: copies of the officer's commune's latest records
  (same villages, members, services, citizens and households), inserted as submitted. Submitted records
  count in no figure, so the summary stays exact; the approvals are real and committed (summary upkeep,
  audit trail and whatever runs after commit included), so reruns measure the same work, with 120 more
  approved records each time.
- record_list_ms: median of GET /officer/records/ (the officer's record list, default filters) through
  Django's test client, warm.
- xlsx_*: GET /reports/u/<commune>/export.xlsx?period=<key> as the commune's officer (the record list
  sheet included), in a child process so that its peak memory (ru_maxrss growth during the request) is
  the export's alone. The commune and period (year, half, quarter or month) are those of the demo's
  communes whose record count is nearest to --xlsx-rows; xlsx_rows is the number of records the export
  lists. csv_*: the same records as CSV (table=records), streamed.

Officer: officer.chanhlo (phường Cẩm Thành). Times in milliseconds (_ms) or seconds (_s). Prints one
JSON line. Goals at 2,000,000 records on PostgreSQL: approve_one_ms < 50, bulk_approve_100_s < 1,
record_list_ms < 200, xlsx_s < 15 at 100,000 rows with flat memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]

OFFICER = "officer.chanhlo"


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def submit_copies(*, officer, count: int) -> list[int]:
    """`count` new submitted records: copies of the officer's communes' latest records, fresh client ids."""
    from django.db import transaction

    from records.models import AssistanceRecord, Status
    from records.selectors import records_visible_to

    originals = list(records_visible_to(user=officer).order_by("-occurred_at", "-id")[:count])
    if not originals:
        raise SystemExit(f"{officer.username} sees no record to copy: fill the database first.")
    copies = []
    for i in range(count):
        record = originals[i % len(originals)]
        record.pk = record.id = None
        record._state.adding = True
        record.client_uuid = uuid.uuid4()
        record.status = Status.SUBMITTED
        record.reviewed_by_id, record.reviewed_at, record.review_reason = None, None, ""
        copies.append(record)
    with transaction.atomic():  # bulk_create sends no signal: fine, a submitted record counts in no figure
        made = AssistanceRecord.objects.bulk_create(copies)
    ids = [r.pk for r in made]
    if None in ids:  # a backend that does not return ids (not PostgreSQL or SQLite ≥ 3.35)
        uuids = [r.client_uuid for r in copies]
        ids = list(AssistanceRecord.objects.filter(client_uuid__in=uuids).values_list("pk", flat=True))
    return ids


def measure_approvals(*, officer, singles: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from records.models import AssistanceRecord, Status
    from review import selectors, services

    ids = submit_copies(officer=officer, count=singles + 100)
    single_ids, bulk_ids = ids[:singles], ids[singles:]
    times, queries = [], []
    for pk in single_ids:
        record = AssistanceRecord.objects.get(pk=pk)
        reset_queries()  # the log keeps 9,000 queries: counts past that would read 0
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            services.record_decide(record=record, by=officer, status=Status.APPROVED)
            times.append(time.perf_counter() - start)
        queries.append(len(ctx.captured_queries))
    scoped = selectors.records_for_review(user=officer).filter(pk__in=bulk_ids)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        approved = services.records_bulk_approve(records=scoped, by=officer)
        bulk_s = time.perf_counter() - start
    # Checked in the database, not from what the services return (their return values may change).
    left = AssistanceRecord.objects.filter(pk__in=ids).exclude(status=Status.APPROVED).count()
    if left:
        raise SystemExit(f"{left} of the bench's {len(ids)} records are not approved (bulk said {approved!r}).")
    return {"approve_one_ms": round(statistics.median(times) * 1000, 1),
            "approve_one_max_ms": round(max(times) * 1000, 1),
            "approve_one_queries": int(statistics.median(queries)),
            "bulk_approve_100_s": round(bulk_s, 3), "bulk_approve_100_queries": len(ctx.captured_queries)}


def measure_record_list(*, officer, runs: int) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.reports import timed

    client = Client()
    client.force_login(officer)
    seconds = timed(client, "/officer/records/", runs)
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        client.get("/officer/records/")
    return {"record_list_ms": round(seconds * 1000, 1), "record_list_queries": len(ctx.captured_queries)}


def pick_export(target: int) -> tuple[str, int, str, int]:
    """(officer username, commune pk, period key, rows) of the demo's commune periods nearest `target` rows."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from accounts.models import Role, User
    from orgunits.selectors import villages_within
    from periods.periods import local_tz
    from records.selectors import records_visible_to

    best = None
    for officer in User.objects.filter(role=Role.OFFICER, is_active=True, unit__level="commune").select_related("unit"):
        months: dict[tuple[int, int], int] = {}
        rows = (records_visible_to(user=officer).filter(village_id__in=villages_within(unit=officer.unit))
                .annotate(m=TruncMonth("occurred_at", tzinfo=local_tz())).order_by().values("m")
                .annotate(n=Count("id")).values_list("m", "n"))
        for month, n in rows:
            months[(month.year, month.month)] = n
        candidates: dict[str, int] = {}
        for (year, month), n in months.items():
            for key in (f"{year}", f"{year}-H{(month - 1) // 6 + 1}", f"{year}-Q{(month - 1) // 3 + 1}",
                        f"{year}-{month:02d}"):
                candidates[key] = candidates.get(key, 0) + n
        for key, n in candidates.items():
            score = (abs(n - target), -n)
            if best is None or score < best[0]:
                best = (score, officer.username, officer.unit_id, key, n)
    if best is None:
        raise SystemExit("No officer of a commune sees any record.")
    return best[1:]


def export_child(fmt: str, username: str, unit_pk: int, key: str) -> None:
    """In a fresh process: one export, its time, size and peak memory growth."""
    from bench.reports import setup_django

    setup_django()
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/officer/records/?status=rejected&village=0")  # warm the process a little, cheaply
    url = (f"/reports/u/{unit_pk}/export.xlsx?period={key}" if fmt == "xlsx"
           else f"/reports/u/{unit_pk}/export.csv?period={key}&table=records")
    before = _maxrss_mb()
    start = time.perf_counter()
    response = client.get(url)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    seconds = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    print(json.dumps({f"{fmt}_s": round(seconds, 2), f"{fmt}_bytes": size,
                      f"{fmt}_peak_rss_growth_mb": round(_maxrss_mb() - before, 1),
                      f"{fmt}_streamed": bool(response.streaming)}))


def measure_export(fmt: str, username: str, unit_pk: int, key: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--export-child", fmt, username, str(unit_pk), key],
                          env=os.environ, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"The {fmt} export failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    from bench.reports import prepare, setup_django  # the same as bench/reports.py

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--approvals", type=int, default=20, help="single approvals to time (median)")
    parser.add_argument("--runs", type=int, default=7, help="requests of the record list to time (median)")
    parser.add_argument("--xlsx-rows", type=int, default=100_000,
                        help="export the demo's commune period nearest this many records (0: no export)")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")
    parser.add_argument("--export-child", nargs=4, metavar=("FMT", "USER", "UNIT", "PERIOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child:
        fmt, username, unit_pk, key = args.export_child
        export_child(fmt, username, int(unit_pk), key)
        return
    setup_django()
    from accounts.models import User
    from records.models import AssistanceRecord

    prepare(args.records)
    officer = User.objects.get(username=OFFICER)
    out: dict = {"records": AssistanceRecord.objects.count()}
    out.update(measure_approvals(officer=officer, singles=args.approvals))
    out.update(measure_record_list(officer=officer, runs=args.runs))
    if args.xlsx_rows:
        username, unit_pk, key, rows = pick_export(args.xlsx_rows)
        out.update({"xlsx_rows": rows, "xlsx_period": key, "xlsx_unit": unit_pk})
        out.update(measure_export("xlsx", username, unit_pk, key))
        if not args.no_csv:
            out.update(measure_export("csv", username, unit_pk, key))
    print(json.dumps(out))


if __name__ == "__main__":
    main()

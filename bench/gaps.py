"""Times the commune's village-gap page (issue 14) and its XLSX, and the commune dashboard beside them.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/gaps.py [--records 2000000]

Honours DATABASE_URL (without it, bench/reports.py's SQLite file); prepares the database as the other
benches do (bench.reports.prepare: migrate, demo, generate_records up to --records, summary current).
Requests, as officer.chanhlo (phường Cẩm Thành), warm, median of --runs, in milliseconds:

- gaps_ms: /reports/u/<commune>/gaps/ for the current year, the officer's named "chưa xong" list included;
- gaps_xlsx_ms: its XLSX;
- dashboard_ms: the commune dashboard /reports/u/<commune>/ for the same year;
- survey_page_bytes, survey_answer_ms: the citizen's public page /y-kien/<token>/ (size of the HTML) and
  the POST of an answer, anonymous, from one address per answer (median over --runs fresh tokens of
  member.chanhlo; the answers are real and committed).

Prints one JSON line with the counts behind them (records, the commune's villages, "chưa xong" rows).
Goal (issue 14): the gap page within the dashboard budget, < 100 ms for a commune at 2,000,000 records.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]


def main() -> None:
    from bench.reports import prepare, setup_django, timed

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from indicators.selectors import child_units
    from orgunits.selectors import unit_with_history_ids
    from periods.periods import period_from_key
    from records.models import AssistanceRecord
    from records.selectors import citizens_unfinished
    from reports.gap_views import UNFINISHED_COUNTED, UNFINISHED_SHOWN

    prepare(args.records)
    officer = User.objects.get(username="officer.chanhlo")
    commune = officer.unit
    client = Client()
    client.force_login(officer)
    year = timezone.localdate().year
    gaps = f"/reports/u/{commune.pk}/gaps/?period={year}"
    with CaptureQueriesContext(connection) as ctx:
        client.get(gaps)
    period = period_from_key(str(year))
    _rows, unfinished, more = citizens_unfinished(
        user=officer, commune_ids=unit_with_history_ids(unit=commune), start=period.start_dt, before=period.end_dt,
        limit=UNFINISHED_SHOWN, count_cap=UNFINISHED_COUNTED)
    out = {
        "records": AssistanceRecord.objects.count(), "commune": commune.full_name, "year": year,
        "villages": len(child_units(unit=commune)), "unfinished_rows": unfinished, "unfinished_more": more,
        "gaps_queries": len(ctx.captured_queries),
        "gaps_ms": round(timed(client, gaps, args.runs) * 1000, 1),
        "gaps_xlsx_ms": round(timed(client, f"/reports/u/{commune.pk}/gaps.xlsx?period={year}", args.runs) * 1000, 1),
        "dashboard_ms": round(timed(client, f"/reports/u/{commune.pk}/?period={year}", args.runs) * 1000, 1),
    }
    out.update(measure_survey(runs=args.runs))
    print(json.dumps(out, ensure_ascii=False))


def measure_survey(*, runs: int) -> dict:
    import statistics
    import time

    from django.test import Client

    from accounts.models import User
    from satisfaction.services import tokens_issue

    member = User.objects.get(username="member.chanhlo")
    tokens = [t.token for t in tokens_issue(member=member)][: runs + 1]
    citizen = Client()
    page = citizen.get(f"/y-kien/{tokens[0]}/")
    times = []
    for i, token in enumerate(tokens[1:]):
        start = time.perf_counter()
        response = citizen.post(f"/y-kien/{token}/", {"rating": "happy", "comment": "Cảm ơn"},
                                REMOTE_ADDR=f"10.9.{i // 250}.{i % 250}")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return {"survey_page_bytes": len(page.content), "survey_answer_ms": round(statistics.median(times) * 1000, 1)}


if __name__ == "__main__":
    main()

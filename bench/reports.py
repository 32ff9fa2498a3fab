"""Times the province report and the commune dashboard at a small and a large number of records.

    .venv/bin/python bench/reports.py [--small 20000] [--large 2000000] [--no-country]

Honours DATABASE_URL; without it, uses its own SQLite file (bench/reports.sqlite3, recreated) so the
developer's database is left alone. Loads the whole country with its history (`manage.py load_units
--history`: 34 provinces, 3,321 communes, and the 10,794 former units) and the demo, fills the database
with `manage.py generate_records` up to each size, refreshes the summary table
(indicators.services.summary_rebuild) when it lags the records, then requests the pages through
Django's test client and prints one JSON line. The province report is that of the demo's province with
the most communes (Thanh Hóa: 166 communes, 713 with the former ones), read by an administrator; the
commune dashboard is officer.chanhlo's (phường Cẩm Thành). Times are the median of several warm
requests, in seconds.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        db = ROOT / "bench" / "reports.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def fill(target: int) -> int:
    from django.core.management import call_command

    from records.models import AssistanceRecord

    have = AssistanceRecord.objects.count()
    if have < target:
        call_command("generate_records", count=target - have, seed=target, no_progress=True, stdout=io.StringIO())
    return AssistanceRecord.objects.count()


def prepare(records: int) -> None:
    """Migrated, with the demo loaded and at least `records` records, the summary current."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    fill(records)
    refresh_summary()


def refresh_summary() -> None:
    from django.db.models import Sum

    from indicators.models import SummaryCell
    from indicators.services import summary_rebuild
    from records.models import AssistanceRecord, Status

    approved = AssistanceRecord.objects.filter(status=Status.APPROVED).count()
    counted = SummaryCell.objects.filter(scope__startswith="t", kind="y", metric="all").aggregate(n=Sum("visits"))["n"]
    if counted != approved:
        summary_rebuild()


def timed(client, url: str, runs: int = 7) -> float:
    client.get(url)  # warm: templates, translations, connection
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return round(statistics.median(times), 4)


def largest_demo_province():
    """The current province of the demo's officers with the most current communes, and that number."""
    from django.db.models import Count, Q

    from accounts.models import Role, User
    from orgunits.models import OrgUnit

    provinces = User.objects.filter(role=Role.OFFICER).values_list("unit__province_id", flat=True)
    best = OrgUnit.objects.filter(pk__in=provinces).annotate(
        n=Count("children", filter=Q(children__level="commune", children__valid_to__isnull=True))).order_by("-n")[0]
    return best, best.n


def measure() -> tuple[float, float]:
    from django.test import Client

    from accounts.models import User

    admin, officer = User.objects.get(username="admin"), User.objects.get(username="officer.chanhlo")
    province, commune = largest_demo_province()[0], officer.unit
    c_admin, c_officer = Client(), Client()
    c_admin.force_login(admin)
    c_officer.force_login(officer)
    return timed(c_admin, f"/reports/u/{province.pk}/"), timed(c_officer, f"/reports/u/{commune.pk}/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=2_000_000)
    parser.add_argument("--no-country", action="store_true", help="only the demo's units, not the whole country")
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    if not args.no_country:
        call_command("load_units", history=True, no_progress=True, stdout=io.StringIO())
    load_units_s = round(time.perf_counter() - started, 2)
    call_command("load_demo", stdout=io.StringIO())
    small = fill(args.small)
    refresh_summary()
    province_small, _commune_small = measure()
    large = fill(args.large)
    refresh_summary()
    province_large, commune_large = measure()
    province, communes = largest_demo_province()
    print(json.dumps({
        "small": small, "large": large, "province": province.name, "province_communes": communes,
        "load_units_history_s": None if args.no_country else load_units_s,
        "province_report_small_s": province_small, "province_report_large_s": province_large,
        "commune_dashboard_large_s": commune_large,
        "ratio": round(province_large / province_small, 3) if province_small else None,
    }))


if __name__ == "__main__":
    main()

"""Times one 200-record sync batch against a real server, and weighs the PWA shell.

    .venv/bin/python bench/sync.py [--batches 3]

Starts gunicorn on loopback over a throw-away database (bench/server.py: a fresh SQLite file, or a
fresh PostgreSQL database next to the one DATABASE_URL names), signs in as member.chanhlo with a
token and POSTs batches of 200 new records (a third of them with a citizen and a CCCD number).
Prints one JSON line: {"sync_200_s": median seconds per batch, "shell_gzip_bytes": gzip size of
the PWA's JavaScript and CSS, file by file as a browser downloads them, "lazy_decoder_gzip_bytes": the
same for pwa/static/field/vendor/, loaded only on demand}.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from server import Server, create_database  # noqa: E402

SHELL_DIR = ROOT / "pwa" / "static" / "field"
BATCH = 200


VENDOR_DIR = SHELL_DIR / "vendor"  # lazily loaded (import() on demand, e.g. the QR decoder): not in the shell


def _gzip_bytes(files) -> int:
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=9, mtime=0)) for f in files)


def shell_gzip_bytes() -> int:
    files = sorted([*SHELL_DIR.rglob("*.js"), *SHELL_DIR.rglob("*.css")])
    return _gzip_bytes(f for f in files if VENDOR_DIR not in f.parents)


def lazy_gzip_bytes() -> int:
    """What the app downloads only when a feature needs it (the QR decoder when "Quét CCCD" is pressed)."""
    return _gzip_bytes(sorted(VENDOR_DIR.rglob("*.js")))


def cccd(rng: random.Random, year: int) -> str:
    century = 0 if year < 2000 else 2
    sex = rng.randint(0, 1)
    return f"051{century + sex}{year % 100:02d}{rng.randint(0, 999_999):06d}"


def batch(rng: random.Random, me: dict) -> list[dict]:
    villages = [v["id"] for v in me["villages"]]
    services = [s["code"] for s in me["service_types"]]
    now = datetime.now(UTC)
    records = []
    for i in range(BATCH):
        outcome = rng.choices(["success", "pending", "failed"], [8, 1, 1])[0]
        record = {
            "client_uuid": str(uuid.uuid4()), "client_version": 1, "service_type": rng.choice(services),
            "village": rng.choice(villages), "occurred_at": (now - timedelta(minutes=rng.randint(5, 60 * 24 * 30))).isoformat(),
            "outcome": outcome, "outcome_reason": "no_signal" if outcome == "failed" else "",
            "place": rng.choice(["home", "village_hall", "commune_office"]), "note": f"Ghi chú {i}",
        }
        if i % 3 == 0:
            year = rng.randint(1945, 2007)
            record["citizen"] = {"full_name": f"Người dân {i}", "birth_year": year, "gender": "female",
                                 "cccd": cccd(rng, year), "consent": True}
        records.append(record)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(2026)

    db = create_database(purpose="sync")
    server = Server(db)
    try:
        server.start()
        token = server.token("member.chanhlo")
        status, me = server.request("GET", "/api/v1/me/", token=token)
        if status != 200:
            raise RuntimeError(f"/api/v1/me/ answered {status}")
        server.request("POST", "/api/v1/sync/", {"records": batch(rng, me)[:5]}, token=token)  # warm-up
        times = []
        for _ in range(args.batches):
            records = batch(rng, me)
            started = time.perf_counter()
            status, data = server.request("POST", "/api/v1/sync/", {"records": records}, token=token, timeout=300)
            times.append(time.perf_counter() - started)
            results = [r["result"] for r in (data or {}).get("records", [])]
            if status != 200 or results != ["created"] * BATCH:
                raise RuntimeError(f"sync answered {status}: {[r for r in results if r != 'created'][:3]}")
    finally:
        server.stop()
        db.drop()
    print(json.dumps({"sync_200_s": round(statistics.median(times), 3), "shell_gzip_bytes": shell_gzip_bytes(),
                      "lazy_decoder_gzip_bytes": lazy_gzip_bytes()}))


if __name__ == "__main__":
    main()

"""Load: N simulated team members syncing small batches and reading their records for S seconds.

    .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--batch 5] [--think 1.0]

A member pauses --think seconds (±50 %) between requests, as a person at a door does; --think 0
turns every member into a tight loop, which measures the server's saturation, not 50 phones.

Starts its own gunicorn on 127.0.0.1 against a fresh database (DATABASE_URL: a dedicated
PostgreSQL database next to it, else a temporary SQLite file), with the demo loaded; stops and
drops everything at the end. Prints one JSON line: {"requests", "errors", "p50_ms", "p95_ms"}.
Loopback only; bounded in time (--seconds plus start-up) and in requests per simulated member.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import Server, create_database  # noqa: E402

TEAM_USERS = ["member.chanhlo", "member.tinhlong", "member.ngoctrao", "member.hungdao",
              "leader.chanhlo", "leader.ngoctrao"]
MAX_REQUESTS_PER_USER = 100_000


def a_record(village: int, n: int) -> dict:
    return {
        "client_uuid": str(uuid.uuid4()),
        "client_version": 1,
        "service_type": "vneid_l2",
        "village": village,
        "occurred_at": datetime.now(UTC).isoformat(),
        "outcome": "success",
        "place": "home",
        "note": f"load {n}",
    }


class Member(threading.Thread):
    def __init__(self, *, server: Server, token: str, villages: list[int], batch: int, until: float,
                 think: float) -> None:
        super().__init__(daemon=True)
        self.server, self.token, self.villages, self.batch, self.until = server, token, villages, batch, until
        self.think = think
        self.random = random.Random(id(self))
        self.latencies: list[float] = []
        self.by_endpoint: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def timed(self, method: str, path: str, body: dict | None = None) -> None:
        started = time.perf_counter()
        try:
            status, data = self.server.request(method, path, body, token=self.token, timeout=30)
        except OSError as exc:
            self.errors.append(f"{method} {path}: {exc!r}")
            status, data = None, None
        elapsed = (time.perf_counter() - started) * 1000
        self.latencies.append(elapsed)
        self.by_endpoint.setdefault(f"{method} {path.split('?')[0]}", []).append(elapsed)
        if status is not None and status != 200:
            self.errors.append(f"{method} {path}: {status} {str(data)[:200]}")
        elif method == "POST" and data is not None:
            bad = [r for r in data.get("records", []) if r.get("result") not in {"created", "exists", "updated"}]
            if bad:
                self.errors.append(f"sync refused: {str(bad[0])[:200]}")

    def pause(self) -> None:
        if self.think > 0:
            time.sleep(min(self.think * self.random.uniform(0.5, 1.5), max(0.0, self.until - time.monotonic())))

    def run(self) -> None:
        n = 0
        self.pause()  # members do not all start in the same millisecond
        while time.monotonic() < self.until and len(self.latencies) < MAX_REQUESTS_PER_USER:
            records = [a_record(self.villages[(n + i) % len(self.villages)], n + i) for i in range(self.batch)]
            n += self.batch
            self.timed("POST", "/api/v1/sync/", {"records": records})
            self.pause()
            if time.monotonic() >= self.until:
                break
            self.timed("GET", "/api/v1/records/?mine=1")
            self.pause()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--batch", type=int, default=5, help="records per sync request")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a member's requests")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: config file)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--verbose", action="store_true", help="print the first errors to stderr")
    args = parser.parse_args(argv)
    if not (1 <= args.users <= 500 and 0 < args.seconds <= 3600 and 1 <= args.batch <= 200):
        parser.error("--users 1..500, --seconds up to 3600, --batch 1..200")

    db = create_database(purpose="load")
    import os

    workers = args.workers or min(2 * (os.cpu_count() or 1) + 1, 9)
    # Fifty phones behind one loopback address: lift the per-address sign-in throttle for the run.
    os.environ["LOGIN_THROTTLE_RATE"] = "100000/min"
    server = Server(db=db, workers=workers, threads=args.threads)
    try:
        server.start()
        accounts = {}
        for username in TEAM_USERS:
            token = server.token(username)
            status, villages = server.request("GET", "/api/v1/villages/", token=token)
            ids = [v["id"] for v in villages or []] if status == 200 else []
            if ids:
                accounts[username] = (token, ids)
        if not accounts:
            raise RuntimeError("no team member could sign in and see a village")
        names = sorted(accounts)
        until = time.monotonic() + args.seconds
        members = [
            Member(server=server, token=accounts[names[i % len(names)]][0],
                   villages=accounts[names[i % len(names)]][1], batch=args.batch, until=until, think=args.think)
            for i in range(args.users)
        ]
        for member in members:
            member.start()
        for member in members:
            member.join(timeout=args.seconds + 60)
        latencies = [ms for m in members for ms in m.latencies]
        errors = [e for m in members for e in m.errors]
        if args.verbose:
            for error in errors[:10]:
                print(error, file=sys.stderr)
            endpoints: dict[str, list[float]] = {}
            for m in members:
                for name, values in m.by_endpoint.items():
                    endpoints.setdefault(name, []).extend(values)
            for name, values in sorted(endpoints.items()):
                print(f"{name}: n={len(values)} p50={percentile(values, 50):.0f} ms "
                      f"p95={percentile(values, 95):.0f} ms", file=sys.stderr)
        print(json.dumps({
            "requests": len(latencies),
            "errors": len(errors),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
        }))
        return 0
    finally:
        server.stop()
        db.drop()


if __name__ == "__main__":
    sys.exit(main())

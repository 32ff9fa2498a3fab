"""A real gunicorn dies, or loses its database, in the middle of a 200-record sync; the phone retries.

Every record must end up on the server exactly once. The server runs in its own processes against
its own database (bench.server: a dedicated PostgreSQL database when DATABASE_URL names one, else
a temporary SQLite file), so nothing here uses pytest-django's test database.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

import pytest

from bench.server import Server, create_database

BATCH = 200
USERNAME = "member.chanhlo"


@pytest.fixture
def database():
    db = create_database(purpose="faults")
    yield db
    db.drop()


@pytest.fixture
def server(database):
    srv = Server(db=database, workers=2, threads=2).start()
    yield srv
    srv.kill()


def a_batch(village: int) -> list[dict]:
    now = datetime.now(UTC).isoformat()
    return [
        {"client_uuid": str(uuid.uuid4()), "client_version": 1, "service_type": "vneid_l2", "village": village,
         "occurred_at": now, "outcome": "success", "place": "home", "note": f"fault test {i}"}
        for i in range(BATCH)
    ]


def count_of(db, uuids: list[str]) -> tuple[int, int]:
    """(rows, distinct client_uuids) among the batch's records, read straight from the database."""
    conn = db.connect()
    try:
        marks = ",".join(["?" if db.vendor == "sqlite" else "%s"] * len(uuids))
        values = [u.replace("-", "") for u in uuids] if db.vendor == "sqlite" else uuids
        row = conn.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT client_uuid) FROM records_assistancerecord "
            f"WHERE client_uuid IN ({marks})", values,
        ).fetchone()
        return int(row[0]), int(row[1])
    finally:
        conn.close()


def post_in_background(server: Server, token: str, batch: list[dict]) -> dict:
    outcome: dict = {}

    def send():
        try:
            outcome["status"], outcome["body"] = server.request(
                "POST", "/api/v1/sync/", {"records": batch}, token=token, timeout=120)
        except OSError as exc:  # the connection dies with the server
            outcome["error"] = exc

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    outcome["thread"] = thread
    return outcome


def sync_duration(server: Server, token: str, village: int) -> float:
    """How long this machine takes to store a 200-record batch: the fault lands at half of it."""
    started = time.monotonic()
    status, _ = server.request("POST", "/api/v1/sync/", {"records": a_batch(village)}, token=token, timeout=120)
    assert status == 200
    return time.monotonic() - started


def fault_mid_request(server: Server, token: str, village: int, fault) -> tuple[list[dict], dict]:
    """Send a batch and inject `fault` while the server is still working on it (no answer yet).

    The batch may be stored in one transaction, so "in the middle" is judged by the client: the
    fault must come before any response. A few tries with a shorter delay if the server was quicker.
    """
    delay = sync_duration(server, token, village) / 2
    for _ in range(4):
        batch = a_batch(village)
        inflight = post_in_background(server, token, batch)
        time.sleep(delay)
        if not inflight["thread"].is_alive():
            delay /= 2
            continue
        fault()
        inflight["thread"].join(timeout=120)
        return batch, inflight
    pytest.fail("the server always answered before the fault could be injected")


def retry_until_accepted(server: Server, token: str, batch: list[dict], attempts: int = 10) -> list[dict]:
    """What the phone's outbox does: send the same batch again until the server answers it."""
    for _ in range(attempts):
        try:
            status, body = server.request("POST", "/api/v1/sync/", {"records": batch}, token=token, timeout=120)
        except OSError:
            status, body = None, None
        if status == 200:
            return body["records"]
        time.sleep(0.5)
    pytest.fail("the retried batch was never accepted")


def first_village(server: Server, token: str) -> int:
    status, villages = server.request("GET", "/api/v1/villages/", token=token)
    assert status == 200 and villages
    return villages[0]["id"]


def test_a_server_killed_mid_sync_then_restarted_keeps_every_record_exactly_once(server, database):
    token = server.token(USERNAME)
    # SIGKILL to master and workers: no graceful shutdown, no response.
    batch, inflight = fault_mid_request(server, token, first_village(server, token), server.kill)
    uuids = [r["client_uuid"] for r in batch]
    assert "status" not in inflight, "the client should have lost its connection"
    rows_after_kill, distinct = count_of(database, uuids)
    assert rows_after_kill == distinct <= BATCH

    server.start()
    results = retry_until_accepted(server, token, batch)

    assert [r["client_uuid"] for r in results] == uuids
    assert {r["result"] for r in results} <= {"created", "exists"}
    assert sum(r["result"] == "exists" for r in results) == rows_after_kill
    assert count_of(database, uuids) == (BATCH, BATCH)
    # And once more, as a phone that never saw the answer would: nothing changes.
    again = retry_until_accepted(server, token, batch)
    assert {r["result"] for r in again} == {"exists"}
    assert count_of(database, uuids) == (BATCH, BATCH)


def cut_the_database(database) -> None:
    """PostgreSQL: terminate every server connection to the database, as a restart of PostgreSQL or
    a network cut would. SQLite has no connection to cut (it is a file opened inside each worker);
    the honest equivalent is the database becoming unavailable: we take the write lock from outside
    and hold it for three seconds, so the workers' writes stall mid-batch and must wait or fail."""
    conn = database.connect()
    if database.vendor == "postgresql":
        killed = conn.execute(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
        conn.close()
        assert killed >= 1
        return
    conn.execute("BEGIN IMMEDIATE")
    time.sleep(3)
    conn.execute("COMMIT")
    conn.close()


def test_a_database_connection_dropped_mid_sync_loses_and_doubles_nothing(server, database):
    token = server.token(USERNAME)
    batch, inflight = fault_mid_request(
        server, token, first_village(server, token), lambda: cut_the_database(database))
    uuids = [r["client_uuid"] for r in batch]
    # The interrupted request either failed (5xx or lost connection) or finished after the stall;
    # it never half-reports: when it answers 200, every record it reports as stored is stored.
    if inflight.get("status") == 200:
        reported = [r for r in inflight["body"]["records"] if r["result"] in {"created", "exists"}]
        assert count_of(database, [r["client_uuid"] for r in reported])[0] == len(reported)

    results = retry_until_accepted(server, token, batch)

    assert {r["result"] for r in results} <= {"created", "exists"}
    assert count_of(database, uuids) == (BATCH, BATCH)
    # The server itself is still healthy: a fresh read works on new connections.
    status, _ = server.request("GET", "/api/v1/records/?mine=1", token=token)
    assert status == 200

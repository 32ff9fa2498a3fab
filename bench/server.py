"""A throw-away database and a real gunicorn on loopback, for the load script and the fault tests.

The database follows DATABASE_URL: on PostgreSQL a dedicated database is created next to the named
one (and dropped afterwards); otherwise a fresh SQLite file in a temporary directory. Either way it
is migrated and given the demo data, so the demo users and their password work.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
DEMO_PASSWORD = "Demo@2026"


@dataclass
class Database:
    url: str
    vendor: str
    cleanup_dir: Path | None = None
    admin_url: str | None = None
    name: str = ""

    def connect(self):
        """A direct connection from the test process (sqlite3 or psycopg), autocommit."""
        if self.vendor == "sqlite":
            import sqlite3

            conn = sqlite3.connect(urlsplit(self.url).path, timeout=30, isolation_level=None)
            return conn
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def drop(self) -> None:
        if self.vendor == "postgresql" and self.admin_url:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [self.name]
                )
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
        if self.cleanup_dir:
            shutil.rmtree(self.cleanup_dir, ignore_errors=True)


def create_database(*, purpose: str) -> Database:
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(base)
        name = f"{(parts.path.lstrip('/') or 'postgres')}_{purpose}_{os.getpid()}_{secrets.token_hex(3)}"
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        import psycopg

        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        db = Database(url=urlunsplit(parts._replace(path=f"/{name}")), vendor="postgresql",
                      admin_url=admin_url, name=name)
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f"cnscd-{purpose}-"))
        db = Database(url=f"sqlite:///{tmp / 'db.sqlite3'}", vendor="sqlite", cleanup_dir=tmp)
    try:
        for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=server_env(db),
                           check=True, capture_output=True, timeout=600)
    except BaseException:
        db.drop()
        raise
    return db


def server_env(db: Database, **extra: str) -> dict[str, str]:
    """Production settings, except plain HTTP: the server listens on loopback only."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=db.url, DEBUG="0", SECRET_KEY=env.get("BENCH_SECRET_KEY", secrets.token_urlsafe(64)),
        ALLOWED_HOSTS=LOOPBACK, SECURE_SSL_REDIRECT="0", LOG_LEVEL="ERROR", **extra,
    )
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    db: Database
    port: int = field(default_factory=free_port)
    workers: int = 2
    threads: int = 4
    process: subprocess.Popen | None = None
    env_secret: str = field(default_factory=lambda: secrets.token_urlsafe(64))

    def start(self, timeout: float = 60) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if not gunicorn.exists():
            raise RuntimeError(f"gunicorn is not installed next to {sys.executable}")
        env = server_env(self.db, BENCH_SECRET_KEY=self.env_secret, GUNICORN_ACCESSLOG="",
                         GUNICORN_LOGLEVEL="warning")
        env["SECRET_KEY"] = self.env_secret  # the same key across restarts: tokens and sessions stay valid
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "backend/config/gunicorn.conf.py", "--bind", f"{LOOPBACK}:{self.port}",
             "--workers", str(self.workers), "--threads", str(self.threads)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.process.stderr.read().decode()[-2000:]}")
            try:
                status, _ = self.request("GET", "/api/v1/schema/", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not answer in time")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Kill the master and its workers (their own process group), as a crash or OOM would."""
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None,
                timeout: float = 60) -> tuple[int, dict | list | None]:
        conn = http.client.HTTPConnection(LOOPBACK, self.port, timeout=timeout)
        try:
            headers = {"Accept": "application/json", "Host": LOOPBACK}
            payload = None
            if body is not None:
                payload = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            if token:
                headers["Authorization"] = f"Token {token}"
            conn.request(method, path, body=payload, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            try:
                data = json.loads(raw) if raw else None
            except ValueError:
                data = None
            return response.status, data
        finally:
            conn.close()

    def token(self, username: str) -> str:
        status, data = self.request("POST", "/api/v1/auth/token/",
                                    {"username": username, "password": DEMO_PASSWORD})
        if status != 200:
            raise RuntimeError(f"no token for {username}: {status} {data}")
        return data["token"]

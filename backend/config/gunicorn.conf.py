"""gunicorn settings for one modest server: `gunicorn -c backend/config/gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_*), so the same file serves a
2-core VPS and a bigger box. gunicorn also reads GUNICORN_CMD_ARGS for anything not named here.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

wsgi_app = "config.wsgi:application"
pythonpath = str(ROOT / "backend")
chdir = str(ROOT)

# Loopback by default: a reverse proxy (nginx, Caddy) terminates TLS in front of us.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync work is short database transactions: a few processes, each with a few threads.
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A 200-record batch with photos over 3G takes time to arrive, not to process; nginx buffers it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes the server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200
# Bounded request line and headers: nothing legitimate comes close.
limit_request_line = 8190
limit_request_fields = 100
# Only the local proxy may say the request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

"""Logging at the edge: a refused request is the client's mistake, logged in one line, never with a traceback."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """On a handler: Django logs a 403 (PermissionDenied) with the exception's traceback; keep the line only.

    Tracebacks stay for what is ours to fix: every record of a 5xx, and every record that is not about a
    response (no status_code).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True

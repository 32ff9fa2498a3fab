"""Contention is not an error: a write that PostgreSQL picked as a deadlock victim is tried again.

Locks taken in a fixed order (indicators.upkeep, records.services.record_lock) make deadlocks rare; what
remains (say, an administrator deleting many records beside a bulk approval) is retried a few times
before the request fails. Only the outermost transaction can be retried: inside another one, the
error goes up to whoever opened it.
"""

from __future__ import annotations

import functools
import logging
import random
import time

from django.db import OperationalError, connection, transaction

logger = logging.getLogger("edge.retry")

RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected
ATTEMPTS = 4


def is_retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) in RETRYABLE or getattr(cause, "pgcode", None) in RETRYABLE


def retry_on_conflict(function):
    """Runs `function` in a transaction, again (up to ATTEMPTS times) when the database gives up on it."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        if connection.in_atomic_block:
            return function(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    return function(*args, **kwargs)
            except OperationalError as exc:
                if attempt == ATTEMPTS or not is_retryable(exc):
                    raise
                logger.warning("%s: %s, attempt %d of %d", function.__qualname__, exc, attempt, ATTEMPTS)
                time.sleep(random.uniform(0.005, 0.05) * attempt)
        raise AssertionError("unreachable")

    return wrapped

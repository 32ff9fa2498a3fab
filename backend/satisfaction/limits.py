"""Per-address rate limit of the public survey page, in the project's cache (the database cache).

The key is a keyed hash of the address, and it expires with the window: no address is kept longer.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 600
MAX_POSTS = 20


def _key(address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"survey:{address}".encode(), hashlib.sha256).hexdigest()
    return f"survey-rl:{digest[:32]}"


def over_limit(address: str | None) -> bool:
    """Count one attempt from this address; True when it is beyond MAX_POSTS within the window."""
    key = _key(address or "-")
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return False
    return count > MAX_POSTS

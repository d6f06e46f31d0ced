"""A fixed-window rate limit on the cache (per client address): enough to make enumerating codes pointless.

With the default per-process cache each web process counts on its own; a shared cache (Redis) makes it global.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request: HttpRequest, *, scope: str, limit: int | None = None, window: int = 60) -> bool:
    """Count this request; True once the client made more than `limit` requests in the current window."""
    limit = limit if limit is not None else settings.CERTIFICATES_VERIFY_RATE_LIMIT
    key = f"ratelimit:{scope}:{client_address(request)}:{int(time.time() // window)}"
    if cache.add(key, 1, timeout=window + 1):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return False
    return count > limit

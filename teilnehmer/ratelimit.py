"""A small fixed-window rate limit per client address through Django's cache
(local memory, or Redis when several app servers share the load)."""

import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache


def allow(request, *, scope, limit, window):
    """Count this request; ``False`` once ``limit`` is exceeded in ``window`` s."""
    address = get_client_ip_address(request) or "unknown"
    key = f"siko-rate:{scope}:{address}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit

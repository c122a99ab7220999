"""Failed guesses per client address, counted in Django's cache (local memory,
or Redis when several app servers share the load, so that all workers see one
count).

Only failures count – a bad partner link, an unknown calendar feed – so that
200 partners behind one proxy, each with a good link, are never refused, while
an address that keeps guessing is.
"""

import time

from django.core.cache import cache

from konferenz.core.client import client_address


def _window_key(scope, subject, window):
    return f"siko-rate:{scope}:{subject}:{int(time.time() // window)}"


def _key(request, scope, window):
    return _window_key(scope, client_address(request) or "unknown", window)


def _increment(key, window):
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 1)
        return 1


def blocked(request, *, scope: str, limit: int, window: int) -> bool:
    """Whether this address already failed ``limit`` times in this window."""
    return (cache.get(_key(request, scope, window)) or 0) >= limit


def record_failure(request, *, scope: str, window: int) -> None:
    """Count one failed guess of this address."""
    _increment(_key(request, scope, window), window)


def allow(*, scope: str, subject: str, limit: int, window: int) -> bool:
    """Count one action of ``subject`` (e.g. one invitation, wherever its
    holder sits); ``False`` once it did more than ``limit`` in the window."""
    return _increment(_window_key(scope, subject, window), window) <= limit

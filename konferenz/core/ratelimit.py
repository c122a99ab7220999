"""Rate limits, counted in the database (issue 27): PostgreSQL is the truth,
so a stopped, flushed or restored Redis can neither lift a limit (guessing
partner links stays limited) nor take the site down, and no cache eviction
can push a counter out.

Only failures count – a bad partner link, an unknown calendar feed, a wrong
second-factor code – so that 200 partners behind one proxy, each with a good
link, are never refused, while an address that keeps guessing is. Each count
is one statement (an upsert that returns the new count), atomic across app
servers; rows of past windows are deleted now and then.
"""

import random
import time

from django.db import connection, transaction

from konferenz.core.client import client_address
from konferenz.core.models import RateCount

#: One in this many counts also deletes the rows of past windows.
SWEEP_ONE_IN = 200

_UPSERT = (
    "INSERT INTO konferenz_ratecount (key, count, expires) VALUES (%s, 1, %s) "
    "ON CONFLICT (key) DO UPDATE SET count = konferenz_ratecount.count + 1 "
    "RETURNING count"
)


def _window_key(scope, subject, window):
    return f"siko-rate:{scope}:{subject}:{int(time.time() // window)}"


def _key(request, scope, window):
    return _window_key(scope, client_address(request) or "unknown", window)


def _increment(key, window):
    now = time.time()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key[:200], now + window + 1])
        count = cursor.fetchone()[0]
    if random.randrange(SWEEP_ONE_IN) == 0:  # nosec B311 - not a secret
        RateCount.objects.filter(expires__lt=now).delete()
    return count


def count(key):
    return (
        RateCount.objects.filter(key=key[:200]).values_list("count", flat=True).first()
        or 0
    )


def blocked(request, *, scope: str, limit: int, window: int) -> bool:
    """Whether this address already failed ``limit`` times in this window."""
    return count(_key(request, scope, window)) >= limit


def record_failure(request, *, scope: str, window: int) -> None:
    """Count one failed guess of this address."""
    _increment(_key(request, scope, window), window)


def allow(*, scope: str, subject: str, limit: int, window: int) -> bool:
    """Count one action of ``subject`` (e.g. one invitation, wherever its
    holder sits); ``False`` once it did more than ``limit`` in the window."""
    return _increment(_window_key(scope, subject, window), window) <= limit


def failures(*, scope: str, subject: str, window: int) -> int:
    """How often ``subject`` failed in this window (``record``)."""
    return count(_window_key(scope, subject, window))


def record(*, scope: str, subject: str, window: int) -> int:
    """Count one failure of ``subject``; the new count."""
    return _increment(_window_key(scope, subject, window), window)

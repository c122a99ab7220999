"""Redis as an accelerator that may fail (issue 27; docs/architecture.md,
"Caches").

The cache backend is django-redis with ``IGNORE_EXCEPTIONS``: an error of
Redis makes a read a miss and a write a no-op, never a 500. Two additions
keep a failing Redis from stalling the site:

* **Short timeouts, no retries**: a connection and an answer each wait at
  most ``SIKO_REDIS_TIMEOUT`` seconds (default 0.25), and redis-py does not
  retry (its default would retry three times with back-off).
* **A circuit breaker per process**: after a failure, Redis is not asked for
  ``SIKO_REDIS_PAUSE`` seconds (default 5): a Redis that accepts connections
  and never answers costs one request one timeout, not every cache call of
  every request. Then one call tries again.

Nothing in the cache is the truth (konferenz/core/stamps.py), so skipping it
only costs speed. Each failure is logged once per pause (``siko.cache``).
"""

import logging
import threading
import time

from django.conf import settings
from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis import connection as redis_connection
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger("siko.cache")
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class Breaker:
    """Open for ``pause`` seconds after a failure; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self.open_until = 0.0

    def pause(self):
        return float(getattr(settings, "SIKO_REDIS_PAUSE", 5))

    def is_open(self):
        return time.monotonic() < self.open_until

    def trip(self, error):
        with self._lock:
            if self.is_open():
                return
            self.open_until = time.monotonic() + self.pause()
        logger.warning(
            "Redis failed (%s); the cache is skipped for %.0f s.",
            type(error).__name__,
            self.pause(),
        )

    def reset(self):
        self.open_until = 0.0


breaker = Breaker()


def _tripping(name):
    """The connection's method ``name``, opening the breaker when Redis fails."""

    def method(self, *args, **kwargs):
        try:
            return getattr(super(Connection, self), name)(*args, **kwargs)
        except FAILURES as error:
            breaker.trip(error)
            raise

    method.__name__ = name
    return method


class Connection(redis_connection.Connection):
    """A connection that opens the breaker when Redis fails."""

    connect = _tripping("connect")
    send_packed_command = _tripping("send_packed_command")
    read_response = _tripping("read_response")


class Client(DefaultClient):
    """django-redis's client that skips Redis while the breaker is open."""

    def get_client(self, *args, **kwargs):
        if breaker.is_open():
            raise ConnectionInterrupted(connection=None)
        return super().get_client(*args, **kwargs)

    def get_client_with_index(self, *args, **kwargs):
        if breaker.is_open():
            raise ConnectionInterrupted(connection=None)
        return super().get_client_with_index(*args, **kwargs)


def caches(url, *, timeout=0.25):
    """The ``CACHES`` setting for Redis at ``url``."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "konferenz.core.rediscache.Client",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
                "CONNECTION_POOL_KWARGS": {
                    "connection_class": Connection,
                    "retry": Retry(NoBackoff(), 0),
                    "retry_on_timeout": False,
                },
            },
        }
    }

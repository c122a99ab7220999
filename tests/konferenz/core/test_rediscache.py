"""The Redis cache builds one client per connection pool, not one per call."""

import pytest
import redis

from konferenz.core.rediscache import RedisCache

URL = "redis://127.0.0.1:6379/11"


def test_one_client_per_pool_is_reused():
    cache = RedisCache(URL, {})
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: one pool


def test_values_round_trip_through_the_reused_client():
    cache = RedisCache(URL, {"KEY_PREFIX": "siko-test"})
    try:
        cache.set("sitzung", {"benutzer": 7}, 5)
    except redis.ConnectionError:  # pragma: no cover - no Redis on this machine
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    assert cache.get("sitzung") == {"benutzer": 7}
    assert cache.get_many(["sitzung", "fehlt"]) == {"sitzung": {"benutzer": 7}}
    cache.delete("sitzung")
    assert cache.get("sitzung") is None

"""Django's Redis cache with one client object per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache call; with redis-py 5+ that constructor fills a table of response
callbacks and costs more than the GET itself (about 0.1 ms). Every
logged-in request reads the session and the user from the cache, so the
client is built once per pool here and reused: ``redis.Redis`` over a
connection pool is thread-safe, and the pool reconnects after a fork.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

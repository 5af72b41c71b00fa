"""A cache backend whose server never answers, as Redis when it is down: every
operation raises the error the Redis client raises."""

from django.core.cache.backends.base import BaseCache

PATH = "tests.unreachable_cache.UnreachableCache"


class UnreachableCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _down(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to cache:6379. Connection refused.")

    add = get = set = touch = delete = clear = incr = decr = get_many = set_many = delete_many = has_key = _down

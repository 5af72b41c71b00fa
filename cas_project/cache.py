"""Django's Redis cache, degrading to no cache while Redis is unreachable: a
read is a miss, a write does nothing, and the page that asked answers as if
nothing were cached. Nothing the app caches is the only copy of anything
(computed scores, the diagnostic code's attempt counter), so losing it for a
while costs only time. Sessions live in the database, so sign-in is unaffected.

After a failure Redis is left alone for `RETRY_AFTER` seconds, so a page does
not pay a connection attempt for each of its cache calls; the failure is
logged at most once a minute per process."""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0  # seconds without trying Redis after it failed
LOG_EVERY = 60.0  # seconds between two warnings of one process


class _Outage:
    """When Redis last failed, shared by the threads of one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.down_until = 0.0
        self.logged_at = float("-inf")

    def skipping(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, error: Exception, location: str) -> None:
        now = time.monotonic()
        with self._lock:
            self.down_until = now + RETRY_AFTER
            if now - self.logged_at < LOG_EVERY:
                return
            self.logged_at = now
        logger.warning("Cache unreachable at %s (%s): serving without a cache", location, error)


def _degrading(when_down):
    """Run the cache call unless Redis is known to be down; on a connection
    error remember the outage and answer `when_down(*args, **kwargs)`."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self.outage.skipping():
                return when_down(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.outage.failed(error, self._location)
                return when_down(*args, **kwargs)

        return wrapper

    return decorate


def _nothing(*args, **kwargs) -> None:
    return None


def _default(key, default=None, version=None):
    return default


def _stored(*args, **kwargs) -> bool:
    # What DummyCache answers: the caller goes on as if the value were kept.
    return True


def _not_found(*args, **kwargs) -> bool:
    return False


def _no_values(*args, **kwargs) -> dict:
    return {}


def _none_failed(*args, **kwargs) -> list:
    return []


def _missing_key(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found")


class ForgivingRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` that answers as a cache
    with nothing in it while Redis is unreachable (see the module's docstring)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self.outage = _Outage()

    @property
    def is_reachable(self) -> bool:
        """Whether Redis answers a PING now (a health check's question)."""
        if self.outage.skipping():
            return False
        try:
            return bool(self._cache.get_client(None).ping())
        except UNREACHABLE as error:
            self.outage.failed(error, self._location)
            return False

    @_degrading(_stored)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_degrading(_default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_degrading(_nothing)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_degrading(_not_found)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_degrading(_not_found)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_degrading(_no_values)
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_degrading(_not_found)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_degrading(_missing_key)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_degrading(_none_failed)
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_degrading(_nothing)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_degrading(_not_found)
    def clear(self):
        return super().clear()

"""GET /healthz: which of the app's dependencies answers, for a load balancer
and for whoever is on call.

- database down: 503. No page can answer without it, so the node should
  leave the rotation.
- broker (Redis) or cache down: 200 with `"status": "degraded"`. Every web
  node shares the one Redis, so a 503 would take them all out at once while
  pages still answer: the cache degrades to none (cas_project/cache.py) and
  work waits in its QueuedTask row until the broker is back.
- work waiting long (the oldest unsent queued task or e-mail older than
  `BACKLOG_AFTER`: no worker is draining the queue): 200, "degraded".

It opens no new connection per request: the database connection is Django's,
the broker and the cache are asked through clients kept per process (their
pools keep the socket), each with a short timeout.
"""

import functools
import logging
import time
from datetime import datetime, timedelta

import redis
from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cas_project.celery import app as celery_app
from communities.emails import oldest_unsent_email
from communities.task_queue import oldest_unsent

logger = logging.getLogger(__name__)

BACKLOG_AFTER = timedelta(minutes=10)
PROBE_TIMEOUT = 0.5  # seconds: a probe must answer faster than the balancer gives up
_LOG_EVERY = 60.0
_last_logged: dict[str, float] = {}


def _down(part: str, error: Exception) -> None:
    # A balancer probes every few seconds: one line a minute per part is enough.
    now = time.monotonic()
    if now - _last_logged.get(part, float("-inf")) >= _LOG_EVERY:
        _last_logged[part] = now
        logger.warning("Health check: %s unreachable (%s: %s)", part, type(error).__name__, error)


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        _down("database", error)
        return False


@functools.lru_cache(maxsize=4)
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        url, socket_connect_timeout=PROBE_TIMEOUT, socket_timeout=PROBE_TIMEOUT, health_check_interval=30
    )


def broker_is_up() -> bool:
    url = celery_app.conf.broker_url
    try:
        if url.startswith(("redis://", "rediss://")):
            return bool(_redis_client(url).ping())
        # The filesystem transport of `make run`: a local folder, no network.
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=PROBE_TIMEOUT)
        return True
    except Exception as error:  # noqa: BLE001 — any failure means the broker cannot take work
        _down("broker", error)
        return False


def cache_is_up() -> bool:
    """Whether the cache answers; a cache without a server (local memory) always does."""
    probe = getattr(cache, "is_reachable", None)
    return True if probe is None else bool(probe)


def _age(since: datetime | None, now: datetime) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds()))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_is_up()
    broker, cache_up = broker_is_up(), cache_is_up()
    task_age = email_age = None
    if database:
        now = timezone.now()
        try:
            task_age, email_age = _age(oldest_unsent(), now), _age(oldest_unsent_email(), now)
        except DatabaseError as error:
            _down("database", error)
            database = False
    backlog = max(task_age or 0, email_age or 0) > BACKLOG_AFTER.total_seconds()
    if not database:
        status = "error"
    elif not (broker and cache_up) or backlog:
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "error",
            "broker": "ok" if broker else "error",
            "cache": "ok" if cache_up else "error",
            "oldest_unsent_task_seconds": task_age,
            "oldest_unsent_email_seconds": email_age,
        },
        status=503 if not database else 200,
    )

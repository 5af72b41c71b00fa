"""The one way the app hands work to the Celery workers. `enqueue` writes a
`QueuedTask` row in the caller's transaction and publishes it once that
commits; when the broker (Redis) is away the row stays unsent, the page still
answers, and beat's `republish_queued_tasks` hands it over once the broker is
back. Each task claims its own row (a report, an import, an e-mail), so a
message published twice does its work once."""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from celery import Task, current_app
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from communities.models import QueuedTask

logger = logging.getLogger(__name__)

# What Celery raises when it cannot reach the broker (kombu wraps the
# transport's connection errors in it).
PUBLISH_ERRORS = (OperationalError,)
# A row unsent for this long lost its publish on commit: beat tries it again.
STRANDED_AFTER = timedelta(minutes=1)
REPUBLISH_BATCH = 500
# Rows handed to the broker are plumbing, not a record (the outbox, the
# reminders' ledger and the audit trail are): kept a week for whoever looks
# into a failure, then deleted, so a year of fan-outs does not pile up.
KEEP_SENT = timedelta(days=7)
_UPDATE_CHUNK = 500


def enqueue(task: Task, *args, dedup_key: str = "") -> QueuedTask:
    """Ask for `task(*args)`: a row now, the message once the surrounding
    transaction commits (never for a rolled-back one). While a row with the
    same `dedup_key` is unsent, no second row is added: that one is returned
    and published again."""
    return enqueue_many(task, [list(args)], dedup_keys=[dedup_key])[0]


def enqueue_many(
    task: Task, calls: Sequence[Sequence], *, dedup_keys: Sequence[str] | None = None, wait_for_commit: bool = True
) -> list[QueuedTask]:
    """`enqueue` for many calls of one task (a fan-out of e-mails): one INSERT,
    one publish. `wait_for_commit=False` publishes at once, for work whose
    rows are already committed (a beat job sending again what was lost)."""
    keys = list(dedup_keys) if dedup_keys is not None else [""] * len(calls)
    if len(keys) != len(calls):
        raise ValueError("one dedup key per call")
    if not calls:
        return []
    try:
        with transaction.atomic():
            rows, new = _rows(task.name, calls, keys)
    except IntegrityError:  # a concurrent caller queued the same work: take theirs
        with transaction.atomic():
            rows, new = _rows(task.name, calls, keys)
    if not new:
        return rows
    if wait_for_commit:
        transaction.on_commit(lambda: publish(new))
    else:
        publish(new)
    return rows


def _rows(name: str, calls: Sequence[Sequence], keys: list[str]) -> tuple[list[QueuedTask], list[QueuedTask]]:
    wanted = [key for key in keys if key]
    taken = {row.dedup_key: row for row in QueuedTask.objects.unsent().filter(dedup_key__in=wanted)} if wanted else {}
    rows: list[QueuedTask] = []
    fresh: list[QueuedTask] = []
    to_publish: list[QueuedTask] = []
    for args, key in zip(calls, keys, strict=True):
        if key and key in taken:
            row = taken[key]
            if row.pk is not None and row not in to_publish:
                to_publish.append(row)  # asked for again: its message may have been lost
            rows.append(row)
            continue
        row = QueuedTask(task=name, args=list(args), dedup_key=key)
        rows.append(row)
        fresh.append(row)
        if key:
            taken[key] = row
    # bulk_create sets the primary keys on the objects themselves (PostgreSQL, SQLite).
    QueuedTask.objects.bulk_create(fresh)
    return rows, to_publish + fresh


def publish(rows: Sequence[QueuedTask]) -> int:
    """Hand rows to the broker and mark them sent. At the first broker error
    the rest are left unsent with the error (the broker is down: trying each
    would only make the page wait). Returns how many were handed over."""
    sent: list[int] = []
    for index, row in enumerate(rows):
        task = _task(row.task)
        if task is None:
            _record_failure([row.pk], f"NotRegistered: {row.task}")
            continue
        try:
            task.apply_async(args=row.args)
        except PUBLISH_ERRORS as error:
            logger.warning("Broker unreachable (%s): %d task(s) left for the re-publisher", error, len(rows) - index)
            _record_failure([later.pk for later in rows[index:]], f"{type(error).__name__}: {error}")
            break
        sent.append(row.pk)
    now = timezone.now()
    for start in range(0, len(sent), _UPDATE_CHUNK):
        QueuedTask.objects.filter(pk__in=sent[start : start + _UPDATE_CHUNK]).update(
            sent_at=now, attempts=F("attempts") + 1, last_error=""
        )
    return len(sent)


def _task(name: str) -> Task | None:
    app = current_app
    if name not in app.tasks:
        # The web process imports the tasks modules lazily; the worker has them all.
        app.loader.import_default_modules()
    return app.tasks.get(name)


def _record_failure(pks: list[int], error: str) -> None:
    for start in range(0, len(pks), _UPDATE_CHUNK):
        QueuedTask.objects.filter(pk__in=pks[start : start + _UPDATE_CHUNK]).update(
            attempts=F("attempts") + 1, last_error=error[:2000]
        )


def republish_stranded(*, now: datetime | None = None) -> int:
    """Publish again the rows still unsent a minute after they were written,
    oldest first. The rows are locked while they are handed over, so two
    beats never both publish one. Returns how many were handed over."""
    cutoff = (now or timezone.now()) - STRANDED_AFTER
    with transaction.atomic():
        rows = list(
            QueuedTask.objects.stranded(cutoff)
            .select_for_update(skip_locked=True)
            .order_by("created_at")[:REPUBLISH_BATCH]
        )
        return publish(rows)


def prune_sent(*, now: datetime | None = None) -> int:
    """Delete the rows handed to the broker more than `KEEP_SENT` ago, in
    chunks, so that no statement holds a lock for long. Returns how many."""
    cutoff = (now or timezone.now()) - KEEP_SENT
    deleted = 0
    while True:
        chunk = list(QueuedTask.objects.handed_over_before(cutoff).values_list("pk", flat=True)[:_UPDATE_CHUNK])
        if not chunk:
            return deleted
        deleted += QueuedTask.objects.filter(pk__in=chunk).delete()[0]


def oldest_unsent() -> datetime | None:
    """When the oldest work still waiting for the broker was asked for."""
    return QueuedTask.objects.unsent().order_by("created_at").values_list("created_at", flat=True).first()

"""The wiring to the services CI must run against: PostgreSQL, Redis and a real
Celery worker (named so: these tests check the connections, not the app's
services): an e-mail, beat's reminders fired twice, and a report, each taken
from Redis by a worker."""

import threading
from datetime import timedelta

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection

from cas_project.celery import app as celery_app
from communities import documents, tasks
from communities.emails import queue_email
from communities.models import OutgoingEmail, Reminder, Report
from communities.models.journal import NoticeKind
from communities.services import reports
from tests.conftest import IN_CI, redis_is_reachable, require, schedule


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_is_postgresql_in_ci():
    if not IN_CI:
        require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW TIMEZONE")
        assert cursor.fetchone()[0] in {"UTC", "Etc/UTC"}


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_queued_email_through_redis():
    require(redis_is_reachable(), "Redis (REDIS_URL)")
    celery_app.conf.task_always_eager = False
    finished_ids: list[int] = []
    finished = threading.Condition()

    def on_finished(sender=None, args=(), **kwargs):
        if sender is not None and sender.name == "communities.emails.send_email":
            with finished:
                finished_ids.extend(args)
                finished.notify_all()

    task_postrun.connect(on_finished, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            email = queue_email(to="ana@escuela.test", subject="Recordatorio de sesión", body="Mañana a las 8:00")
            # A stale task left in the queue by an interrupted run may finish
            # first: wait for ours.
            with finished:
                delivered = finished.wait_for(lambda: email.pk in finished_ids, timeout=30)
    finally:
        task_postrun.disconnect(on_finished)
        celery_app.conf.task_always_eager = True
    assert delivered, "the worker did not run the e-mail task within 30 s"
    assert OutgoingEmail.objects.get(pk=email.pk).sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Recordatorio de sesión"]


def _run_on_a_real_worker(tasks: dict[str, int], send) -> bool:
    """Start a worker on Redis, call `send()`, and wait until each task named
    in `tasks` has finished that many times (or 30 s have passed)."""
    finished: dict[str, int] = {}
    done = threading.Condition()

    def on_finished(sender=None, **kwargs):
        if sender is not None and sender.name in tasks:
            with done:
                finished[sender.name] = finished.get(sender.name, 0) + 1
                done.notify_all()

    celery_app.conf.task_always_eager = False
    task_postrun.connect(on_finished, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            send()
            with done:
                return done.wait_for(lambda: all(finished.get(n, 0) >= k for n, k in tasks.items()), timeout=30)
    finally:
        task_postrun.disconnect(on_finished)
        celery_app.conf.task_always_eager = True


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_beat_firing_twice_on_a_real_worker_sends_each_reminder_once(cas, teacher):
    require(redis_is_reachable(), "Redis (REDIS_URL)")
    meeting = schedule(cas, days=1, purpose="Planeación con trabajador real")
    with time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=True):

        def fire_twice():
            tasks.send_reminders.delay()
            tasks.send_reminders.delay()

        assert _run_on_a_real_worker({"communities.tasks.send_reminders": 2}, fire_twice)
    keys = Reminder.objects.filter(kind=NoticeKind.MEETING_SOON).values_list("recipient_id", flat=True)
    assert sorted(keys) == sorted([cas.director_id, cas.tutor_id, teacher.pk])
    emails = OutgoingEmail.objects.filter(subject__contains="Planeación con trabajador real")
    assert sorted(emails.values_list("to", flat=True)) == sorted([cas.director.email, cas.tutor.email, teacher.email])


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_report_asked_for_is_built_by_a_real_worker(cas):
    require(redis_is_reachable(), "Redis (REDIS_URL)")
    asked: list[Report] = []

    def ask():
        asked.append(
            reports.request_report(
                actor=cas.director,
                kind=documents.COMMUNITY_PROGRESS,
                subject=documents.community_subject(cas),
                community=cas,
            )
        )

    assert _run_on_a_real_worker({"communities.tasks.build_report": 1}, ask)
    report = Report.objects.get(pk=asked[0].pk)
    assert report.status == Report.Status.READY and report.file.read(5) == b"%PDF-"

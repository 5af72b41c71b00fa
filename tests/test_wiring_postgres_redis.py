"""The wiring to the services CI must run against: PostgreSQL, Redis and a real
Celery worker (named so: these tests check the connections, not the app's services)."""

import threading

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection

from cas_project.celery import app as celery_app
from communities.emails import queue_email
from communities.models import OutgoingEmail
from tests.conftest import IN_CI, redis_is_reachable, require


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

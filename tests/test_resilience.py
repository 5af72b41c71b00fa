"""When a dependency fails: Redis down (the cache degrades to none, work waits
in its QueuedTask row and is handed over once, when Redis is back), the
database down (a 503 page, not a traceback), and what /healthz says."""

import contextlib
import logging
from datetime import timedelta
from unittest import mock

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cas_project.cache import ForgivingRedisCache
from cas_project.celery import app as celery_app
from communities import documents, tasks
from communities.emails import queue_email
from communities.models import ImportRun, OutgoingEmail, QueuedTask, Report
from communities.services.onboarding import start_staff_import
from communities.services.reports import request_report
from communities.task_queue import enqueue, republish_stranded
from tests.conftest import redis_is_reachable, require
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LATER = timedelta(minutes=2)


def _closed_cache(**options) -> ForgivingRedisCache:
    return ForgivingRedisCache(CLOSED_PORT, {"OPTIONS": {"socket_connect_timeout": 0.2, **options}})


def _point_broker_at(url: str, options: dict) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.broker_transport_options = options
    # Celery keeps its connections in pools made from the first URL it saw.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down():
    """A real broker that refuses connections: publishing fails as it does in
    production when Redis is down (kombu's OperationalError)."""
    conf = celery_app.conf
    url, options, policy = conf.broker_url, conf.broker_transport_options, conf.task_publish_retry_policy
    conf.task_always_eager = False
    conf.task_publish_retry_policy = {"max_retries": 0}
    _point_broker_at(CLOSED_PORT, {"max_retries": 0})
    try:
        yield
    finally:
        _point_broker_at(url, options)
        conf.task_publish_retry_policy = policy
        conf.task_always_eager = True


@contextlib.contextmanager
def runs_counted():
    """How often each task ran (the eager worker stands for the real one)."""
    counted: dict[tuple, int] = {}

    def count(sender=None, args=(), **kwargs):
        key = (sender.name.rsplit(".", 1)[-1], *[tuple(a) if isinstance(a, list) else a for a in args])
        counted[key] = counted.get(key, 0) + 1

    task_prerun.connect(count, weak=False)
    try:
        yield counted
    finally:
        task_prerun.disconnect(count)


def _staff_csv() -> SimpleUploadedFile:
    content = "Nombre,Correo,Función\nNora Nueva,nora@escuela.test,Docente\n".encode()
    return SimpleUploadedFile("plantilla.csv", content, content_type="text/csv")


# --- The cache -------------------------------------------------------------------------


def test_a_cache_whose_redis_is_down_answers_as_an_empty_cache():
    cache = _closed_cache()
    assert cache.get("score", "none") == "none"
    cache.set("score", 3)
    assert cache.add("attempts", 1) is True  # as a cache that keeps nothing
    with pytest.raises(ValueError):
        cache.incr("attempts")
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == []
    assert cache.get_or_set("groups", lambda: [1, 2]) == [1, 2]
    assert cache.has_key("score") is False
    assert cache.delete("score") is False
    assert cache.is_reachable is False


def test_the_outage_is_logged_once_however_many_calls_miss(caplog):
    cache = _closed_cache()
    with caplog.at_level(logging.WARNING, logger="cas_project.cache"):
        for _ in range(20):
            cache.get("score")
            cache.outage.down_until = 0  # try Redis each time, as after RETRY_AFTER
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1


def test_pages_and_sign_in_work_while_the_cache_is_down(client, settings, teacher):
    settings.CACHES = {
        "default": {"BACKEND": "cas_project.cache.ForgivingRedisCache", "LOCATION": CLOSED_PORT, "OPTIONS": {}}
    }
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": teacher.email, "password": TEST_PASSWORD})
    assert response.status_code == 302, "sessions are in the database: signing in needs no cache"
    assert client.get(reverse("communities:home")).status_code == 200
    # The diagnostic's code page counts wrong codes in the cache.
    response = client.post(reverse("answer:enter"), {"code": "NOEXISTE"})
    assert response.status_code == 400 and response.context["form"].errors  # the form's message, not a 500


@pytest.mark.redis
def test_the_cache_keeps_values_when_redis_answers(settings):
    require(redis_is_reachable(), "Redis (REDIS_URL)")
    cache = ForgivingRedisCache(settings.REDIS_URL, {"KEY_PREFIX": "cas-test-resilience"})
    cache.set("score", 7, 30)
    assert cache.get("score") == 7 and cache.is_reachable is True
    cache.delete("score")


# --- Work that could not be queued ------------------------------------------------------------


def test_work_asked_for_while_the_broker_is_down_waits_and_runs_once_when_it_returns(
    client, cas, director, school, django_capture_on_commit_callbacks
):
    # The fixtures' invitations were published in a transaction this test never commits.
    QueuedTask.objects.update(sent_at=timezone.now())
    client.force_login(director)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communities:progress_report", args=[cas.pk]))
        run = start_staff_import(actor=director, school=school, upload=_staff_csv())
        email = queue_email(to="ana@escuela.test", subject="Aviso", body="Hola")
    assert response.status_code in (200, 302)
    report = Report.objects.get(kind=documents.COMMUNITY_PROGRESS)
    waiting = QueuedTask.objects.unsent()
    assert sorted(waiting.values_list("dedup_key", flat=True)) == sorted(
        [f"report:{report.pk}", f"import:{run.pk}", f"email:{email.pk}"]
    )
    assert set(waiting.values_list("attempts", flat=True)) == {1}
    assert "OperationalError" in waiting.first().last_error
    assert republish_stranded() == 0  # not a minute old yet: its publish on commit may still come

    with runs_counted() as ran:
        assert republish_stranded(now=timezone.now() + LATER) == 3
        # The import queued Nora's activation e-mail (in this test's transaction, never committed).
        assert republish_stranded(now=timezone.now() + LATER) == 1
        assert republish_stranded(now=timezone.now() + LATER) == 0  # beat again: nothing left
        tasks.republish_queued_tasks()
    activation = OutgoingEmail.objects.get(to="nora@escuela.test")
    assert ran == {
        ("build_report", report.pk): 1,
        ("run_import", run.pk): 1,
        ("send_email", email.pk): 1,
        ("send_email", activation.pk): 1,
    }
    assert Report.objects.get(pk=report.pk).status == Report.Status.READY
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.DONE
    assert OutgoingEmail.objects.get(pk=email.pk).sent_at is not None
    assert len([m for m in mail.outbox if m.subject == "Aviso"]) == 1
    assert not QueuedTask.objects.unsent().exists()


def test_a_republish_while_the_broker_is_still_down_leaves_the_work_waiting(director, cas):
    with broker_down():
        report = request_report(
            actor=director, kind=documents.COMMUNITY_PROGRESS, subject=documents.community_subject(cas), community=cas
        )
        assert republish_stranded(now=timezone.now() + LATER) == 0
    row = QueuedTask.objects.get(dedup_key=f"report:{report.pk}")
    assert row.sent_at is None  # on_commit never ran in this test's transaction; beat's try failed
    assert row.attempts == 1


def test_asking_again_for_waiting_work_adds_no_second_row():
    with broker_down():
        first = enqueue(tasks.build_report, 41, dedup_key="report:41")
        second = enqueue(tasks.build_report, 41, dedup_key="report:41")
    assert first.pk == second.pk
    assert QueuedTask.objects.filter(dedup_key="report:41").count() == 1


def test_work_of_a_rolled_back_transaction_is_never_published():
    with runs_counted() as ran, contextlib.suppress(RuntimeError), transaction.atomic():
        enqueue(tasks.build_report, 42, dedup_key="report:42")
        raise RuntimeError("the action failed")
    assert ran == {}
    assert not QueuedTask.objects.exists()


def test_published_work_is_marked_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to="ana@escuela.test", subject="Aviso", body="Hola")
    row = QueuedTask.objects.get(dedup_key=f"email:{email.pk}")
    assert row.sent_at is not None and row.attempts == 1


# --- /healthz -------------------------------------------------------------------------------------


def test_healthz_names_the_broker_and_the_age_of_the_waiting_work(client):
    with broker_down():
        enqueue(tasks.build_report, 43, dedup_key="report:43")
        QueuedTask.objects.update(created_at=timezone.now() - timedelta(minutes=3))
        response = client.get(reverse("healthz"))
    assert response.status_code == 200  # a load balancer keeps the node
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("degraded", "ok", "error")
    assert 175 <= body["oldest_unsent_task_seconds"] <= 200
    assert body["oldest_unsent_email_seconds"] is None


def test_healthz_is_degraded_when_work_waits_long_with_the_broker_up(client):
    OutgoingEmail.objects.create(to="ana@escuela.test", subject="Aviso", body="Hola")
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=30))
    body = client.get(reverse("healthz")).json()
    assert (body["status"], body["broker"]) == ("degraded", "ok")
    assert body["oldest_unsent_email_seconds"] >= 30 * 60


def test_healthz_names_the_cache_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "cas_project.cache.ForgivingRedisCache", "LOCATION": CLOSED_PORT, "OPTIONS": {}}
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cache"]) == ("degraded", "error")


# --- The database -------------------------------------------------------------------------------


def test_a_page_while_the_database_is_down_is_a_503_page_not_a_traceback(teacher):
    client = Client(raise_request_exception=False)
    client.force_login(teacher)
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get(reverse("communities:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Volvemos en un momento" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_bug_is_still_the_500_page(teacher):
    client = Client(raise_request_exception=False)
    client.force_login(teacher)
    with mock.patch("communities.selectors.schools_with_roles_for", side_effect=ZeroDivisionError):
        response = client.get(reverse("communities:home"))
    assert response.status_code == 500
    assert "Volvemos en un momento" not in response.content.decode()


def test_rows_handed_over_a_week_ago_are_pruned_and_waiting_ones_kept():
    now = timezone.now()
    QueuedTask.objects.create(task="communities.tasks.build_report", args=[1], sent_at=now - timedelta(days=8))
    recent = QueuedTask.objects.create(task="communities.tasks.build_report", args=[2], sent_at=now - timedelta(days=6))
    waiting = QueuedTask.objects.create(task="communities.tasks.build_report", args=[3])
    QueuedTask.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(days=30))

    assert tasks.prune_queued_tasks() == 1
    assert set(QueuedTask.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert tasks.prune_queued_tasks() == 0

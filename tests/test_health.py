from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

from cas_project.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "cache": "ok",
        "oldest_unsent_task_seconds": None,
        "oldest_unsent_email_seconds": None,
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_a_degraded_200_when_the_broker_is_unreachable(client):
    # Every web node shares the broker: a 503 would take them all out of the
    # balancer's rotation while their pages still answer.
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get(reverse("healthz"))
    finally:
        celery_app.conf.broker_url = original
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert (response.json()["database"], response.json()["broker"]) == ("ok", "error")


def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert (response.json()["status"], response.json()["database"]) == ("error", "error")


def test_healthz_only_answers_get(client):
    assert client.post(reverse("healthz")).status_code == 405

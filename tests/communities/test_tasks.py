import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from communities import tasks
from communities.emails import deliver_email, queue_email
from communities.models import OutgoingEmail
from communities.models.email import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db


def test_queued_email_waits_for_the_transaction_to_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue_email(to="ana@escuela.test", subject="Aviso", body="Hola")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_send_email_delivers_once_however_often_it_runs(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email(to="ana@escuela.test", subject="Aviso", body="Hola", html_body="<p>Hola</p>")

    assert tasks.send_email(email.pk) is False  # already sent by the committed task
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0].content == "<p>Hola</p>"


def test_a_message_held_by_another_worker_is_left_alone():
    email = OutgoingEmail.objects.create(to="ana@escuela.test", subject="Aviso", body="Hola", claimed_at=timezone.now())
    assert deliver_email(email_id=email.pk) is False
    assert mail.outbox == []


def _flaky_send(failures: int):
    real_send = EmailMessage.send
    calls = []

    def send(self, *args, **kwargs):
        calls.append(self.subject)
        if len(calls) <= failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, *args, **kwargs)

    return mock.patch.object(EmailMessage, "send", send)


def test_a_transient_failure_releases_the_message_for_celerys_retry():
    email = OutgoingEmail.objects.create(to="ana@escuela.test", subject="Aviso", body="Hola")
    with _flaky_send(failures=1):
        # Eager mode runs Celery's retry at once instead of after the back-off.
        result = tasks.send_email.apply(args=[email.pk], throw=False)
    assert result.state == "SUCCESS"
    email.refresh_from_db()
    assert email.sent_at is not None
    assert (email.attempts, email.last_error) == (2, "")
    assert [m.subject for m in mail.outbox] == ["Aviso"]


def test_delivery_gives_up_after_the_last_attempt_and_keeps_the_error():
    assert tasks.send_email.max_retries + 1 == MAX_ATTEMPTS
    email = OutgoingEmail.objects.create(to="ana@escuela.test", subject="Aviso", body="Hola", attempts=MAX_ATTEMPTS - 1)
    with _flaky_send(failures=1):
        tasks.send_email.apply(args=[email.pk], throw=False)
    email.refresh_from_db()
    assert email.sent_at is None
    assert email.attempts == MAX_ATTEMPTS
    assert not OutgoingEmail.objects.claimable().exists()
    assert tasks.send_email(email.pk) is False
    assert mail.outbox == []


def test_resend_unsent_email_picks_up_only_stranded_messages():
    stranded = OutgoingEmail.objects.create(to="ana@escuela.test", subject="Perdido", body="Hola")
    OutgoingEmail.objects.filter(pk=stranded.pk).update(created_at=timezone.now() - timedelta(hours=1))
    OutgoingEmail.objects.create(to="beto@escuela.test", subject="Reciente", body="Hola")

    assert tasks.resend_unsent_email() == 1
    assert [m.subject for m in mail.outbox] == ["Perdido"]
    assert tasks.resend_unsent_email() == 0


def test_clear_expired_sessions_keeps_live_ones():
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        old = SessionStore()
        old.set_expiry(60)
        old.create()
    live = SessionStore()
    live.create()

    assert tasks.clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert tasks.clear_expired_sessions() == 0


def test_expire_invitations_task_marks_only_overdue_ones(cas, colleague, school):
    from communities.models import Invitation
    from communities.services.membership import invite_teacher
    from tests.conftest import more_teachers

    old = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    fresh = invite_teacher(actor=cas.director, community=cas, teacher=more_teachers(school, 1)[0])

    assert tasks.expire_invitations() == 1
    assert tasks.expire_invitations() == 0
    assert Invitation.objects.get(pk=old.pk).status == Invitation.Status.EXPIRED
    assert Invitation.objects.get(pk=fresh.pk).status == Invitation.Status.PENDING


def test_every_periodic_job_names_a_registered_task():
    from cas_project.celery import app

    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from communities import tasks
from communities.models import Agreement, OutgoingEmail
from communities.services import reminders
from communities.services.meetings import add_agreement, cancel_meeting, reschedule_meeting
from tests.conftest import held, schedule

pytestmark = pytest.mark.django_db


def test_members_are_reminded_once_of_a_meeting_within_a_day(cas, teacher, django_capture_on_commit_callbacks):
    soon = schedule(cas, days=1, purpose="Mañana")
    later = schedule(cas, days=5, purpose="Más adelante")
    cancelled = schedule(cas, days=1, purpose="Cancelada")
    cancel_meeting(actor=cas.director, meeting=cancelled)
    mail.outbox.clear()
    now = soon.starts_at - timedelta(hours=20)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reminders.send_meeting_reminders(now=now) == 1
        assert tasks.reminders.send_meeting_reminders(now=now) == 0  # safe to run twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cas.director.email, cas.tutor.email, teacher.email])
    assert all(m.subject.startswith("Recordatorio: sesión de la CAS el ") for m in mail.outbox)
    assert "Mañana" in mail.outbox[0].body
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_a_rescheduled_meeting_is_reminded_again(cas):
    meeting = schedule(cas, days=1)
    tasks.reminders.send_meeting_reminders(now=meeting.starts_at - timedelta(hours=2))
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is not None
    new_start = meeting.starts_at + timedelta(days=3)
    reschedule_meeting(
        actor=cas.director,
        meeting=meeting,
        purpose=meeting.purpose,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
        place="Aula",
    )
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None


def test_owners_are_reminded_once_of_agreements_due_within_two_days(cas, teacher, django_capture_on_commit_callbacks):
    meeting = held(schedule(cas), days_ago=10)
    today = timezone.localdate()
    soon = add_agreement(
        actor=cas.director, meeting=meeting, text="Pronto", owner=teacher, due_date=today + timedelta(1)
    )
    add_agreement(actor=cas.director, meeting=meeting, text="Lejos", owner=teacher, due_date=today + timedelta(10))
    done = add_agreement(actor=cas.director, meeting=meeting, text="Hecho", owner=teacher, due_date=today)
    Agreement.objects.filter(pk=done.pk).update(status=Agreement.Status.DONE)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_due_agreements() == 1
        assert tasks.remind_due_agreements() == 0
    (message,) = mail.outbox
    assert message.to == [teacher.email]
    assert "«Pronto»" in message.body
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None


def test_a_crash_while_queueing_leaves_the_reminder_for_the_next_run(cas, teacher, django_capture_on_commit_callbacks):
    meeting = schedule(cas, days=1)
    now = meeting.starts_at - timedelta(hours=20)
    queued = []
    real_queue = reminders.queue_email

    def dies_on_the_second(**message):
        queued.append(message["to"])
        if len(queued) == 2:
            raise ConnectionError("the worker was killed mid-batch")
        return real_queue(**message)

    with mock.patch.object(reminders, "queue_email", dies_on_the_second), pytest.raises(ConnectionError):
        reminders.send_meeting_reminders(now=now)
    meeting.refresh_from_db()
    assert meeting.reminder_sent_at is None  # the claim went with the e-mails
    assert not OutgoingEmail.objects.filter(subject__startswith="Recordatorio").exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_meeting_reminders(now=now) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cas.director.email, cas.tutor.email, teacher.email])


def test_a_crash_while_queueing_an_agreement_reminder_leaves_it_for_the_next_run(cas, teacher):
    meeting = held(schedule(cas), days_ago=10)
    agreement = add_agreement(
        actor=cas.director, meeting=meeting, text="Pronto", owner=teacher, due_date=timezone.localdate() + timedelta(1)
    )
    with mock.patch.object(reminders, "queue_email", side_effect=ConnectionError), pytest.raises(ConnectionError):
        reminders.send_agreement_reminders()
    agreement.refresh_from_db()
    assert agreement.reminder_sent_at is None
    assert reminders.send_agreement_reminders() == 1

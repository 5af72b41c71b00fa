"""Celery entry points of the core app. Each task takes ids, calls one service,
and is safe to run twice."""

import smtplib

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from communities.emails import deliver_email, stranded_email_ids
from communities.services import membership, reminders

# Errors worth another try later: the mail server or the network is away.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(
    autoretry_for=TRANSIENT_EMAIL_ERRORS,
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=7,
)
def send_email(email_id: int) -> bool:
    """Deliver one queued message; a no-op if it was already sent or is being sent."""
    return deliver_email(email_id=email_id)


@shared_task
def resend_unsent_email() -> int:
    """Re-enqueue messages whose delivery task was lost."""
    ids = stranded_email_ids()
    for email_id in ids:
        send_email.delay(email_id)
    return len(ids)


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions; the session table otherwise grows forever."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def expire_invitations() -> int:
    """Mark unanswered invitations past their date as expired."""
    return membership.expire_invitations()


@shared_task
def remind_upcoming_meetings() -> int:
    """E-mail the members of meetings that start within a day."""
    return reminders.send_meeting_reminders()


@shared_task
def remind_due_agreements() -> int:
    """E-mail the owners of agreements due within two days."""
    return reminders.send_agreement_reminders()

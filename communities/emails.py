"""The outbox: the one way the app sends e-mail. A message is stored as a row
(`queue_email`) and delivered by the `send_email` task once the surrounding
transaction commits; `resend_unsent_email` (beat) re-enqueues messages whose
task was lost. Everything that mails people calls queue_email."""

import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from communities.models import OutgoingEmail

STRANDED_AFTER = timedelta(minutes=15)
# Errors worth another try later: the mail server or the network is away.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


# Messages handed to one task: a fan-out of 100,000 reminders makes 2,000 tasks, not 100,000.
HAND_OVER_BATCH = 50


def queue_email(*, to: str, subject: str, body: str, html_body: str = "", headers: dict | None = None) -> OutgoingEmail:
    """Store a message and hand it to the worker once the surrounding transaction
    commits, so that a rolled-back action never mails anyone."""
    email = OutgoingEmail.objects.create(
        to=to, subject=subject.strip()[:255], body=body, html_body=html_body, headers=headers or {}
    )
    transaction.on_commit(lambda: send_email.delay(email.pk))
    return email


def queue_emails(messages: list[dict]) -> list[OutgoingEmail]:
    """`queue_email` for many messages at once (an import, a fan-out of
    reminders): one INSERT for the rows, handed to the workers in batches once
    the surrounding transaction commits. Each message is a dict of `to`,
    `subject`, `body` and optionally `html_body` and `headers`."""
    if not messages:
        return []
    emails = OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                to=message["to"],
                subject=message["subject"].strip()[:255],
                body=message["body"],
                html_body=message.get("html_body", ""),
                headers=message.get("headers", {}),
            )
            for message in messages
        ]
    )
    ids = [email.pk for email in emails]

    def hand_over() -> None:
        if len(ids) == 1:
            send_email.delay(ids[0])
            return
        for start in range(0, len(ids), HAND_OVER_BATCH):
            send_emails.delay(ids[start : start + HAND_OVER_BATCH])

    transaction.on_commit(hand_over)
    return emails


def deliver_email(*, email_id: int) -> bool:
    """Send one queued message if no other worker holds it and it is unsent.

    Returns True when this call sent it. A send that fails releases the claim and
    re-raises, so the caller's retry can try again.
    """
    now = timezone.now()
    claimed = OutgoingEmail.objects.claimable(now).filter(pk=email_id).update(claimed_at=now)
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers or None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    try:
        message.send()
    except Exception as exc:
        OutgoingEmail.objects.filter(pk=email_id).update(
            claimed_at=None, attempts=email.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    # The body may hold a password-reset link: keep no copy once it is out.
    OutgoingEmail.objects.filter(pk=email_id).update(
        sent_at=timezone.now(), attempts=email.attempts + 1, last_error="", body="", html_body=""
    )
    return True


def stranded_email_ids(*, older_than: timedelta = STRANDED_AFTER) -> list[int]:
    """Ids of unsent messages whose task was lost (a broker restart, a worker
    crash) and that may be claimed again."""
    cutoff = timezone.now() - older_than
    return list(OutgoingEmail.objects.claimable().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:500])


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


@shared_task(acks_late=True)
def send_emails(email_ids: list[int]) -> int:
    """Deliver a batch of queued messages; one that fails stays unsent, claimable
    again once its lease ends, and `resend_unsent_email` hands it over again."""
    sent = 0
    for email_id in email_ids:
        try:
            sent += deliver_email(email_id=email_id)
        except TRANSIENT_EMAIL_ERRORS:
            continue
    return sent


@shared_task
def resend_unsent_email() -> int:
    """Re-enqueue messages whose delivery task was lost."""
    ids = stranded_email_ids()
    for email_id in ids:
        send_email.delay(email_id)
    return len(ids)

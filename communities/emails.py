"""The outbox: the one way the app sends e-mail. A message is stored as a row
(`queue_email`) and delivered by the `send_email` task once the surrounding
transaction commits (through `communities.task_queue`, which hands it over
again if the broker was away); `resend_unsent_email` (beat) re-enqueues
messages whose task was lost. Everything that mails people calls queue_email."""

import smtplib
import unicodedata
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from communities.models import OutgoingEmail
from communities.models.email import MAX_ATTEMPTS
from communities.task_queue import enqueue, enqueue_many

# Errors worth another try later: the mail server or the network is away.
TRANSIENT_EMAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


# Messages handed to one task: a fan-out of 100,000 reminders makes 2,000 tasks, not 100,000.
HAND_OVER_BATCH = 50


def plain_subject(text: str) -> str:
    """A subject as one line of plain text: line breaks and other control
    characters (which make Django refuse the header and stop the message)
    become spaces, and it fits the column. Subjects are rendered without
    escaping, so a title shows as written, never as `&lt;b&gt;`."""
    return " ".join("".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text).split())[:255]


def queue_email(*, to: str, subject: str, body: str, html_body: str = "", headers: dict | None = None) -> OutgoingEmail:
    """Store a message and hand it to the worker once the surrounding transaction
    commits, so that a rolled-back action never mails anyone."""
    email = OutgoingEmail.objects.create(
        to=to, subject=plain_subject(subject), body=body, html_body=html_body, headers=headers or {}
    )
    enqueue(send_email, email.pk, dedup_key=f"email:{email.pk}")
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
                subject=plain_subject(message["subject"]),
                body=message["body"],
                html_body=message.get("html_body", ""),
                headers=message.get("headers", {}),
            )
            for message in messages
        ]
    )
    ids = [email.pk for email in emails]
    if len(ids) == 1:
        enqueue(send_email, ids[0], dedup_key=f"email:{ids[0]}")
        return emails
    batches = [ids[start : start + HAND_OVER_BATCH] for start in range(0, len(ids), HAND_OVER_BATCH)]
    enqueue_many(send_emails, [[batch] for batch in batches], dedup_keys=[f"emails:{b[0]}-{b[-1]}" for b in batches])
    return emails


def deliver_email(*, email_id: int) -> bool:
    """Send one queued message if no other worker holds it and it is unsent.

    Returns True when this call sent it. A send that fails releases the claim and
    re-raises, so the caller's retry can try again.
    """
    return deliver_emails(email_ids=[email_id], raise_errors=True) == 1


def deliver_emails(*, email_ids: list[int], raise_errors: bool = False) -> int:
    """Send the queued messages of `email_ids` that no other worker holds, over
    one connection to the mail server: one UPDATE claims them all, and each is
    recorded as sent right after it went out, so a worker killed half-way
    leaves the rest claimable once their lease ends. A message that fails is
    released for a later try (re-raised with `raise_errors`). Returns how many
    this call sent."""
    now = timezone.now()
    OutgoingEmail.objects.claimable(now).filter(pk__in=email_ids).update(claimed_at=now)
    emails = list(OutgoingEmail.objects.filter(pk__in=email_ids, claimed_at=now, sent_at__isnull=True))
    if not emails:
        return 0
    sent = 0
    try:
        connection = get_connection()
        connection.open()
    except Exception:
        OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).update(claimed_at=None)
        if raise_errors:
            raise
        return 0
    with connection:
        for email in emails:
            try:
                _message(email, connection).send()
            except Exception as exc:
                OutgoingEmail.objects.filter(pk=email.pk).update(
                    claimed_at=None, attempts=email.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
                )
                if raise_errors:
                    raise
                continue
            # The body may hold a password-reset link: keep no copy once it is out.
            OutgoingEmail.objects.filter(pk=email.pk).update(
                sent_at=timezone.now(), attempts=email.attempts + 1, last_error="", body="", html_body=""
            )
            sent += 1
    return sent


def _message(email: OutgoingEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        connection=connection,
        # The same Message-ID on every attempt: a message sent again after a
        # worker died between the send and its record is one message to
        # the recipient's mail program.
        headers={**(email.headers or {}), "Message-ID": f"<cas-{email.pk}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"},
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    return message


def stranded_email_ids(*, older_than: timedelta | None = None) -> list[int]:
    """Ids of unsent messages whose task was lost (a broker restart, a worker
    crash) and that may be claimed again."""
    if older_than is None:
        older_than = timedelta(seconds=settings.EMAIL_STRANDED_AFTER_SECONDS)
    cutoff = timezone.now() - older_than
    return list(OutgoingEmail.objects.claimable().filter(created_at__lt=cutoff).values_list("pk", flat=True)[:500])


def oldest_unsent_email():
    """When the oldest message still to be sent (one that gave up is not) was queued."""
    unsent = OutgoingEmail.objects.unsent().filter(attempts__lt=MAX_ATTEMPTS)
    return unsent.order_by("created_at").values_list("created_at", flat=True).first()


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
    """Deliver a batch of queued messages over one connection; one that fails
    stays unsent, and `resend_unsent_email` hands it over again."""
    return deliver_emails(email_ids=email_ids)


@shared_task
def resend_unsent_email() -> int:
    """Re-enqueue messages whose delivery task was lost."""
    ids = stranded_email_ids()
    keys = [f"email:{email_id}" for email_id in ids]
    enqueue_many(send_email, [[email_id] for email_id in ids], dedup_keys=keys, wait_for_commit=False)
    return len(ids)

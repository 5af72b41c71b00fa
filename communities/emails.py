"""The one way the app sends e-mail: queue a row in the outbox, deliver it from a
Celery task. Everything that mails people (password resets, invitations,
reminders) calls queue_email."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from communities.models import OutgoingEmail

STRANDED_AFTER = timedelta(minutes=15)


def queue_email(*, to: str, subject: str, body: str, html_body: str = "") -> OutgoingEmail:
    """Store a message and hand it to the worker once the surrounding transaction
    commits, so that a rolled-back action never mails anyone."""
    from communities.tasks import send_email

    email = OutgoingEmail.objects.create(to=to, subject=subject.strip()[:255], body=body, html_body=html_body)
    transaction.on_commit(lambda: send_email.delay(email.pk))
    return email


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

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def send_lease() -> timedelta:
    """How long one worker owns a message before another may try it again."""
    return timedelta(seconds=settings.EMAIL_SEND_LEASE_SECONDS)


MAX_ATTEMPTS = 8


class OutgoingEmailQuerySet(models.QuerySet):
    def unsent(self) -> "OutgoingEmailQuerySet":
        return self.filter(sent_at__isnull=True)

    def claimable(self, now=None) -> "OutgoingEmailQuerySet":
        now = now or timezone.now()
        return self.unsent().filter(
            models.Q(claimed_at__isnull=True) | models.Q(claimed_at__lt=now - send_lease()),
            attempts__lt=MAX_ATTEMPTS,
        )


class OutgoingEmail(models.Model):
    """One message in the outbox. The row is the idempotency key: a message is
    sent by whoever claims it, and never again once sent_at is set."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    html_body = models.TextField(_("HTML"), blank=True)
    # Extra headers of the message (List-Unsubscribe for the notices).
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(_("being sent since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["sent_at", "created_at"], name="outgoing_email_unsent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

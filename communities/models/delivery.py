"""How notices and reminders reach people: each person's channel for each kind
of notice (only in the app, an e-mail at once, the daily digest at the hour
they chose, or not at all), the ledger that makes each reminder happen exactly once, and the
lines waiting for tomorrow's digest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    APP = "app", pgettext_lazy("channel", "Only in the app")
    EMAIL = "email", pgettext_lazy("channel", "An e-mail at once")
    DIGEST = "digest", pgettext_lazy("channel", "In my daily digest")
    OFF = "off", pgettext_lazy("channel", "Not at all")


class NoticePreference(models.Model):
    """A person's choice for one kind of notice; without a row, the default of
    their role applies (`services.delivery.default_channel`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences", verbose_name=_("person")
    )
    kind = models.CharField(_("kind of notice"), max_length=30)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                name="one_preference_per_kind",
                violation_error_message=_("This person already chose how to get this kind of notice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.get_channel_display()}"


class Reminder(models.Model):
    """That one notice or reminder reached one person: its key (kind, object,
    recipient, occurrence) is unique, and it is written in the transaction
    that writes the notice, the e-mail or the digest line, so neither a job
    run twice nor a worker killed half-way can deliver it twice or lose it."""

    key = models.CharField(_("key"), max_length=160, unique=True)
    kind = models.CharField(_("kind of notice"), max_length=30)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reminder delivered")
        verbose_name_plural = _("reminders delivered")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key


class DigestItemQuerySet(models.QuerySet):
    def waiting(self) -> "DigestItemQuerySet":
        return self.filter(digested_at__isnull=True)


class DigestItem(models.Model):
    """A line of a person's next daily digest, in their language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_items", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind of notice"), max_length=30)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    digested_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)

    objects = DigestItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("line of a digest")
        verbose_name_plural = _("lines of the digests")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["recipient", "digested_at"], name="digest_item_waiting_idx")]

    def __str__(self) -> str:
        return self.message

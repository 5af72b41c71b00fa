"""Background work asked for but perhaps not yet handed to the broker: a row
written in the caller's transaction, published when it commits, and published
again by beat while the broker was away (`communities.task_queue`)."""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class QueuedTaskQuerySet(models.QuerySet):
    def unsent(self) -> "QueuedTaskQuerySet":
        return self.filter(sent_at__isnull=True)

    def stranded(self, before: datetime) -> "QueuedTaskQuerySet":
        """Unsent rows created before `before`: their publish on commit failed
        (or the process died before it ran)."""
        return self.unsent().filter(created_at__lt=before)

    def handed_over_before(self, before: datetime) -> "QueuedTaskQuerySet":
        return self.filter(sent_at__lt=before)


class QueuedTask(models.Model):
    """One message for the workers. The task itself stays idempotent (it claims
    its own row), so a row published twice does its work once."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    # The work the message stands for (`report:12`): while one such message is
    # unsent, asking again adds no second one.
    dedup_key = models.CharField(_("work"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = QueuedTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="queued_task_unsent_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=Q(sent_at__isnull=True) & ~Q(dedup_key=""),
                name="queued_task_one_unsent_per_work",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"

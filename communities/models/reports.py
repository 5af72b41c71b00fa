"""A report built in the background (a Celery task): its state as the page
shows it, the reason when it failed, and the file while it is kept. What a
kind of report contains is registered by the app that knows it
(`communities.extensions.ReportKind`). A report of neither a school nor a
community is the platform's (the state and national figures): only platform
administrators see it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from communities.models.base import TimeStampedModel
from communities.models.community import Community
from communities.models.schools import School


def report_upload_to(instance, filename: str) -> str:
    # Outside the web root, under a name nobody guesses; served only through its view.
    today = timezone.localdate()
    return f"reports/{today:%Y/%m}/{uuid.uuid4().hex}-{filename}"


class ReportQuerySet(models.QuerySet):
    def in_progress(self) -> "ReportQuerySet":
        return self.filter(status__in=[Report.Status.QUEUED, Report.Status.BUILDING])

    def expired(self, now=None) -> "ReportQuerySet":
        return self.filter(expires_at__lt=now or timezone.now())

    def latest_of(self, kind: str, subject: str) -> "Report | None":
        return self.filter(kind=kind, subject=subject).order_by("-created_at", "-pk").first()


class Report(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report", "Queued")
        BUILDING = "building", pgettext_lazy("report", "Being built")
        READY = "ready", pgettext_lazy("report", "Ready")
        FAILED = "failed", pgettext_lazy("report", "Failed")

    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("about"), max_length=60, help_text=_("What the report is of, such as «workshop:7»."))
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("school")
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("community")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("asked by")
    )
    status = models.CharField(_("state"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    failure = models.CharField(_("why it failed"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=report_upload_to, max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=120, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Asking again while one is being built gets that one, never a second build.
            models.UniqueConstraint(
                fields=["kind", "subject"],
                condition=models.Q(status__in=["queued", "building"]),
                name="report_one_build_at_a_time",
                violation_error_message=_("This report is already being built."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "subject", "-created_at"], name="report_subject_idx")]

    def __str__(self) -> str:
        return f"{self.kind} · {self.subject} · {self.get_status_display()}"

    @property
    def is_of_the_platform(self) -> bool:
        return self.school_id is None and self.community_id is None

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and bool(self.file)

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

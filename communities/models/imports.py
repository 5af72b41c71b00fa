"""An uploaded list of schools or of a school's staff, checked and written in
the background; the page polls the row for its progress."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models.base import TimeStampedModel
from communities.models.schools import School


def import_upload_to(instance, filename: str) -> str:
    # Outside the web root, under a generated name: only the extension, which
    # the form matched against the content, comes from the uploader.
    extension = PurePath(filename).suffix.lower()
    today = timezone.localdate()
    return f"imports/{today:%Y/%m}/{uuid.uuid4().hex}{extension}"


class ImportRun(TimeStampedModel):
    """One file, imported all or nothing: every bad row is kept in `errors` with
    its line number and nothing is written until the file is clean."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("school staff")
        SCHOOLS = "schools", _("schools")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting its turn")
        CHECKING = "checking", _("checking the rows")
        SAVING = "saving", _("saving")
        DONE = "done", _("imported")
        REJECTED = "rejected", _("not imported: the file has errors")
        FAILED = "failed", _("not imported: something went wrong")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    school = models.ForeignKey(
        School,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("school"),
        help_text=_("The school whose staff the file lists; empty for a list of schools."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows checked"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    new_accounts = models.PositiveIntegerField(_("new accounts"), default=0)
    skipped = models.PositiveIntegerField(_("already there"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("bad rows"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="schools", school__isnull=True) | models.Q(kind="staff", school__isnull=False),
                name="import_run_school_matches_kind",
                violation_error_message=_("A staff list belongs to one school; a list of schools to none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_for_schools(self) -> bool:
        return self.kind == self.Kind.SCHOOLS

    @property
    def hidden_errors(self) -> int:
        """Bad rows beyond those kept for the page."""
        return max(0, self.error_count - len(self.errors))

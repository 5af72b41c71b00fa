"""Reports built in the background: asked for on a page, built by a Celery task
(`tasks.build_report`), followed on the page (en cola, generando, listo, falló)
and kept for a while. Asking again while one is being built returns that one;
a build claims its row with a conditional UPDATE, so a retried or duplicated
task builds once; a failure keeps its reason and serves no half-written file."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.extensions import registry
from communities.models import Community, Report, School, User
from communities.replica import reading_from_replica
from communities.task_queue import enqueue, enqueue_many

logger = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=15)  # a build still "building" after this was interrupted
REQUEUE_AFTER = timedelta(minutes=5)  # a build still "queued" after this lost its message


def latest(kind: str, subject: str) -> Report | None:
    return Report.objects.latest_of(kind, subject)


@transaction.atomic
def request_report(
    *, actor: User, kind: str, subject: str, school: School | None = None, community: Community | None = None
) -> Report:
    """Queue a report of a school or a community the person may see (of neither:
    the platform's, for its administrators); the one already queued or being
    built if there is one. The task is sent once the
    row is committed."""
    if kind not in registry.report_kinds:
        raise ValidationError(_("This kind of report does not exist."))
    if community is None and school is None:
        access.require_platform_staff(actor)
    else:
        access.require(actor, community if community is not None else school, access.report_need(kind))
    waiting = Report.objects.in_progress().filter(kind=kind, subject=subject).first()
    if waiting is not None:
        return waiting
    try:
        with transaction.atomic():
            report = Report.objects.create(
                kind=kind, subject=subject, school=school, community=community, requested_by=actor
            )
    except IntegrityError:  # someone asked at the same moment: theirs is the one
        return Report.objects.in_progress().get(kind=kind, subject=subject)
    from communities.tasks import build_report

    enqueue(build_report, report.pk, dedup_key=f"report:{report.pk}")
    return report


def build(*, report_id: int) -> Report | None:
    """Build a queued report: claim it, build its file, keep it. None when the
    row is gone or another worker holds it."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.BUILDING, started_at=timezone.now()
    )
    if not claimed:
        return None
    report = Report.objects.select_related("school", "community", "requested_by").get(pk=report_id)
    kind = registry.report_kinds.get(report.kind)
    try:
        if kind is None:
            raise LookupError(report.kind)
        # A build only reads, and much: from the replica when there is one.
        with reading_from_replica():
            content, filename, content_type = kind.build(report)
    except Exception as error:  # noqa: BLE001 — any failure is shown on the page, with its reason
        logger.exception("Report %s (%s) failed", report.pk, report.kind)
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED,
            failure=_(
                "It could not be built (%(error)s). Ask for it again; if it fails again, tell the platform's team."
            )
            % {"error": type(error).__name__},
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    report.file.save(filename, ContentFile(content), save=False)
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.READY,
        file=report.file.name,
        filename=filename,
        content_type=content_type,
        finished_at=now,
        expires_at=now + timedelta(days=kind.keep_days),
    )
    report.refresh_from_db()
    return report


def sweep(*, now=None) -> tuple[int, int, int]:
    """Send again the builds still queued after a while (their message was lost,
    as when Redis restarts without persistence: the build claims its row, so a
    duplicate builds nothing), mark builds interrupted (a worker killed
    mid-build) as failed, so they can be asked for again, and delete the
    reports past their keeping date with their files. Returns (requeued,
    interrupted, deleted). Safe to run twice."""
    from communities.tasks import build_report

    now = now or timezone.now()
    stale = list(
        Report.objects.filter(status=Report.Status.QUEUED, created_at__lt=now - REQUEUE_AFTER).values_list(
            "pk", flat=True
        )
    )
    enqueue_many(
        build_report, [[pk] for pk in stale], dedup_keys=[f"report:{pk}" for pk in stale], wait_for_commit=False
    )
    interrupted = Report.objects.filter(status=Report.Status.BUILDING, started_at__lt=now - STALE_AFTER).update(
        status=Report.Status.FAILED,
        failure=_("Its build was interrupted. Ask for it again."),
        finished_at=now,
    )
    deleted = 0
    for report in Report.objects.expired(now):
        if report.file:
            report.file.delete(save=False)
        report.delete()
        deleted += 1
    return len(stale), interrupted, deleted

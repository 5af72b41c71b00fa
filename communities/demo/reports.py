"""The demo's finished reports: each demo school's director asked for the
progress report of their CAS and for the school report, and both are ready
to download. Run after every app's demo, so that the satellites' sections
(the diagnostic, the workshop) are in them; built at once, since the demo
runs without a worker."""

from communities import documents
from communities.models import Community, Report
from communities.services import reports


def _ready(*, actor, kind: str, subject: str, **of) -> None:
    if Report.objects.filter(kind=kind, subject=subject, status=Report.Status.READY).exists():
        return
    report = reports.request_report(actor=actor, kind=kind, subject=subject, **of)
    reports.build(report_id=report.pk)
    report.refresh_from_db()
    if report.status != Report.Status.READY:
        raise RuntimeError(f"The demo's {kind} was not built: {report.failure or report.status}")


def seed_reports(*, slugs: tuple[str, ...] = ("escuela-a", "escuela-b")) -> None:
    emails = [f"director@{slug}.demo" for slug in slugs]
    for community in Community.objects.active().filter(director__email__in=emails).select_related("school", "director"):
        _ready(
            actor=community.director,
            kind=documents.COMMUNITY_PROGRESS,
            subject=documents.community_subject(community),
            community=community,
        )
        _ready(
            actor=community.director,
            kind=documents.SCHOOL_REPORT,
            subject=documents.school_subject(community.school),
            school=community.school,
        )

"""The core's printed documents, drawn with ReportLab and the Vera fonts it
ships (`pdf`: what they share): the community progress report and the school
report, both built in the background as reports (`services.reports`).

Interface strings go through gettext; what people wrote is printed as
written, escaped for ReportLab's markup and without the control characters
it cannot draw. Satellites add their sections through
`extensions.ReportSection`; the core never imports them."""

from django.utils.translation import gettext_lazy as _

from communities import extensions
from communities.models import Community, Report, School

COMMUNITY_PROGRESS = "community_progress"
SCHOOL_REPORT = "school_report"


def community_subject(community: Community) -> str:
    return f"community:{community.pk}"


def school_subject(school: School) -> str:
    return f"school:{school.pk}"


def build_progress(report: Report) -> tuple[bytes, str, str]:
    from communities.documents.progress import progress_pdf

    community = report.community
    return (
        progress_pdf(community=community),
        f"informe-cas-{community.school.cct}-{community.school_year}.pdf",
        "application/pdf",
    )


def build_school(report: Report) -> tuple[bytes, str, str]:
    from communities.documents.school import school_pdf

    school = report.school
    day = report.created_at.date().isoformat()
    return school_pdf(school=school), f"informe-escuela-{school.cct}-{day}.pdf", "application/pdf"


def register() -> None:
    from communities.access import Need

    extensions.register(
        extensions.ReportKind(code=COMMUNITY_PROGRESS, label=_("Progress report of the CAS"), build=build_progress)
    )
    extensions.register(
        extensions.ReportKind(code=SCHOOL_REPORT, label=_("School report"), build=build_school, need=Need.REPORT)
    )

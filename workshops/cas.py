"""What the workshop adds to the core, through communities.extensions (the core
never imports this app): the labels of its audit verbs, the Carpeta as a
report built in the background, and a panel on the CAS page with the state of
the school's workshop."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from communities import extensions
from communities.models import Report
from workshops.models import SpaceRun, Workshop
from workshops.services.common import VERBS

CARPETA = "carpeta"


def carpeta_subject(workshop: Workshop) -> str:
    return f"workshop:{workshop.pk}"


def build_carpeta(report: Report) -> tuple[bytes, str, str]:
    from workshops.documents import carpeta_pdf

    pk = int(report.subject.removeprefix("workshop:"))
    workshop = Workshop.objects.select_related("school", "template", "facilitator").get(pk=pk, school=report.school)
    return (
        carpeta_pdf(workshop=workshop),
        f"carpeta-{workshop.school.cct}-{workshop.school_year}.pdf",
        "application/pdf",
    )


def community_panel(request, community) -> dict | None:
    """The school's latest workshop and the state of its spaces (two queries)."""
    workshop = (
        Workshop.objects.filter(school_id=community.school_id)
        .select_related("template")
        .prefetch_related(Prefetch("spaces", SpaceRun.objects.select_related("space")))
        .order_by("-starts_on", "-pk")
        .first()
    )
    return {"school": community.school, "workshop": workshop}


def register() -> None:
    for code, label in VERBS.items():
        extensions.register(extensions.EventVerb(code=code, label=label))
    extensions.register(
        extensions.ReportKind(code=CARPETA, label=_("Carpeta para la reflexión"), build=build_carpeta, keep_days=30)
    )
    extensions.register(
        extensions.Panel(page="community", template="workshops/_community_panel.html", context=community_panel)
    )

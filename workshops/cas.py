"""What the workshop adds to the core, through communities.extensions (the core
never imports this app): the labels of its audit verbs, the Carpeta as a
report built in the background, and a panel on the CAS page with the state of
the school's workshop, and the reminder of the continuity agreements at 15
and 30 days."""

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from communities import access, extensions
from communities.models import Channel, Report
from communities.services.delivery import Delivery
from workshops.models import ContinuityAgreement, SpaceRun, Workshop
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
    """The school's latest workshop and the state of its spaces, read as its
    space runs with the workshop joined (one query; a workshop has its runs
    from the day it is set up)."""
    latest = Workshop.objects.filter(school_id=community.school_id).order_by("-starts_on", "-pk").values("pk")[:1]
    runs = list(SpaceRun.objects.filter(workshop=Subquery(latest)).select_related("workshop__template", "space"))
    return {"school": community.school, "workshop": runs[0].workshop if runs else None, "runs": runs}


def register() -> None:
    for code, label in VERBS.items():
        extensions.register(extensions.EventVerb(code=code, label=label))
    extensions.register(
        extensions.ReportKind(
            code=CARPETA, label=gettext_lazy("Carpeta para la reflexión"), build=build_carpeta, keep_days=30
        )
    )
    extensions.register(
        extensions.Panel(page="community", template="workshops/_community_panel.html", context=community_panel)
    )
    extensions.register(
        extensions.NoticeKind(
            code=CONTINUITY_DUE,
            label=pgettext_lazy("notice", "Continuity agreement of the workshop due soon"),
            defaults={"": Channel.EMAIL, "director": Channel.DIGEST},
            due=continuity_due,
        )
    )


# --- The reminder of the continuity agreements at 15 and 30 days ----------------------------------

CONTINUITY_DUE = "continuity_due"
CONTINUITY_NOTICE_DAYS = 2


def continuity_due(now) -> Iterator[Delivery]:
    """Each continuity agreement still pending and due within two days: its
    owner (unless it became an agreement of the CAS, which reminds them
    itself) and the workshop's facilitator (the school's directors when
    nobody was named)."""
    today = timezone.localdate(now)
    rows = (
        ContinuityAgreement.objects.filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=CONTINUITY_NOTICE_DAYS)
        )
        .filter(Q(agreement__isnull=True, status=ContinuityAgreement.Status.PENDING) | Q(agreement__status="pending"))
        .select_related("proposal__workshop__school", "proposal__workshop__template")
    )
    facilitators: dict[int, list[int]] = {}
    for row in rows:
        workshop = row.proposal.workshop
        if workshop.pk not in facilitators:
            named = [workshop.facilitator_id] if workshop.facilitator_id else []
            facilitators[workshop.pk] = named or list(
                access.staff_with_role(workshop.school, "director").values_list("pk", flat=True)
            )
        people = set(facilitators[workshop.pk]) | ({row.owner_id} if row.agreement_id is None else set())
        url = reverse("workshops:detail", args=[workshop.pk]) + "#agreements"
        for person_id in people:
            yield Delivery(
                kind=CONTINUITY_DUE,
                recipient_id=person_id,
                key=f"{CONTINUITY_DUE}:{row.pk}:{person_id}:{row.due_on.isoformat()}",
                message=lambda row=row: (
                    _("Continuity agreement %(horizon)s of the workshop, due on %(day)s: «%(text)s».")
                    % {
                        "horizon": row.get_horizon_display(),
                        "day": formats.date_format(row.due_on, "DATE_FORMAT"),
                        "text": row.text[:120],
                    }
                ),
                url=url,
                notice_key=f"{CONTINUITY_DUE}:{row.pk}",
            )

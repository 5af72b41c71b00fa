"""The school report (PDF), for its director: the staff, each CAS of the school
with its phase, milestones, goals, sessions, agreements and journal activity
side by side, the active CAS's goals as bars, and what the satellites add
(the diagnostic's campaigns, the workshop). Counted in SQL: a fixed number of
queries whatever the school's size. Journal entries are counted, never read."""

from datetime import timedelta
from xml.sax.saxutils import escape

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph

from communities import extensions
from communities.documents.pdf import (
    FRAME_WIDTH,
    Styles,
    as_date,
    bars_drawing,
    document_pdf,
    heading_story,
    section_story,
    table,
)
from communities.models import (
    Agreement,
    Community,
    Goal,
    Meeting,
    Membership,
    Milestone,
    Reflection,
    School,
    StaffMembership,
)
from communities.models.community import is_current

JOURNAL_WINDOW = timedelta(days=30)


def school_pdf(*, school: School) -> bytes:
    styles = Styles()
    story = _heading(school, styles)
    communities = _communities(school)
    story += _communities_table(communities, styles)
    active = next((c for c in communities if c.is_active), None)
    if active is not None:
        story += _goals(active, styles)
    for section in extensions.sections_for("school", school):
        story += section_story(section, styles)
    footer = _("School report · %(school)s (%(cct)s)") % {"school": school.name[:60], "cct": school.cct}
    return document_pdf(story, footer=footer, title=footer, subject=school.cct)


def _heading(school: School, styles: Styles) -> list:
    staff = dict(
        StaffMembership.objects.filter(school=school).values_list("role").annotate(n=Count("user", distinct=True))
    )
    lines = [
        (_("CCT"), school.cct),
        (_("State"), school.get_state_display()),
        (
            _("Staff"),
            _("%(teachers)s teachers, %(directors)s directors, %(tutors)s Construye T tutors")
            % {
                "teachers": staff.get(StaffMembership.Role.TEACHER, 0),
                "directors": staff.get(StaffMembership.Role.DIRECTOR, 0),
                "tutors": staff.get(StaffMembership.Role.TUTOR, 0),
            },
        ),
        (_("Prepared on"), as_date(timezone.localdate())),
    ]
    return heading_story(_("School report"), school.name, lines, styles)


def _count(queryset, **filters) -> Subquery:
    """A count per community as a subquery: several of them in one query
    without the row explosion of joining every table at once."""
    rows = queryset.filter(community=OuterRef("pk"), **filters).order_by().values("community")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0)


def _communities(school: School) -> list[Community]:
    now = timezone.now()
    today = timezone.localdate()
    return list(
        school.communities.select_related("director", "tutor")
        .annotate(
            teachers=_count(Membership.objects.filter(is_current())),
            milestones_done=_count(Milestone.objects.completed()),
            milestones_total=_count(Milestone.objects.all()),
            goals_count=_count(Goal.objects.all()),
            sessions_held=_count(Meeting.objects.filter(status=Meeting.Status.SCHEDULED, starts_at__lte=now)),
            agreements_done=_count(Agreement.objects.filter(status=Agreement.Status.DONE)),
            agreements_pending=_count(Agreement.objects.pending()),
            agreements_overdue=_count(Agreement.objects.overdue(today)),
            entries=_count(Reflection.objects.filter(written_on__gte=today - JOURNAL_WINDOW)),
            writers=Coalesce(
                Subquery(
                    Reflection.objects.filter(community=OuterRef("pk"), written_on__gte=today - JOURNAL_WINDOW)
                    .order_by()
                    .values("community")
                    .annotate(n=Count("author", distinct=True))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        .order_by(F("closed_at").desc(nulls_first=True), "-school_year", "-pk")
    )


def _communities_table(communities: list[Community], styles: Styles) -> list:
    story = [Paragraph(escape(_("The school's learning communities")), styles.h1)]
    if not communities:
        return story + [Paragraph(escape(_("The school has not formed its CAS yet.")), styles.note)]
    headings = (
        _("School year"),
        _("Phase"),
        _("Teachers"),
        _("Milestones"),
        _("Goals"),
        _("Sessions held"),
        _("Agreements done / pending (overdue)"),
        _("Journal, last 30 days"),
    )
    rows = [[Paragraph(escape(t), styles.cell_bold) for t in headings]]
    for community in communities:
        phase = community.get_phase_display() if community.is_active else _("Closed")
        rows.append(
            [
                Paragraph(escape(community.school_year), styles.cell),
                Paragraph(escape(str(phase)), styles.cell),
                Paragraph(str(community.teachers), styles.cell_right),
                Paragraph(f"{community.milestones_done} / {community.milestones_total}", styles.cell_right),
                Paragraph(str(community.goals_count), styles.cell_right),
                Paragraph(str(community.sessions_held), styles.cell_right),
                Paragraph(
                    f"{community.agreements_done} / {community.agreements_pending} ({community.agreements_overdue})",
                    styles.cell_right,
                ),
                Paragraph(
                    escape(
                        _("%(entries)s entries by %(writers)s people")
                        % {"entries": community.entries, "writers": community.writers}
                    ),
                    styles.cell,
                ),
            ]
        )
    widths = [2.1 * cm, 2.6 * cm, 1.6 * cm, 1.9 * cm, 1.4 * cm, 1.7 * cm, 2.6 * cm]
    story.append(table(rows, widths + [FRAME_WIDTH - sum(widths)]))
    return story


def _goals(community: Community, styles: Styles) -> list:
    goals = list(community.goals.prefetch_related("updates").order_by("due_date", "pk"))
    story = [Paragraph(escape(_("Goals of the active CAS: progress towards each target")), styles.h2)]
    if not goals:
        return story + [Paragraph(escape(_("The community has not set goals yet.")), styles.note)]
    story.append(bars_drawing([(goal.statement, float(goal.progress_ratio * 100), 100.0) for goal in goals]))
    story.append(Paragraph(escape(_("Percent of the way from the baseline to the target.")), styles.note))
    return story

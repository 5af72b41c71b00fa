"""The community progress report (PDF): where the CAS stands in its phases and
with what evidence, its goals with their charts, its sessions and who came,
its agreements, and what the satellites add (the diagnostic's summary, the
workshop's products). A fixed number of queries whatever the community's size."""

from xml.sax.saxutils import escape

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from communities import charts, extensions
from communities.documents.pdf import (
    FRAME_WIDTH,
    GREY,
    PRIMARY,
    RULE,
    Styles,
    as_date,
    document_pdf,
    heading_story,
    labelled,
    markup,
    section_story,
    table,
)
from communities.models import Agreement, Attendance, Community, Meeting, Phase
from communities.models.phases import MILESTONES_BY_PHASE
from communities.selectors import participation

MEETINGS_SHOWN = 40  # the latest sessions; the count says how many there were in all
AGREEMENTS_SHOWN = 60


def progress_pdf(*, community: Community) -> bytes:
    community = Community.objects.select_related("school", "director", "tutor").get(pk=community.pk)
    styles = Styles()
    story = _heading(community, styles)
    story += _phases(community, styles)
    story += _goals(community, styles)
    story += _sessions(community, styles)
    story += _agreements(community, styles)
    for section in extensions.sections_for("community", community):
        story += section_story(section, styles)
    footer = _("Progress report · %(school)s · %(year)s") % {
        "school": community.school.name[:60],
        "year": community.school_year,
    }
    return document_pdf(story, footer=footer, title=footer, subject=community.school.cct)


def _heading(community: Community, styles: Styles) -> list:
    school = community.school
    lines = [
        (_("School"), f"{school.name} ({school.cct})"),
        (_("School year"), community.school_year),
        (_("Phase"), community.get_phase_display()),
        (_("Director"), community.director.full_name),
        (_("Construye T tutor"), community.tutor.full_name),
        (_("Teachers"), str(community.current_teacher_count())),
        (_("Prepared on"), as_date(timezone.localdate())),
    ]
    return heading_story(_("Progress report of the learning community"), school.name, lines, styles)


def _evidence(milestone) -> str:
    if milestone.evidence_meeting_id:
        return _("Session of %(day)s") % {"day": as_date(timezone.localdate(milestone.evidence_meeting.starts_at))}
    return milestone.evidence_text or milestone.evidence_file_name or milestone.evidence_url


def _phases(community: Community, styles: Styles) -> list:
    story = [Paragraph(escape(_("Phases and milestones")), styles.h1)]
    milestones = {m.kind: m for m in community.milestones.select_related("evidence_meeting")}
    for phase, kinds in MILESTONES_BY_PHASE.items():
        story.append(Paragraph(escape(Phase(phase).label), styles.h3))
        rows = [[Paragraph(escape(t), styles.cell_bold) for t in (_("Milestone"), _("Completed"), _("Evidence"))]]
        for kind in kinds:
            milestone = milestones.get(kind)
            if milestone is None:
                continue
            done = as_date(timezone.localdate(milestone.completed_at)) if milestone.is_completed else _("Pending")
            rows.append(
                [
                    Paragraph(markup(milestone.get_kind_display()), styles.cell),
                    Paragraph(escape(done), styles.cell),
                    Paragraph(markup(_evidence(milestone), limit=300), styles.cell),
                ]
            )
        story.append(table(rows, [6.5 * cm, 2.8 * cm, FRAME_WIDTH - 9.3 * cm]))
    return story


def _goals(community: Community, styles: Styles) -> list:
    story = [Paragraph(escape(_("Goals")), styles.h1)]
    goals = list(
        community.goals.select_related("skill", "owner").prefetch_related("updates").order_by("due_date", "pk")
    )
    if not goals:
        return story + [Paragraph(escape(_("The community has not set goals yet.")), styles.note)]
    for goal in goals:
        facts = _(
            "%(indicator)s: from %(baseline)s to %(target)s %(unit)s by %(day)s; now %(now)s (%(percent)s%%)."
        ) % {
            "indicator": goal.indicator,
            "baseline": goal.baseline.normalize(),
            "target": goal.target.normalize(),
            "unit": goal.unit,
            "day": as_date(goal.due_date),
            "now": goal.latest_value.normalize(),
            "percent": int(goal.progress_ratio * 100),
        }
        story.append(
            KeepTogether(
                [
                    Paragraph(markup(goal.statement, limit=400), styles.h3),
                    Paragraph(
                        labelled(escape(_("Skill")), markup(goal.skill.name))
                        + " · "
                        + labelled(escape(_("Status")), escape(str(goal.get_status_display()))),
                        styles.small,
                    ),
                    Paragraph(markup(facts), styles.body),
                    goal_drawing(goal),
                ]
            )
        )
    return story


def goal_drawing(goal) -> Drawing:
    """The goal page's chart (`charts.goal_chart`), drawn for the PDF: the
    expected path, the target and the values recorded."""
    chart = charts.goal_chart(goal)
    height = chart.height
    drawing = Drawing(chart.width, height)

    def y(value: float) -> float:  # SVG counts from the top, ReportLab from the bottom
        return height - value

    x0, y0, x1, y1 = chart.plot
    drawing.add(Rect(x0, y(y1), x1 - x0, y1 - y0, fillColor=None, strokeColor=RULE, strokeWidth=0.5))
    ex0, ey0, ex1, ey1 = chart.expected
    drawing.add(Line(ex0, y(ey0), ex1, y(ey1), strokeColor=GREY, strokeDashArray=[3, 3], strokeWidth=0.8))
    drawing.add(Line(x0, y(chart.target_y), x1, y(chart.target_y), strokeColor=colors.HexColor("#198754")))
    drawing.add(String(x1 - 2, y(chart.target_y) + 3, _("target"), fontName="Vera", fontSize=7, textAnchor="end"))
    points = [coordinate for p in chart.points for coordinate in (p.x, y(p.y))]
    if len(chart.points) > 1:
        drawing.add(PolyLine(points, strokeColor=PRIMARY, strokeWidth=1.6))
    for p in chart.points:
        drawing.add(Rect(p.x - 2, y(p.y) - 2, 4, 4, fillColor=PRIMARY, strokeColor=None))
    drawing.add(String(x0 - 4, y(y1), str(chart.min_label), fontName="Vera", fontSize=7, textAnchor="end"))
    drawing.add(String(x0 - 4, y(y0) - 6, str(chart.max_label), fontName="Vera", fontSize=7, textAnchor="end"))
    drawing.add(String(x0, y(y1) - 12, as_date(goal.starts_on), fontName="Vera", fontSize=7))
    drawing.add(String(x1, y(y1) - 12, as_date(goal.due_date), fontName="Vera", fontSize=7, textAnchor="end"))
    return drawing


def _sessions(community: Community, styles: Styles) -> list:
    story = [Paragraph(escape(_("Sessions and attendance")), styles.h1)]
    now = timezone.now()
    held = (
        community.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__lte=now)
        .annotate(
            present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT), distinct=True),
            recorded=Count("attendance", distinct=True),
            agreements_made=Count("agreements", distinct=True),
        )
        .order_by("-starts_at")
    )
    meetings = list(held[:MEETINGS_SHOWN])
    total = held.count() if len(meetings) == MEETINGS_SHOWN else len(meetings)
    if not meetings:
        story.append(Paragraph(escape(_("No session has been held yet.")), styles.note))
    else:
        story.append(
            Paragraph(escape(_("Sessions held: %(count)s. The latest first.") % {"count": total}), styles.small)
        )
        rows = [
            [Paragraph(escape(t), styles.cell_bold) for t in (_("Date"), _("Purpose"), _("Present"), _("Agreements"))]
        ]
        for meeting in meetings:
            came = f"{meeting.present} / {meeting.recorded}" if meeting.recorded else _("not recorded")
            rows.append(
                [
                    Paragraph(escape(as_date(timezone.localdate(meeting.starts_at), "SHORT_DATE_FORMAT")), styles.cell),
                    Paragraph(markup(meeting.purpose, limit=200), styles.cell),
                    Paragraph(escape(came), styles.cell_right),
                    Paragraph(str(meeting.agreements_made), styles.cell_right),
                ]
            )
        story.append(table(rows, [2.4 * cm, FRAME_WIDTH - 7.4 * cm, 2.6 * cm, 2.4 * cm]))
    people = participation(community)
    if people:
        story.append(Paragraph(escape(_("Participation of each member")), styles.h3))
        rows = [
            [
                Paragraph(escape(t), styles.cell_bold)
                for t in (_("Member"), _("Present"), _("Absent"), _("Excused"), _("Agreements done"))
            ]
        ]
        for row in people:
            rows.append(
                [
                    Paragraph(markup(row.person.full_name), styles.cell),
                    Paragraph(str(row.present), styles.cell_right),
                    Paragraph(str(row.absent), styles.cell_right),
                    Paragraph(str(row.excused), styles.cell_right),
                    Paragraph(f"{row.agreements_done} / {row.agreements_total}", styles.cell_right),
                ]
            )
        story.append(table(rows, [FRAME_WIDTH - 10 * cm, 2 * cm, 2 * cm, 2 * cm, 4 * cm]))
    return story


def _agreements(community: Community, styles: Styles) -> list:
    story = [Paragraph(escape(_("Agreements")), styles.h1)]
    counts = dict(community.agreements.values_list("status").annotate(n=Count("pk")))
    overdue = community.agreements.overdue().count()
    story.append(
        Paragraph(
            escape(
                _("Done: %(done)s · pending: %(pending)s (overdue: %(overdue)s) · cancelled: %(cancelled)s.")
                % {
                    "done": counts.get(Agreement.Status.DONE, 0),
                    "pending": counts.get(Agreement.Status.PENDING, 0),
                    "overdue": overdue,
                    "cancelled": counts.get(Agreement.Status.CANCELLED, 0),
                }
            ),
            styles.small,
        )
    )
    agreements = list(community.agreements.select_related("owner").order_by("-due_date", "-pk")[:AGREEMENTS_SHOWN])
    if agreements:
        rows = [
            [
                Paragraph(escape(t), styles.cell_bold)
                for t in (_("Agreement"), _("Responsible"), _("Due date"), _("Status"))
            ]
        ]
        for agreement in agreements:
            rows.append(
                [
                    Paragraph(markup(agreement.text, limit=300), styles.cell),
                    Paragraph(markup(agreement.owner.full_name), styles.cell),
                    Paragraph(escape(as_date(agreement.due_date, "SHORT_DATE_FORMAT")), styles.cell),
                    Paragraph(escape(str(agreement.get_status_display())), styles.cell),
                ]
            )
        story.append(table(rows, [FRAME_WIDTH - 10.4 * cm, 4.2 * cm, 2.6 * cm, 3.6 * cm]))
    story.append(Spacer(1, 6))
    return story

"""The school's «Carpeta para la reflexión»: cover, purposes, each work
space's product, the continuity agreements and the participants."""

import io
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from communities.models import User
from workshops import calligram, charts, selectors

# The SEP's name for the workshop's booklet: a proper name, like the work
# spaces', that stays in Spanish in every language.
from workshops.documents.common import (
    AXES_PER_DRAWING,
    CARPETA,
    CELL,
    FRAME_WIDTH,
    GREY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRIMARY,
    PRIMARY_LIGHT,
    RULE,
    TIMELINE_ROWS,
    Styles,
    as_date,
    bold,
    clean,
    cut,
    document_pdf,
    labelled,
    markup,
    paragraphs,
    table,
)
from workshops.models import (
    Calligram,
    ContinuityAgreement,
    Light,
    PathMilestone,
    Shape,
    SpaceRun,
    Workshop,
    WorkSpace,
)

# --- The Carpeta para la reflexión -------------------------------------------------------------------


def carpeta_pdf(*, workshop: Workshop) -> bytes:
    """The school's Carpeta para la reflexión: the cover, the purposes, each
    work space with its product and synthesis, the continuity agreements and
    who took part. A fixed number of queries whatever the contributions."""
    workshop = Workshop.objects.select_related("school", "template", "facilitator", "created_by").get(pk=workshop.pk)
    styles = Styles()
    people = selectors.contributors(workshop)
    runs = list(workshop.spaces.select_related("space"))
    for run in runs:
        run.workshop = workshop
    story = _cover(workshop, styles) + _purposes(workshop, styles)
    products = {
        WorkSpace.HUELLA_COLECTIVA: _huella,
        WorkSpace.PRACTICA_BAJO_LA_LUPA: _lupa,
        WorkSpace.CONSTRUYENDO_EN_COLECTIVO: _proposals,
        WorkSpace.CALIGRAMA: _calligram,
    }
    for n, run in enumerate(runs, start=1):
        story.append(PageBreak())
        story.append(Paragraph(f"{n}. {escape(run.space.get_workspace_display())}", styles.h1))
        story.append(
            Paragraph(
                escape(_("State of the work space: %(state)s") % {"state": run.get_state_display()}), styles.small
            )
        )
        story += paragraphs(run.space.purpose, styles.body)
        story.append(Paragraph(labelled(escape(_("Product")), markup(run.space.product)), styles.body))
        if run.is_not_started:
            story.append(Paragraph(escape(_("Not started yet.")), styles.note))
            continue
        story += products.get(run.space.workspace, _no_product)(workshop, styles)
        story += _synthesis(run, styles)
    story.append(PageBreak())
    story += _agreements(workshop, styles)
    story += _participants(workshop, runs, people, styles)

    school = clean(workshop.school.name)
    return document_pdf(
        story,
        footer=cut(f"{CARPETA} · {school} · {workshop.school_year}", 95),
        title=f"{CARPETA} · {clean(workshop.template.title)}",
        author=school,
        subject=f"{school} · {workshop.school_year}",
        onFirstPage=_cover_band,
    )


def _cover_band(canvas: Canvas, document) -> None:
    canvas.saveState()
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, PAGE_HEIGHT - 3 * cm, PAGE_WIDTH, 3 * cm, stroke=0, fill=1)
    canvas.rect(0, 0, PAGE_WIDTH, 1 * cm, stroke=0, fill=1)
    canvas.restoreState()


def _cover(workshop: Workshop, styles: Styles) -> list:
    template = workshop.template
    days = _("%(first)s to %(last)s") % {"first": as_date(workshop.starts_on), "last": as_date(workshop.ends_on)}
    lines = [
        (_("Edition"), template.edition),
        (_("School"), f"{workshop.school.name} ({workshop.school.cct})"),
        (_("School year"), workshop.school_year),
        (_("Dates"), days),
    ]
    if workshop.directors_day:
        lines.append((_("Directors' day"), as_date(workshop.directors_day)))
    story = [Spacer(1, 3.2 * cm), Paragraph(escape(CARPETA), styles.kicker)]
    story.append(Paragraph(markup(template.title), styles.title))
    story += [Paragraph(f"<b>{escape(label)}:</b> {markup(value)}", styles.line) for label, value in lines]
    return story


def _purposes(workshop: Workshop, styles: Styles) -> list:
    template = workshop.template
    story = [PageBreak(), Paragraph(escape(_("Purposes")), styles.h1)]
    story.append(Paragraph(escape(_("General purpose")), styles.h2))
    story += paragraphs(template.general_purpose, styles.body)
    story.append(Paragraph(escape(_("Specific purpose")), styles.h2))
    story += paragraphs(template.specific_purpose, styles.body)
    return story


def _synthesis(run: SpaceRun, styles: Styles) -> list:
    story = [Paragraph(escape(_("Synthesis of the group")), styles.h2)]
    return story + (paragraphs(run.synthesis, styles.body) or [Paragraph(escape(_("No synthesis yet.")), styles.note)])


def _no_product(workshop: Workshop, styles: Styles) -> list:
    return []


def _empty(message: str, styles: Styles) -> list:
    return [Paragraph(escape(message), styles.note)]


# --- Huella colectiva -------------------------------------------------------------------------------


def _huella(workshop: Workshop, styles: Styles) -> list:
    story = [Paragraph(escape(_("Collective timeline of the professional paths")), styles.h2)]
    timeline = charts.timeline(selectors.timeline_milestones(workshop))
    if timeline.rows:
        story += _timeline_drawings(timeline)
        story.append(_kind_legend())
    else:
        story += _empty(_("No milestones yet."), styles)
    story.append(Paragraph(escape(_("Self-assessment of the community per axis")), styles.h2))
    axes = list(workshop.template.axes.order_by("position", "pk"))
    chart = charts.axes_chart(axes, selectors.axis_counts(workshop))
    if not chart.bars:
        return story + _empty(_("The template has no axes to rate."), styles)
    if not any(bar.total for bar in chart.bars):
        story += _empty(_("Nobody has rated the axes yet."), styles)
    story.append(Paragraph(escape(_("How many people chose each light; who chose what is not shown.")), styles.lead))
    story += _axes_drawings(chart)
    story.append(_light_legend())
    rows = [[Paragraph(escape(_("Axis")), styles.cell_bold)]]
    rows[0] += [Paragraph(escape(str(label)), styles.cell_bold) for label in Light.labels]
    for bar in chart.bars:
        rows.append(
            [Paragraph(markup(bar.name, limit=CELL), styles.cell)]
            + [Paragraph(str(bar.counts[light]), styles.cell_right) for light in Light.values]
        )
    story += [Spacer(1, 6), table(rows, [FRAME_WIDTH - 3 * 3.4 * cm] + [3.4 * cm] * 3)]
    return story


def _timeline_drawings(timeline: charts.Timeline) -> list[Drawing]:
    """The timeline's geometry in chunks of rows (the page's y grows upwards,
    the geometry's downwards), the line running on from one chunk to the next
    and the year repeated at the top of a chunk."""
    drawings, year = [], None
    x = timeline.line_x
    for start in range(0, len(timeline.rows), TIMELINE_ROWS):
        rows = timeline.rows[start : start + TIMELINE_ROWS]
        top = rows[0].y - (charts.TOP if start == 0 else 0)
        bottom = rows[-1].y + charts.ROW if start + TIMELINE_ROWS < len(timeline.rows) else timeline.height
        height = bottom - top
        drawing = Drawing(FRAME_WIDTH, height)
        drawing.add(Line(x, height - (4 if start == 0 else 0), x, 0, strokeColor=RULE, strokeWidth=2))
        for n, row in enumerate(rows):
            y = height - (row.y - top)  # the row's top, on the page
            shown = row.year if row.year is not None else (year if n == 0 else None)
            if shown is not None:
                colour = colors.black if row.year is not None else GREY
                drawing.add(String(4, y - 9, str(shown), fontName="VeraBd", fontSize=10, fillColor=colour))
            year = row.year if row.year is not None else year
            colour = colors.HexColor(row.colour)
            drawing.add(Circle(x, y - 5, 6, fillColor=colour, strokeColor=colors.white, strokeWidth=1))
            drawing.add(String(x + 12, y - 9, clean(row.title), fontName="VeraBd", fontSize=9.5))
            who = cut(clean(f"{row.who} · {row.kind}"), 70)
            drawing.add(String(x + 12, y - 21, who, fontName="Vera", fontSize=8, fillColor=GREY))
        drawings.append(drawing)
    return drawings


def _legend(items: Iterable[tuple[str, str]]) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, 16)
    x = 4.0
    for colour, label in items:
        drawing.add(Rect(x, 3, 9, 9, fillColor=colors.HexColor(colour), strokeColor=None))
        drawing.add(String(x + 13, 4, label, fontName="Vera", fontSize=8, fillColor=GREY))
        x += 22 + pdfmetrics.stringWidth(label, "Vera", 8)
    return drawing


def _kind_legend() -> Drawing:
    return _legend((charts.KIND_COLOURS[kind], str(kind.label)) for kind in PathMilestone.Kind)


def _light_legend() -> Drawing:
    return _legend((charts.LIGHT_COLOURS[light], str(light.label)) for light in Light)


def _axes_drawings(chart: charts.AxesChart) -> list[Drawing]:
    """A bar per axis split by light, the geometry's width stretched to the page's."""
    scale = (FRAME_WIDTH - 2 * chart.x0) / chart.bar_width
    drawings = []
    for start in range(0, len(chart.bars), AXES_PER_DRAWING):
        bars = chart.bars[start : start + AXES_PER_DRAWING]
        top = bars[0].y - 8
        height = bars[-1].y + 40 - top
        drawing = Drawing(FRAME_WIDTH, height)
        for bar in bars:
            y = height - (bar.y - top)
            drawing.add(String(chart.x0, y - 10, cut(clean(bar.name), 90), fontName="Vera", fontSize=9))
            bar_y = y - 14 - chart.bar_height
            if not bar.total:
                drawing.add(
                    Rect(
                        chart.x0,
                        bar_y,
                        chart.bar_width * scale,
                        chart.bar_height,
                        fillColor=None,
                        strokeColor=RULE,
                        strokeDashArray=[4, 3],
                    )
                )
            for x, width, colour, _label, count in bar.segments:
                left = chart.x0 + (x - chart.x0) * scale
                drawing.add(
                    Rect(
                        left,
                        bar_y,
                        width * scale,
                        chart.bar_height,
                        fillColor=colors.HexColor(colour),
                        strokeColor=None,
                    )
                )
                if width * scale >= 14:
                    drawing.add(
                        String(
                            left + width * scale / 2,
                            bar_y + 4,
                            str(count),
                            fontName="VeraBd",
                            fontSize=8,
                            fillColor=colors.white,
                            textAnchor="middle",
                        )
                    )
        drawings.append(drawing)
    return drawings


# --- La práctica docente bajo la lupa ---------------------------------------------------------------


def _lupa(workshop: Workshop, styles: Styles) -> list:
    story = [Paragraph(escape(_("Problematisation matrix")), styles.h2)]
    problems = selectors.problems(workshop)
    if not problems:
        return story + _empty(_("No common problems yet."), styles)
    dimensions = list(workshop.template.dimensions.order_by("position"))
    story.append(Paragraph(escape(_("How many situations of each common problem touch each dimension.")), styles.lead))
    grouped = [situation for problem in problems for situation in problem.situations.all()]
    story.append(_matrix(selectors.matrix_of(grouped, dimensions, problems), dimensions, styles))

    story.append(Paragraph(escape(_("Common problems, ranked by the vote")), styles.h2))
    if not workshop.is_voting_closed:
        story += _empty(_("The vote has not closed yet: no challenge is prioritised."), styles)
    headings = (_("Place"), _("Common problem"), _("Votes"), _("Prioritised"))
    rows, marks = [[Paragraph(escape(h), styles.cell_bold) for h in headings]], []
    ranked = sorted(problems, key=lambda p: (p.rank is None, p.rank or 0, -p.votes_count, p.pk))
    for r, problem in enumerate(ranked, start=1):
        text = f"<b>{markup(problem.title, limit=CELL)}</b>"
        if problem.description:
            text += f"<br/>{markup(problem.description, limit=CELL)}"
        dimension_names = ", ".join(clean(d.name) for d in problem.dimensions.all())
        if dimension_names:
            text += f'<br/><font color="#495057" size="7.5">{escape(dimension_names)}</font>'
        prioritised = problem.is_prioritised
        rows.append(
            [
                Paragraph(str(problem.rank or "—"), styles.cell),
                Paragraph(text, styles.cell),
                Paragraph(str(problem.votes_count), styles.cell_right),
                Paragraph(bold(escape(_("Prioritised"))) if prioritised else "", styles.cell),
            ]
        )
        if prioritised:
            marks += [("BACKGROUND", (0, r), (-1, r), PRIMARY_LIGHT), ("LINEBEFORE", (0, r), (0, r), 3, PRIMARY)]
    story.append(table(rows, [1.6 * cm, FRAME_WIDTH - 5.8 * cm, 1.5 * cm, 2.7 * cm], style=marks))
    return story


def _matrix(matrix: list, dimensions: list, styles: Styles) -> Table:
    """Problems down, dimensions across; a cell darker the more situations
    it counts. The dimensions' names are set small enough to fit their column."""
    first = FRAME_WIDTH * 0.28
    column = (FRAME_WIDTH - first) / max(1, len(dimensions))
    widest = max((pdfmetrics.stringWidth(clean(d.name), "VeraBd", 1) for d in dimensions), default=1) or 1
    size = max(6.0, min(8.5, (column - 8) / widest))
    header = ParagraphStyle("CASMatrixHead", parent=styles.cell_bold, fontSize=size, leading=size * 1.3)
    rows = [[Paragraph(escape(_("Common problem")), styles.cell_bold)]]
    rows[0] += [Paragraph(markup(d.name), header) for d in dimensions]
    top = max((count for _problem, counts in matrix for count in counts), default=0) or 1
    shades = [("LEFTPADDING", (1, 0), (-1, 0), 4), ("RIGHTPADDING", (1, 0), (-1, 0), 4)]
    for r, (problem, counts) in enumerate(matrix, start=1):
        rows.append(
            [Paragraph(markup(problem.title, limit=CELL), styles.cell)]
            + [Paragraph(str(count) if count else "·", styles.cell_right) for count in counts]
        )
        for c, count in enumerate(counts, start=1):
            if count:
                shade = colors.linearlyInterpolatedColor(PRIMARY_LIGHT, colors.HexColor("#d9a8b8"), 0, 1, count / top)
                shades.append(("BACKGROUND", (c, r), (c, r), shade))
    return table(rows, [first] + [column] * len(dimensions), style=shades)


# --- Construyendo en colectivo ----------------------------------------------------------------------


def _proposals(workshop: Workshop, styles: Styles) -> list:
    story = [Paragraph(escape(_("Collaborative proposals")), styles.h2)]
    proposals = selectors.proposals(workshop)
    if not proposals:
        return story + _empty(_("No proposals yet."), styles)
    for proposal in proposals:
        story.append(Paragraph(markup(proposal.title), styles.h3))
        story.append(Paragraph(labelled(escape(_("Challenge")), markup(proposal.challenge)), styles.body))
        story += _field(_("Objective"), proposal.objective, styles)
        story.append(Paragraph(escape(_("Actions")), styles.label))
        actions = list(proposal.actions.all())
        if actions:
            rows = [[Paragraph(escape(h), styles.cell_bold) for h in (_("Action"), _("Owner"), _("Date"))]]
            rows += [
                [
                    Paragraph(markup(action.text, limit=CELL), styles.cell),
                    Paragraph(markup(action.owner.full_name), styles.cell),
                    Paragraph(escape(as_date(action.due_on, "SHORT_DATE_FORMAT")), styles.cell),
                ]
                for action in actions
            ]
            story += [table(rows, [FRAME_WIDTH - 7.5 * cm, 5 * cm, 2.5 * cm]), Spacer(1, 4)]
        else:
            story += _empty(_("No actions yet."), styles)
        story += _field(_("Resources"), proposal.resources, styles)
        story += _field(_("How it will be evaluated"), proposal.evaluation, styles)
        team = sorted((clean(person.full_name) for person in proposal.team.all()), key=str.casefold)
        story.append(Paragraph(labelled(escape(_("Team")), escape(", ".join(team) or "—")), styles.body))
    return story


def _field(label: str, value: str, styles: Styles) -> list:
    shown = paragraphs(value, styles.body)
    if not shown:
        return [Paragraph(f"<b>{escape(label)}:</b> —", styles.body)]
    return [Paragraph(escape(label), styles.label), *shown]


# --- Caligrama de la comunidad ----------------------------------------------------------------------


def _calligram(workshop: Workshop, styles: Styles) -> list:
    story = [Paragraph(escape(_("The calligram of the community")), styles.h2)]
    chosen = Calligram.objects.filter(workshop=workshop).first()
    shape = chosen.shape if chosen else Shape.TREE
    commitment = clean(chosen.commitment) if chosen else ""
    words = selectors.word_counts(workshop)
    if words:
        layout = calligram.layout(words, shape)
        picture = calligram.png(layout, commitment=commitment, optimize=False)
        pixels_wide, pixels_high = ImageReader(io.BytesIO(picture)).getSize()
        width = min(FRAME_WIDTH, 13 * cm)
        story.append(Image(io.BytesIO(picture), width=width, height=width * pixels_high / pixels_wide))
        if layout.left_out:
            story += _empty(
                ngettext(
                    "%(count)s word did not fit in the picture.",
                    "%(count)s words did not fit in the picture.",
                    layout.left_out,
                )
                % {"count": layout.left_out},
                styles,
            )
    else:
        story += _empty(_("No words yet."), styles)
    story.append(Paragraph(labelled(escape(_("Our commitment")), markup(commitment) or "—"), styles.body))
    if words:
        said = ", ".join(f"{clean(text)} ({count})" for text, count in words)
        story.append(Paragraph(labelled(escape(_("Words and times said")), escape(said)), styles.small))
    return story


# --- Continuity agreements and participants ---------------------------------------------------------


def _agreements(workshop: Workshop, styles: Styles) -> list:
    story = [Paragraph(escape(_("Continuity agreements")), styles.h1)]
    agreements = selectors.continuity_agreements(workshop)
    if not agreements:
        return story + _empty(_("No continuity agreements yet."), styles)
    for horizon in ContinuityAgreement.Horizon:
        rows_of = [a for a in agreements if a.horizon == horizon]
        story.append(Paragraph(escape(_("At %(days)s days") % {"days": horizon.value}), styles.h2))
        if not rows_of:
            story += _empty(_("None."), styles)
            continue
        rows = [
            [Paragraph(escape(h), styles.cell_bold) for h in (_("Agreement"), _("Owner"), _("Due date"), _("Status"))]
        ]
        for agreement in rows_of:
            text = markup(agreement.text, limit=CELL)
            text += f'<br/><font color="#495057" size="7.5">{markup(agreement.proposal.title)}</font>'
            rows.append(
                [
                    Paragraph(text, styles.cell),
                    Paragraph(markup(agreement.owner.full_name), styles.cell),
                    Paragraph(escape(as_date(agreement.due_on, "SHORT_DATE_FORMAT")), styles.cell),
                    Paragraph(escape(str(agreement.current_status_display)), styles.cell),
                ]
            )
        story.append(table(rows, [FRAME_WIDTH - 10 * cm, 4.5 * cm, 2.5 * cm, 3 * cm]))
    return story


def _participants(workshop: Workshop, runs: list[SpaceRun], people: dict[str, set[int]], styles: Styles) -> list:
    """Everyone who added something to a space, and the facilitator (the
    director who set the workshop up when nobody was named), in one query."""
    facilitator_pk = workshop.facilitator_id or workshop.created_by_id
    everyone = set().union(*people.values()) | {facilitator_pk}
    names = {
        pk: clean(name)
        for pk, name in User.objects.filter(pk__in=everyone).order_by("full_name", "pk").values_list("pk", "full_name")
    }
    facilitator = names.get(facilitator_pk, "")
    if not workshop.facilitator_id:
        facilitator = _("%(name)s (the director)") % {"name": facilitator}
    story = [
        Paragraph(escape(_("Participants")), styles.h1),
        Paragraph(labelled(escape(_("Facilitator")), escape(facilitator)), styles.body),
    ]
    counts = [
        [Paragraph(escape(_("Work space")), styles.cell_bold), Paragraph(escape(_("People")), styles.cell_bold)]
    ] + [
        [
            Paragraph(escape(run.space.get_workspace_display()), styles.cell),
            Paragraph(str(len(people.get(run.space.workspace, ()))), styles.cell_right),
        ]
        for run in runs
    ]
    story += [table(counts, [FRAME_WIDTH - 3 * cm, 3 * cm]), Spacer(1, 8)]
    ordered = sorted(names.values(), key=str.casefold)
    columns = 3
    grid = [ordered[i : i + columns] for i in range(0, len(ordered), columns)]
    grid = [[Paragraph(escape(name), styles.cell) for name in row] + [""] * (columns - len(row)) for row in grid]
    story.append(Paragraph(escape(_("Who took part")), styles.h2))
    story.append(table(grid, [FRAME_WIDTH / columns] * columns, header=False, ruled=False))
    return story

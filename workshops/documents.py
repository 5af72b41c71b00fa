"""The workshop's printed documents, drawn with ReportLab and the Vera fonts it
ships (nothing installed on the system): the directors' poster of commitments
(afiche), always one letter page, and the school's «Carpeta para la
reflexión» with every work space's product.

Both are deterministic (`invariant=1`: the same data gives the same bytes).
Interface strings go through gettext; the data (the template's texts and
what people wrote) is printed as written, escaped for ReportLab's markup and
without the control characters it cannot draw. The Carpeta reads through
`workshops.selectors`, so its queries do not grow with the contributions."""

import functools
import io
import unicodedata
from collections.abc import Iterable
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Frame,
    Image,
    KeepInFrame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from communities.exports import register_fonts
from communities.models import User
from workshops import calligram, charts, selectors
from workshops.models import (
    Calligram,
    ContinuityAgreement,
    DirectorsDay,
    Light,
    PathMilestone,
    Shape,
    SpaceRun,
    Workshop,
    WorkSpace,
)

# The SEP's name for the workshop's booklet: a proper name, like the work
# spaces', that stays in Spanish in every language.
CARPETA = "Carpeta para la reflexión"

PRIMARY = colors.HexColor("#6d1a36")  # guinda, as the site and the SEP's materials
PRIMARY_LIGHT = colors.HexColor("#f3ece9")
GREY = colors.HexColor("#495057")
RULE = colors.HexColor("#adb5bd")
PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 2 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
EXCERPT = 280  # characters of the director's reflection on the poster
CELL = 600  # characters of a text in a table cell
TIMELINE_ROWS = 8  # milestones per drawing: a drawing does not split across pages
AXES_PER_DRAWING = 4


# --- People's text, made safe for ReportLab ----------------------------------------------------------


def _clean(value) -> str:
    """The text without what ReportLab cannot draw or parse: control
    characters (NUL among them) but line breaks and tabs, and lone surrogates."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


def _labelled(label: str, value: str) -> str:
    """«Label: value» in a paragraph's markup, both already escaped."""
    return f"<b>{label}:</b> {value}"


def _bold(text: str) -> str:
    return f"<b>{text}</b>"


def _markup(value, *, limit: int | None = None) -> str:
    """Escaped for Paragraph markup, on one line (whitespace collapsed), cut at `limit`."""
    return escape(_cut(" ".join(_clean(value).split()), limit))


def _cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def _paragraphs(value, style: ParagraphStyle) -> list[Paragraph]:
    """One Paragraph per paragraph of the text (a blank line apart), its line breaks kept."""
    out = []
    for block in _clean(value).split("\n\n"):
        lines = [" ".join(line.split()) for line in block.strip().split("\n")]
        if any(lines):
            out.append(Paragraph("<br/>".join(escape(line) for line in lines), style))
    return out


def _date(value: date | None, fmt: str = "DATE_FORMAT") -> str:
    return formats.date_format(value, fmt) if value else ""


# --- Styles ------------------------------------------------------------------------------------------


class _Styles:
    """The Carpeta's paragraph styles; headings stay with what follows them."""

    def __init__(self):
        register_fonts()
        base = ParagraphStyle("CASBody", fontName="Vera", fontSize=10, leading=14, spaceAfter=4)
        bold = {"fontName": "VeraBd", "keepWithNext": 1}
        self.body = base
        self.small = ParagraphStyle("CASSmall", parent=base, fontSize=8.5, leading=11, textColor=GREY)
        self.lead = ParagraphStyle("CASLead", parent=self.small, keepWithNext=1)
        self.cell = ParagraphStyle("CASCell", parent=base, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_bold = ParagraphStyle("CASCellBold", parent=self.cell, fontName="VeraBd")
        self.cell_right = ParagraphStyle("CASCellRight", parent=self.cell, alignment=TA_RIGHT)
        self.note = ParagraphStyle("CASNote", parent=base, fontName="VeraIt", textColor=GREY)
        self.label = ParagraphStyle("CASLabel", parent=base, **bold)
        self.h1 = ParagraphStyle("CASH1", parent=base, **bold, fontSize=17, leading=21, spaceBefore=18, spaceAfter=8)
        self.h1.textColor = PRIMARY
        self.h2 = ParagraphStyle("CASH2", parent=base, **bold, fontSize=12.5, leading=16, spaceBefore=10)
        self.h3 = ParagraphStyle("CASH3", parent=base, **bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=2)
        self.h3.textColor = PRIMARY
        self.kicker = ParagraphStyle("CASKicker", parent=base, fontName="VeraBd", fontSize=13, leading=17)
        self.kicker.textColor = PRIMARY
        self.title = ParagraphStyle("CASTitle", parent=base, fontName="VeraBd", fontSize=28, leading=34, spaceAfter=12)
        self.line = ParagraphStyle("CASLine", parent=base, fontSize=13, leading=19, spaceAfter=2)


def _table(
    rows: list[list], widths: list[float], *, header: bool = True, ruled: bool = True, style: list | None = None
) -> Table:
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.4, RULE))
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), PRIMARY_LIGHT))
    # A row taller than a page (a very long text) splits instead of failing.
    return Table(
        rows,
        colWidths=widths,
        repeatRows=1 if header else 0,
        splitInRow=1,
        style=TableStyle(commands + (style or [])),
        hAlign="LEFT",
    )


# --- The poster of the directors' day ----------------------------------------------------------------

POSTER_SIZES = (30, 27, 24, 22, 20, 18, 16, 15, 14, 13, 12, 11, 10, 9)  # of the commitments
TITLE_SIZES = (40, 36, 32, 28, 24, 22, 20)
POSTER_MARGIN = 40
POSTER_FOOTER = 36


def poster_pdf(*, workshop: Workshop, day: DirectorsDay) -> bytes:
    """The director's poster of commitments: one letter page whatever the
    lengths. Long commitments get smaller type; if they still do not fit, the
    title and the excerpt get smaller too, and at last everything is shrunk."""
    styles = _Styles()
    commitments = [c.text for c in day.commitments.all()]
    title = _clean(day.poster_title).strip() or _("Our commitments as a learning community")
    width = PAGE_WIDTH - 2 * POSTER_MARGIN
    for title_sizes, excerpt in ((TITLE_SIZES, EXCERPT), (TITLE_SIZES[-3:], EXCERPT // 2)):
        band = _poster_band(workshop, title, title_sizes, width)
        band_height = min(220, _height(band, width) + 2 * 28)
        height = PAGE_HEIGHT - band_height - 22 - POSTER_FOOTER - 12
        for size in POSTER_SIZES:
            body = _poster_body(workshop, day, commitments, styles, size, excerpt, width)
            if _height(body, width) <= height:
                break
        else:
            continue
        break

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(_clean(day.author.full_name))
    canvas.setSubject(_clean(f"{workshop.template.title} · {workshop.school.name}"))
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, PAGE_HEIGHT - band_height, PAGE_WIDTH, band_height, stroke=0, fill=1)
    _draw_in(canvas, band, POSTER_MARGIN, PAGE_HEIGHT - band_height + 24, width, band_height - 48)
    _draw_in(canvas, body, POSTER_MARGIN, POSTER_FOOTER + 12, width, height)
    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(2)
    canvas.line(POSTER_MARGIN, POSTER_FOOTER, PAGE_WIDTH - POSTER_MARGIN, POSTER_FOOTER)
    canvas.setFont("Vera", 8.5)
    canvas.setFillColor(GREY)
    when = _date(workshop.directors_day or workshop.template.directors_day)
    canvas.drawString(POSTER_MARGIN, POSTER_FOOTER - 14, _cut(_clean(f"{workshop.template.title} · {when}"), 100))
    canvas.drawRightString(PAGE_WIDTH - POSTER_MARGIN, POSTER_FOOTER - 14, _clean(workshop.school.cct))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _poster_band(workshop: Workshop, title: str, sizes: tuple[int, ...], width: float) -> list:
    """What goes on the coloured band: the title as large as three lines allow."""
    kicker = ParagraphStyle("PosterKicker", fontName="VeraBd", fontSize=11, leading=14)
    kicker.textColor = colors.HexColor("#f3d9e1")
    for size in sizes:
        style = ParagraphStyle("PosterTitle", fontName="VeraBd", fontSize=size, leading=size * 1.15, spaceBefore=6)
        style.textColor = colors.white
        heading = Paragraph(_markup(title), style)
        if heading.wrap(width, PAGE_HEIGHT)[1] <= 3 * style.leading:
            break
    return [Paragraph(escape(_("Directors' day")) + " · " + _markup(workshop.template.edition), kicker), heading]


def _poster_body(
    workshop: Workshop,
    day: DirectorsDay,
    commitments: list[str],
    styles: _Styles,
    size: int,
    excerpt: int,
    width: float,
) -> list:
    """The school, the director, an excerpt of the reflection and the numbered
    commitments in type of `size` points."""
    school = ParagraphStyle("PosterSchool", fontName="VeraBd", fontSize=17, leading=21, textColor=PRIMARY)
    workshop_title = ParagraphStyle("PosterWorkshop", fontName="Vera", fontSize=12, leading=16, textColor=GREY)
    label = ParagraphStyle("PosterLabel", fontName="Vera", fontSize=9, leading=12, textColor=GREY, spaceBefore=12)
    name = ParagraphStyle("PosterName", fontName="VeraBd", fontSize=13, leading=17)
    quote = ParagraphStyle("PosterQuote", fontName="VeraIt", fontSize=10.5, leading=14.5, textColor=GREY)
    heading = ParagraphStyle(
        "PosterHeading", fontName="VeraBd", fontSize=15, leading=19, textColor=PRIMARY, spaceBefore=16, spaceAfter=8
    )
    text = ParagraphStyle("PosterCommitment", fontName="VeraBd", fontSize=size, leading=size * 1.25)
    number = ParagraphStyle(
        "PosterNumber",
        fontName="VeraBd",
        fontSize=size,
        leading=size * 1.25,
        textColor=colors.white,
        alignment=TA_CENTER,
    )
    body = [
        Paragraph(_markup(workshop.school.name, limit=200), school),
        Paragraph(_markup(workshop.template.title, limit=200), workshop_title),
        Paragraph(escape(_("Director")), label),
        Paragraph(_markup(day.author.full_name, limit=150), name),
    ]
    excerpt = _markup(day.reflection, limit=excerpt)
    if excerpt:
        box = Table([[Paragraph(f"«{excerpt}»", quote)]], colWidths=["100%"], hAlign="LEFT")
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), PRIMARY_LIGHT),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, PRIMARY),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        body += [Spacer(1, 8), box]
    body.append(Paragraph(escape(_("Our commitments")), heading))
    if not commitments:
        body.append(Paragraph(escape(_("No commitments yet.")), styles.note))
        return body
    column = size * 2.2
    rows = [
        [Paragraph(str(n), number), Paragraph(_markup(commitment), text)]
        for n, commitment in enumerate(commitments, start=1)
    ]
    table = Table(rows, colWidths=[column, "*"], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), PRIMARY),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, RULE),
                ("LEFTPADDING", (1, 0), (1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), size * 0.35),
                ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.45),
                ("ROWBACKGROUNDS", (1, 0), (1, -1), [colors.white]),
            ]
        )
    )
    body.append(table)
    return body


def _height(flowables: list, width: float) -> float:
    total = 0.0
    for n, flowable in enumerate(flowables):
        total += flowable.wrap(width, PAGE_HEIGHT * 4)[1] + flowable.getSpaceAfter()
        if n:
            total += flowable.getSpaceBefore()
    return total


def _draw_in(canvas: Canvas, flowables: list, x: float, y: float, width: float, height: float) -> None:
    """Draw the flowables in a box, shrunk if they still do not fit: never a second page."""
    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList([KeepInFrame(width, height, flowables, mode="shrink")], canvas)


# --- The Carpeta para la reflexión -------------------------------------------------------------------


class _NumberedCanvas(Canvas):
    """Draws «Page n of N» and the document's name at the foot of every page
    but the cover, once the number of pages is known."""

    def __init__(self, *args, footer: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict] = []

    def showPage(self):  # ReportLab's name for it
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber > 1:
                self.saveState()
                self.setStrokeColor(RULE)
                self.setLineWidth(0.5)
                self.line(MARGIN, 1.5 * cm, PAGE_WIDTH - MARGIN, 1.5 * cm)
                self.setFont("Vera", 8)
                self.setFillColor(GREY)
                self.drawString(MARGIN, 1.05 * cm, self._footer)
                self.drawRightString(
                    PAGE_WIDTH - MARGIN,
                    1.05 * cm,
                    _("Page %(page)s of %(pages)s") % {"page": self._pageNumber, "pages": total},
                )
                self.restoreState()
            super().showPage()
        super().save()


def carpeta_pdf(*, workshop: Workshop) -> bytes:
    """The school's Carpeta para la reflexión: the cover, the purposes, each
    work space with its product and synthesis, the continuity agreements and
    who took part. A fixed number of queries whatever the contributions."""
    workshop = Workshop.objects.select_related("school", "template", "facilitator", "created_by").get(pk=workshop.pk)
    styles = _Styles()
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
        story += _paragraphs(run.space.purpose, styles.body)
        story.append(Paragraph(_labelled(escape(_("Product")), _markup(run.space.product)), styles.body))
        if run.is_not_started:
            story.append(Paragraph(escape(_("Not started yet.")), styles.note))
            continue
        story += products.get(run.space.workspace, _no_product)(workshop, styles)
        story += _synthesis(run, styles)
    story.append(PageBreak())
    story += _agreements(workshop, styles)
    story += _participants(workshop, runs, people, styles)

    buffer = io.BytesIO()
    school = _clean(workshop.school.name)
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=2.2 * cm,
        title=f"{CARPETA} · {_clean(workshop.template.title)}",
        author=school,
        subject=f"{school} · {workshop.school_year}",
        creator="CAS",
        invariant=1,
        pageCompression=1,
    )
    footer = _cut(f"{CARPETA} · {school} · {workshop.school_year}", 95)
    document.build(story, onFirstPage=_cover_band, canvasmaker=functools.partial(_NumberedCanvas, footer=footer))
    return buffer.getvalue()


def _cover_band(canvas: Canvas, document) -> None:
    canvas.saveState()
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, PAGE_HEIGHT - 3 * cm, PAGE_WIDTH, 3 * cm, stroke=0, fill=1)
    canvas.rect(0, 0, PAGE_WIDTH, 1 * cm, stroke=0, fill=1)
    canvas.restoreState()


def _cover(workshop: Workshop, styles: _Styles) -> list:
    template = workshop.template
    days = _("%(first)s to %(last)s") % {"first": _date(workshop.starts_on), "last": _date(workshop.ends_on)}
    lines = [
        (_("Edition"), template.edition),
        (_("School"), f"{workshop.school.name} ({workshop.school.cct})"),
        (_("School year"), workshop.school_year),
        (_("Dates"), days),
    ]
    if workshop.directors_day:
        lines.append((_("Directors' day"), _date(workshop.directors_day)))
    story = [Spacer(1, 3.2 * cm), Paragraph(escape(CARPETA), styles.kicker)]
    story.append(Paragraph(_markup(template.title), styles.title))
    story += [Paragraph(f"<b>{escape(label)}:</b> {_markup(value)}", styles.line) for label, value in lines]
    return story


def _purposes(workshop: Workshop, styles: _Styles) -> list:
    template = workshop.template
    story = [PageBreak(), Paragraph(escape(_("Purposes")), styles.h1)]
    story.append(Paragraph(escape(_("General purpose")), styles.h2))
    story += _paragraphs(template.general_purpose, styles.body)
    story.append(Paragraph(escape(_("Specific purpose")), styles.h2))
    story += _paragraphs(template.specific_purpose, styles.body)
    return story


def _synthesis(run: SpaceRun, styles: _Styles) -> list:
    story = [Paragraph(escape(_("Synthesis of the group")), styles.h2)]
    return story + (_paragraphs(run.synthesis, styles.body) or [Paragraph(escape(_("No synthesis yet.")), styles.note)])


def _no_product(workshop: Workshop, styles: _Styles) -> list:
    return []


def _empty(message: str, styles: _Styles) -> list:
    return [Paragraph(escape(message), styles.note)]


# --- Huella colectiva -------------------------------------------------------------------------------


def _huella(workshop: Workshop, styles: _Styles) -> list:
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
            [Paragraph(_markup(bar.name, limit=CELL), styles.cell)]
            + [Paragraph(str(bar.counts[light]), styles.cell_right) for light in Light.values]
        )
    story += [Spacer(1, 6), _table(rows, [FRAME_WIDTH - 3 * 3.4 * cm] + [3.4 * cm] * 3)]
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
            drawing.add(String(x + 12, y - 9, _clean(row.title), fontName="VeraBd", fontSize=9.5))
            who = _cut(_clean(f"{row.who} · {row.kind}"), 70)
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
            drawing.add(String(chart.x0, y - 10, _cut(_clean(bar.name), 90), fontName="Vera", fontSize=9))
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


def _lupa(workshop: Workshop, styles: _Styles) -> list:
    story = [Paragraph(escape(_("Problematisation matrix")), styles.h2)]
    problems = selectors.problems(workshop)
    if not problems:
        return story + _empty(_("No common problems yet."), styles)
    dimensions = list(workshop.template.dimensions.order_by("position"))
    story.append(Paragraph(escape(_("How many situations of each common problem touch each dimension.")), styles.lead))
    story.append(_matrix(selectors.matrix(workshop, dimensions, problems), dimensions, styles))

    story.append(Paragraph(escape(_("Common problems, ranked by the vote")), styles.h2))
    if not workshop.is_voting_closed:
        story += _empty(_("The vote has not closed yet: no challenge is prioritised."), styles)
    headings = (_("Place"), _("Common problem"), _("Votes"), _("Prioritised"))
    rows, marks = [[Paragraph(escape(h), styles.cell_bold) for h in headings]], []
    ranked = sorted(problems, key=lambda p: (p.rank is None, p.rank or 0, -p.votes_count, p.pk))
    for r, problem in enumerate(ranked, start=1):
        text = f"<b>{_markup(problem.title, limit=CELL)}</b>"
        if problem.description:
            text += f"<br/>{_markup(problem.description, limit=CELL)}"
        dimension_names = ", ".join(_clean(d.name) for d in problem.dimensions.all())
        if dimension_names:
            text += f'<br/><font color="#495057" size="7.5">{escape(dimension_names)}</font>'
        prioritised = problem.is_prioritised
        rows.append(
            [
                Paragraph(str(problem.rank or "—"), styles.cell),
                Paragraph(text, styles.cell),
                Paragraph(str(problem.votes_count), styles.cell_right),
                Paragraph(_bold(escape(_("Prioritised"))) if prioritised else "", styles.cell),
            ]
        )
        if prioritised:
            marks += [("BACKGROUND", (0, r), (-1, r), PRIMARY_LIGHT), ("LINEBEFORE", (0, r), (0, r), 3, PRIMARY)]
    story.append(_table(rows, [1.6 * cm, FRAME_WIDTH - 5.8 * cm, 1.5 * cm, 2.7 * cm], style=marks))
    return story


def _matrix(matrix: list, dimensions: list, styles: _Styles) -> Table:
    """Problems down, dimensions across; a cell darker the more situations
    it counts. The dimensions' names are set small enough to fit their column."""
    first = FRAME_WIDTH * 0.28
    column = (FRAME_WIDTH - first) / max(1, len(dimensions))
    widest = max((pdfmetrics.stringWidth(_clean(d.name), "VeraBd", 1) for d in dimensions), default=1) or 1
    size = max(6.0, min(8.5, (column - 8) / widest))
    header = ParagraphStyle("CASMatrixHead", parent=styles.cell_bold, fontSize=size, leading=size * 1.3)
    rows = [[Paragraph(escape(_("Common problem")), styles.cell_bold)]]
    rows[0] += [Paragraph(_markup(d.name), header) for d in dimensions]
    top = max((count for _problem, counts in matrix for count in counts), default=0) or 1
    shades = [("LEFTPADDING", (1, 0), (-1, 0), 4), ("RIGHTPADDING", (1, 0), (-1, 0), 4)]
    for r, (problem, counts) in enumerate(matrix, start=1):
        rows.append(
            [Paragraph(_markup(problem.title, limit=CELL), styles.cell)]
            + [Paragraph(str(count) if count else "·", styles.cell_right) for count in counts]
        )
        for c, count in enumerate(counts, start=1):
            if count:
                shade = colors.linearlyInterpolatedColor(PRIMARY_LIGHT, colors.HexColor("#d9a8b8"), 0, 1, count / top)
                shades.append(("BACKGROUND", (c, r), (c, r), shade))
    return _table(rows, [first] + [column] * len(dimensions), style=shades)


# --- Construyendo en colectivo ----------------------------------------------------------------------


def _proposals(workshop: Workshop, styles: _Styles) -> list:
    story = [Paragraph(escape(_("Collaborative proposals")), styles.h2)]
    proposals = selectors.proposals(workshop)
    if not proposals:
        return story + _empty(_("No proposals yet."), styles)
    for proposal in proposals:
        story.append(Paragraph(_markup(proposal.title), styles.h3))
        story.append(Paragraph(_labelled(escape(_("Challenge")), _markup(proposal.challenge)), styles.body))
        story += _field(_("Objective"), proposal.objective, styles)
        story.append(Paragraph(escape(_("Actions")), styles.label))
        actions = list(proposal.actions.all())
        if actions:
            rows = [[Paragraph(escape(h), styles.cell_bold) for h in (_("Action"), _("Owner"), _("Date"))]]
            rows += [
                [
                    Paragraph(_markup(action.text, limit=CELL), styles.cell),
                    Paragraph(_markup(action.owner.full_name), styles.cell),
                    Paragraph(escape(_date(action.due_on, "SHORT_DATE_FORMAT")), styles.cell),
                ]
                for action in actions
            ]
            story += [_table(rows, [FRAME_WIDTH - 7.5 * cm, 5 * cm, 2.5 * cm]), Spacer(1, 4)]
        else:
            story += _empty(_("No actions yet."), styles)
        story += _field(_("Resources"), proposal.resources, styles)
        story += _field(_("How it will be evaluated"), proposal.evaluation, styles)
        team = sorted((_clean(person.full_name) for person in proposal.team.all()), key=str.casefold)
        story.append(Paragraph(_labelled(escape(_("Team")), escape(", ".join(team) or "—")), styles.body))
    return story


def _field(label: str, value: str, styles: _Styles) -> list:
    paragraphs = _paragraphs(value, styles.body)
    if not paragraphs:
        return [Paragraph(f"<b>{escape(label)}:</b> —", styles.body)]
    return [Paragraph(escape(label), styles.label), *paragraphs]


# --- Caligrama de la comunidad ----------------------------------------------------------------------


def _calligram(workshop: Workshop, styles: _Styles) -> list:
    story = [Paragraph(escape(_("The calligram of the community")), styles.h2)]
    chosen = Calligram.objects.filter(workshop=workshop).first()
    shape = chosen.shape if chosen else Shape.TREE
    commitment = _clean(chosen.commitment) if chosen else ""
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
    story.append(Paragraph(_labelled(escape(_("Our commitment")), _markup(commitment) or "—"), styles.body))
    if words:
        said = ", ".join(f"{_clean(text)} ({count})" for text, count in words)
        story.append(Paragraph(_labelled(escape(_("Words and times said")), escape(said)), styles.small))
    return story


# --- Continuity agreements and participants ---------------------------------------------------------


def _agreements(workshop: Workshop, styles: _Styles) -> list:
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
            text = _markup(agreement.text, limit=CELL)
            text += f'<br/><font color="#495057" size="7.5">{_markup(agreement.proposal.title)}</font>'
            rows.append(
                [
                    Paragraph(text, styles.cell),
                    Paragraph(_markup(agreement.owner.full_name), styles.cell),
                    Paragraph(escape(_date(agreement.due_on, "SHORT_DATE_FORMAT")), styles.cell),
                    Paragraph(escape(str(agreement.current_status_display)), styles.cell),
                ]
            )
        story.append(_table(rows, [FRAME_WIDTH - 10 * cm, 4.5 * cm, 2.5 * cm, 3 * cm]))
    return story


def _participants(workshop: Workshop, runs: list[SpaceRun], people: dict[str, set[int]], styles: _Styles) -> list:
    """Everyone who added something to a space, and the facilitator (the
    director who set the workshop up when nobody was named), in one query."""
    facilitator_pk = workshop.facilitator_id or workshop.created_by_id
    everyone = set().union(*people.values()) | {facilitator_pk}
    names = {
        pk: _clean(name)
        for pk, name in User.objects.filter(pk__in=everyone).order_by("full_name", "pk").values_list("pk", "full_name")
    }
    facilitator = names.get(facilitator_pk, "")
    if not workshop.facilitator_id:
        facilitator = _("%(name)s (the director)") % {"name": facilitator}
    story = [
        Paragraph(escape(_("Participants")), styles.h1),
        Paragraph(_labelled(escape(_("Facilitator")), escape(facilitator)), styles.body),
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
    story += [_table(counts, [FRAME_WIDTH - 3 * cm, 3 * cm]), Spacer(1, 8)]
    ordered = sorted(names.values(), key=str.casefold)
    columns = 3
    grid = [ordered[i : i + columns] for i in range(0, len(ordered), columns)]
    grid = [[Paragraph(escape(name), styles.cell) for name in row] + [""] * (columns - len(row)) for row in grid]
    story.append(Paragraph(escape(_("Who took part")), styles.h2))
    story.append(_table(grid, [FRAME_WIDTH / columns] * columns, header=False, ruled=False))
    return story

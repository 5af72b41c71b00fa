"""The poster of commitments (afiche) of the directors' day: one letter page."""

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

# The SEP's name for the workshop's booklet: a proper name, like the work
# spaces', that stays in Spanish in every language.
from workshops.documents.common import (
    EXCERPT,
    GREY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRIMARY,
    PRIMARY_LIGHT,
    RULE,
    Styles,
    as_date,
    clean,
    cut,
    draw_in,
    flowables_height,
    markup,
)
from workshops.models import (
    DirectorsDay,
    Workshop,
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
    styles = Styles()
    commitments = [c.text for c in day.commitments.all()]
    title = clean(day.poster_title).strip() or _("Our commitments as a learning community")
    width = PAGE_WIDTH - 2 * POSTER_MARGIN
    for title_sizes, excerpt in ((TITLE_SIZES, EXCERPT), (TITLE_SIZES[-3:], EXCERPT // 2)):
        band = _poster_band(workshop, title, title_sizes, width)
        band_height = min(220, flowables_height(band, width) + 2 * 28)
        height = PAGE_HEIGHT - band_height - 22 - POSTER_FOOTER - 12
        for size in POSTER_SIZES:
            body = _poster_body(workshop, day, commitments, styles, size, excerpt, width)
            if flowables_height(body, width) <= height:
                break
        else:
            continue
        break

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(clean(day.author.full_name))
    canvas.setSubject(clean(f"{workshop.template.title} · {workshop.school.name}"))
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, PAGE_HEIGHT - band_height, PAGE_WIDTH, band_height, stroke=0, fill=1)
    draw_in(canvas, band, POSTER_MARGIN, PAGE_HEIGHT - band_height + 24, width, band_height - 48)
    draw_in(canvas, body, POSTER_MARGIN, POSTER_FOOTER + 12, width, height)
    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(2)
    canvas.line(POSTER_MARGIN, POSTER_FOOTER, PAGE_WIDTH - POSTER_MARGIN, POSTER_FOOTER)
    canvas.setFont("Vera", 8.5)
    canvas.setFillColor(GREY)
    when = as_date(workshop.directors_day or workshop.template.directors_day)
    canvas.drawString(POSTER_MARGIN, POSTER_FOOTER - 14, cut(clean(f"{workshop.template.title} · {when}"), 100))
    canvas.drawRightString(PAGE_WIDTH - POSTER_MARGIN, POSTER_FOOTER - 14, clean(workshop.school.cct))
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
        heading = Paragraph(markup(title), style)
        if heading.wrap(width, PAGE_HEIGHT)[1] <= 3 * style.leading:
            break
    return [Paragraph(escape(_("Directors' day")) + " · " + markup(workshop.template.edition), kicker), heading]


def _poster_body(
    workshop: Workshop,
    day: DirectorsDay,
    commitments: list[str],
    styles: Styles,
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
        Paragraph(markup(workshop.school.name, limit=200), school),
        Paragraph(markup(workshop.template.title, limit=200), workshop_title),
        Paragraph(escape(_("Director")), label),
        Paragraph(markup(day.author.full_name, limit=150), name),
    ]
    excerpt = markup(day.reflection, limit=excerpt)
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
        [Paragraph(str(n), number), Paragraph(markup(commitment), text)]
        for n, commitment in enumerate(commitments, start=1)
    ]
    grid = Table(rows, colWidths=[column, "*"], hAlign="LEFT")
    grid.setStyle(
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
    body.append(grid)
    return body

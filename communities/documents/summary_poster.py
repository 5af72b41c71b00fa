"""The Difusión summary as a poster (PDF): one letter page to pin up in the
staff room, whatever the lengths. The director's headline on a coloured band,
their message, the CAS in numbers, its goals, the agreements it kept, and the
sections the satellites add (`extensions.Section`, bars included), drawn from
what `services.diffusion.summary_content` read. If everything does not fit,
less of each list is shown (saying how many more there are), and at last the
whole is shrunk: never a second page."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from communities.documents.pdf import (
    GREY,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRIMARY,
    PRIMARY_LIGHT,
    Styles,
    as_date,
    bars_drawing,
    clean,
    cut,
    draw_in,
    flowables_height,
    markup,
    paragraphs,
    table,
)
from communities.extensions import Section
from communities.models.goals import plain

MARGIN = 40
FOOTER = 36
WIDTH = PAGE_WIDTH - 2 * MARGIN
TITLE_SIZES = (34, 30, 26, 22, 20, 18)


# How much of each part is shown, from the most to the least: the message's
# characters, goals, agreements kept, and a section's bars and table rows.
DETAIL = (
    (1500, 6, 8, 8, 6),
    (900, 4, 5, 6, 4),
    (500, 3, 3, 5, 3),
    (300, 2, 2, 4, 2),
)


def summary_poster_pdf(*, content) -> bytes:
    """`content`: a `services.diffusion.SummaryContent`."""
    summary, community = content.summary, content.community
    styles = Styles()
    title = clean(summary.headline).strip() or _("What our learning community achieved")
    band = _band(content, title)
    band_height = min(230, flowables_height(band, WIDTH) + 2 * 26)
    room = PAGE_HEIGHT - band_height - 20 - FOOTER - 12
    for detail in DETAIL:
        body = _body(content, styles, *detail)
        if flowables_height(body, WIDTH) <= room:
            break

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(clean(community.school.name))
    canvas.setSubject(clean(f"CAS {community.school_year} · {community.school.cct}"))
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, PAGE_HEIGHT - band_height, PAGE_WIDTH, band_height, stroke=0, fill=1)
    draw_in(canvas, band, MARGIN, PAGE_HEIGHT - band_height + 22, WIDTH, band_height - 44)
    draw_in(canvas, body, MARGIN, FOOTER + 12, WIDTH, room)
    canvas.setStrokeColor(PRIMARY)
    canvas.setLineWidth(2)
    canvas.line(MARGIN, FOOTER, PAGE_WIDTH - MARGIN, FOOTER)
    canvas.setFont("Vera", 8.5)
    canvas.setFillColor(GREY)
    school = f"{community.school.name} · {community.school.cct} · CAS {community.school_year}"
    # Two lines: a long school name and the state never run into each other.
    canvas.drawString(MARGIN, FOOTER - 14, cut(clean(school), 110))
    canvas.drawString(MARGIN, FOOTER - 25, _state(summary))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _state(summary) -> str:
    if summary.is_published:
        return _("Published on %(day)s") % {"day": as_date(timezone.localdate(summary.published_at))}
    return _("Draft of %(day)s, not published") % {"day": as_date(timezone.localdate())}


def _band(content, title: str) -> list:
    """The kicker and the headline, as large as three lines allow."""
    kicker = ParagraphStyle("SummaryKicker", fontName="VeraBd", fontSize=11, leading=14)
    kicker.textColor = colors.HexColor("#f3d9e1")
    for size in TITLE_SIZES:
        style = ParagraphStyle("SummaryTitle", fontName="VeraBd", fontSize=size, leading=size * 1.15, spaceBefore=6)
        style.textColor = colors.white
        heading = Paragraph(markup(title), style)
        if heading.wrap(WIDTH, PAGE_HEIGHT)[1] <= 3 * style.leading:
            break
    words = _("Results of the learning community")
    if not content.summary.is_published:
        words = _("Draft · %(words)s") % {"words": words}
    school = markup(content.community.school.name, limit=90)
    return [Paragraph(f"{escape(words)} · {school}", kicker), heading]


def _body(content, styles: Styles, message: int, goals: int, agreements: int, bars: int, rows: int) -> list:
    heading = ParagraphStyle(
        "SummaryHeading", fontName="VeraBd", fontSize=13, leading=16, textColor=PRIMARY, spaceBefore=10, spaceAfter=4
    )
    body = [*_message(content.summary.message, message, styles), _numbers(content, styles)]
    body += _goals(content, goals, styles, heading)
    body += _agreements(content, agreements, styles, heading)
    for section in content.sections:
        body += _section(section, bars, rows, styles, heading)
    return body


def _message(text: str, limit: int, styles: Styles) -> list:
    quote = ParagraphStyle("SummaryQuote", parent=styles.body, fontSize=10.5, leading=14.5)
    shown = paragraphs(cut(clean(text), limit), quote)
    if not shown:
        return []
    box = Table([[shown]], colWidths=[WIDTH], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PRIMARY_LIGHT),
                ("LINEBEFORE", (0, 0), (0, -1), 3, PRIMARY),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return [box, Spacer(1, 8)]


def _numbers(content, styles: Styles) -> Paragraph:
    facts = [
        ngettext("%(count)s teacher", "%(count)s teachers", content.teachers) % {"count": content.teachers},
        ngettext("%(count)s session held", "%(count)s sessions held", content.sessions) % {"count": content.sessions},
        _("%(kept)s of %(agreed)s agreements kept") % {"kept": content.kept, "agreed": content.agreed},
    ]
    line = ParagraphStyle("SummaryNumbers", parent=styles.body, fontName="VeraBd", fontSize=11, textColor=PRIMARY)
    return Paragraph(escape(" · ".join(facts)), line)


def _more(count: int, styles: Styles) -> list:
    if count <= 0:
        return []
    return [Paragraph(escape(_("And %(count)s more on the summary's page.") % {"count": count}), styles.small)]


def _goals(content, limit: int, styles: Styles, heading: ParagraphStyle) -> list:
    story = [Paragraph(escape(_("Our goals")), heading)]
    if not content.goals:
        return story + [Paragraph(escape(_("The CAS has not set goals yet.")), styles.note)]
    rows = [[Paragraph(escape(t), styles.cell_bold) for t in (_("Goal"), _("From · now · target"), _("Way gone"))]]
    for line in content.goals[:limit]:
        goal = line.goal
        values = f"{plain(goal.baseline)} · {plain(goal.latest_value)} · {plain(goal.target)} {goal.unit}"
        rows.append(
            [
                Paragraph(markup(goal.statement, limit=160), styles.cell),
                Paragraph(markup(f"{goal.indicator}: {values}", limit=160), styles.cell),
                Paragraph(f"{line.percent} %<br/>{escape(line.status)}", styles.cell_right),
            ]
        )
    story.append(table(rows, [WIDTH * 0.48, WIDTH * 0.36, WIDTH * 0.16]))
    return story + _more(len(content.goals) - limit, styles)


def _agreements(content, limit: int, styles: Styles, heading: ParagraphStyle) -> list:
    story = [Paragraph(escape(_("Agreements we kept")), heading)]
    if not content.agreements:
        return story + [Paragraph(escape(_("No agreement is marked done yet.")), styles.note)]
    for agreement in content.agreements[:limit]:
        who = markup(agreement.owner.full_name, limit=60)
        text = f"• {markup(agreement.text, limit=200)} <font color='#495057'>({who})</font>"
        story.append(Paragraph(text, styles.body))
    return story + _more(len(content.agreements) - limit, styles)


def _section(section: Section, bars: int, rows: int, styles: Styles, heading: ParagraphStyle) -> list:
    """A satellite's section: its bars as a drawing, then its table (the
    diagnostic's change is in the table), each cut to what fits."""
    story = [Paragraph(markup(section.title, limit=120), heading)]
    if section.bars:
        story += [bars_drawing(section.bars[:bars], width=WIDTH), Spacer(1, 4)]
    if section.rows:
        count = len(section.columns) or len(section.rows[0])
        cells = [[Paragraph(markup(cell, limit=220), styles.cell) for cell in row] for row in section.rows[:rows]]
        if section.columns:
            cells.insert(0, [Paragraph(markup(column), styles.cell_bold) for column in section.columns])
        story.append(table(cells, _widths(count), header=bool(section.columns)))
    story += _more(max(len(section.bars) - bars, len(section.rows) - rows), styles)
    if section.note:
        story.append(Paragraph(markup(section.note, limit=400), styles.small))
    return story


def _widths(count: int) -> list[float]:
    """The first column names the row (a dimension, a work space): a third of the width."""
    if count <= 1:
        return [WIDTH]
    first = WIDTH * 0.32
    return [first] + [(WIDTH - first) / (count - 1)] * (count - 1)

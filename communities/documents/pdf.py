"""What every PDF of the project shares, drawn with ReportLab and the Vera
fonts it ships: colours and measures, people's text made safe for
ReportLab's markup, the paragraph styles, tables, the page footer, and a
`Section` of a satellite drawn as a table with its bars."""

import functools
import io
import unicodedata
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepInFrame, Paragraph, SimpleDocTemplate, Table, TableStyle

from communities.exports import register_fonts
from communities.extensions import Section

PRIMARY = colors.HexColor("#6d1a36")  # guinda, as the site and the SEP's materials
PRIMARY_LIGHT = colors.HexColor("#f3ece9")
GREY = colors.HexColor("#495057")
RULE = colors.HexColor("#adb5bd")
PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 2 * cm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
CELL = 600  # characters of a text in a table cell


# --- People's text, made safe for ReportLab ----------------------------------------------------------


def clean(value) -> str:
    """The text without what ReportLab cannot draw or parse: control
    characters (NUL among them) but line breaks and tabs, and lone surrogates."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))


def labelled(label: str, value: str) -> str:
    """«Label: value» in a paragraph's markup, both already escaped."""
    return f"<b>{label}:</b> {value}"


def bold(text: str) -> str:
    return f"<b>{text}</b>"


def markup(value, *, limit: int | None = None) -> str:
    """Escaped for Paragraph markup, on one line (whitespace collapsed), cut at `limit`."""
    return escape(cut(" ".join(clean(value).split()), limit))


def cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"


def paragraphs(value, style: ParagraphStyle) -> list[Paragraph]:
    """One Paragraph per paragraph of the text (a blank line apart), its line breaks kept."""
    out = []
    for block in clean(value).split("\n\n"):
        lines = [" ".join(line.split()) for line in block.strip().split("\n")]
        if any(lines):
            out.append(Paragraph("<br/>".join(escape(line) for line in lines), style))
    return out


def as_date(value: date | None, fmt: str = "DATE_FORMAT") -> str:
    return formats.date_format(value, fmt) if value else ""


# --- Styles ------------------------------------------------------------------------------------------


class Styles:
    """The documents' paragraph styles; headings stay with what follows them."""

    def __init__(self):
        register_fonts()
        base = ParagraphStyle("CASBody", fontName="Vera", fontSize=10, leading=14, spaceAfter=4)
        heading = {"fontName": "VeraBd", "keepWithNext": 1}
        self.body = base
        self.small = ParagraphStyle("CASSmall", parent=base, fontSize=8.5, leading=11, textColor=GREY)
        self.lead = ParagraphStyle("CASLead", parent=self.small, keepWithNext=1)
        self.cell = ParagraphStyle("CASCell", parent=base, fontSize=8.5, leading=11, spaceAfter=0)
        self.cell_bold = ParagraphStyle("CASCellBold", parent=self.cell, fontName="VeraBd")
        self.cell_right = ParagraphStyle("CASCellRight", parent=self.cell, alignment=TA_RIGHT)
        self.note = ParagraphStyle("CASNote", parent=base, fontName="VeraIt", textColor=GREY)
        self.label = ParagraphStyle("CASLabel", parent=base, **heading)
        self.h1 = ParagraphStyle("CASH1", parent=base, **heading, fontSize=17, leading=21, spaceBefore=18, spaceAfter=8)
        self.h1.textColor = PRIMARY
        self.h2 = ParagraphStyle("CASH2", parent=base, **heading, fontSize=12.5, leading=16, spaceBefore=10)
        self.h3 = ParagraphStyle("CASH3", parent=base, **heading, fontSize=11, leading=14, spaceBefore=8, spaceAfter=2)
        self.h3.textColor = PRIMARY
        self.kicker = ParagraphStyle("CASKicker", parent=base, fontName="VeraBd", fontSize=13, leading=17)
        self.kicker.textColor = PRIMARY
        self.title = ParagraphStyle("CASTitle", parent=base, fontName="VeraBd", fontSize=28, leading=34, spaceAfter=12)
        self.line = ParagraphStyle("CASLine", parent=base, fontSize=13, leading=19, spaceAfter=2)


def table(
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


# --- The page footer --------------------------------------------------------------------------------


class NumberedCanvas(Canvas):
    """Draws «Page n of N» and the document's name at the foot of every page
    but the first (the cover), once the number of pages is known. Pass it as
    `canvasmaker=functools.partial(NumberedCanvas, footer=…)`."""

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


# --- A satellite's section -------------------------------------------------------------------------

BAR_HEIGHT = 14


def section_story(section: Section, styles: Styles, *, heading: ParagraphStyle | None = None) -> list:
    """A satellite's `Section` as flowables: its title, its bars, its table and its note."""
    story: list = [Paragraph(markup(section.title), heading or styles.h2)]
    if section.bars:
        story.append(bars_drawing(section.bars))
    if section.columns or section.rows:
        width = FRAME_WIDTH / max(len(section.columns) or len(section.rows[0]), 1)
        rows = []
        if section.columns:
            rows.append([Paragraph(markup(column), styles.cell_bold) for column in section.columns])
        rows += [[Paragraph(markup(cell, limit=CELL), styles.cell) for cell in row] for row in section.rows]
        story.append(table(rows, [width] * len(rows[0]), header=bool(section.columns)))
    if section.note:
        story.append(Paragraph(markup(section.note), styles.note))
    return story


def bars_drawing(bars, *, width: float = FRAME_WIDTH, label_width: float = 6 * cm) -> Drawing:
    """Horizontal bars, each (label, value, maximum), its value printed at its end."""
    drawing = Drawing(width, BAR_HEIGHT * 1.5 * len(bars) + 4)
    track = width - label_width - 1.5 * cm
    for n, (label, value, maximum) in enumerate(bars):
        y = drawing.height - (n + 1) * BAR_HEIGHT * 1.5
        drawing.add(String(0, y + 3, cut(clean(label), 40), fontName="Vera", fontSize=8, fillColor=GREY))
        drawing.add(Rect(label_width, y, track, BAR_HEIGHT, fillColor=PRIMARY_LIGHT, strokeColor=None))
        share = 0 if not maximum else max(0.0, min(1.0, float(value) / float(maximum)))
        drawing.add(Rect(label_width, y, track * share, BAR_HEIGHT, fillColor=PRIMARY, strokeColor=None))
        shown = formats.number_format(value, decimal_pos=1 if float(value) % 1 else 0)
        drawing.add(String(label_width + track + 4, y + 3, shown, fontName="VeraBd", fontSize=8))
    return drawing


# --- Building a document ---------------------------------------------------------------------------


def document_pdf(story: list, *, footer: str, title: str, author: str = "CAS", subject: str = "", **pages) -> bytes:
    """The story as a letter-size PDF with the project's margins, the same
    bytes for the same data (`invariant`), and «Page n of N» with `footer` at
    the foot of every page but the first. `pages`: `onFirstPage` and the like."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=2.2 * cm,
        title=title,
        author=author,
        subject=subject,
        creator="CAS",
        invariant=1,
        pageCompression=1,
    )
    document.build(story, canvasmaker=functools.partial(NumberedCanvas, footer=footer), **pages)
    return buffer.getvalue()


def heading_story(kicker: str, title: str, facts: list[tuple[str, str]], styles: Styles) -> list:
    """A report's opening: what it is, what it is of, and its facts as «Label: value» lines."""
    story = [Paragraph(escape(kicker), styles.kicker), Paragraph(markup(title), styles.title)]
    return story + [Paragraph(labelled(escape(label), markup(value)), styles.body) for label, value in facts]


# --- A one-page poster -------------------------------------------------------------------------------


def flowables_height(flowables: list, width: float) -> float:
    """The height the flowables take at `width`, their spacing included."""
    total = 0.0
    for n, flowable in enumerate(flowables):
        total += flowable.wrap(width, PAGE_HEIGHT * 4)[1] + flowable.getSpaceAfter()
        if n:
            total += flowable.getSpaceBefore()
    return total


def draw_in(canvas: Canvas, flowables: list, x: float, y: float, width: float, height: float) -> None:
    """Draw the flowables in a box, shrunk if they still do not fit: never a second page."""
    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame.addFromList([KeepInFrame(width, height, flowables, mode="shrink")], canvas)

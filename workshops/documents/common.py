"""What the workshop's documents share: colours and measures, people's text
made safe for ReportLab, the styles and the tables."""

import unicodedata
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Paragraph,
    Table,
    TableStyle,
)

from communities.exports import register_fonts

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
    """The Carpeta's paragraph styles; headings stay with what follows them."""

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

"""The paper questionnaire of one audience: the items numbered in the order the
capture screen reads them, each with five boxes to mark (1 to 5), and no place
for a name."""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from communities.exports import register_fonts
from diagnostics.forms import LIKERT_CHOICES
from diagnostics.models import Audience, Campaign
from diagnostics.services import Section

BOX = 0.75 * cm


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="Vera", fontSize=9.5, leading=12)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName="VeraBd", fontSize=14, leading=18),
        "heading": ParagraphStyle("heading", parent=base, fontName="VeraBd", fontSize=10.5, spaceBefore=6),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
    }


def questionnaire_pdf(*, campaign: Campaign, audience: str, sections: list[Section]) -> bytes:
    """Letter pages: a header with the scale, then one row per item with its number,
    its statement and five boxes; a dimension's name heads its items."""
    register_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.3 * cm,
        bottomMargin=1.3 * cm,
        title=_("School-climate diagnostic"),
        invariant=1,
    )
    scale = "   ".join(f"{value} = {label}" for value, label in LIKERT_CHOICES)
    story = [
        Paragraph(_("School-climate diagnostic"), styles["title"]),
        Paragraph(f"{campaign.school.name} · {Audience(audience).label}", styles["base"]),
        Spacer(1, 0.25 * cm),
        Paragraph(
            _(
                "Anonymous: do not write your name. Mark one box per question with an X. "
                "A question left blank or with two marks is not counted."
            ),
            styles["base"],
        ),
        Paragraph(scale, styles["small"]),
        Spacer(1, 0.3 * cm),
    ]
    width = document.width - 5 * BOX - 1 * cm
    for section in sections:
        story.append(Paragraph(section.dimension.name, styles["heading"]))
        rows = [
            [f"{number}.", Paragraph(item.text, styles["base"]), *[str(v) for v, _label in LIKERT_CHOICES]]
            for number, item in section.numbered_items
        ]
        table = Table(rows, colWidths=[1 * cm, width, *[BOX] * 5], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (0, -1), "VeraBd", 9.5),
                    ("FONT", (2, 0), (-1, -1), "Vera", 7),
                    ("TEXTCOLOR", (2, 0), (-1, -1), colors.grey),
                    ("ALIGN", (2, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("GRID", (2, 0), (-1, -1), 0.8, colors.black),
                    ("LINEBELOW", (0, 0), (1, -1), 0.25, colors.lightgrey),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        story.append(table)
    document.build(story)
    return buffer.getvalue()

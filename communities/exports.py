"""A teacher's own journal, to take away: Markdown (the entries as written) and
PDF (ReportLab, with the Vera fonts it ships, so accents need no system font)."""

from io import BytesIO
from pathlib import Path

import reportlab
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from communities.markdown import escaped_text
from communities.models import Reflection, User

_FONTS = Path(reportlab.__file__).parent / "fonts"


def register_fonts() -> None:
    """The Vera faces ReportLab ships, as one family (so <b> and <i> in a
    paragraph pick the bold and the italic): every PDF of the project uses
    them, and accents need no font on the system."""
    if "VeraBI" not in pdfmetrics.getRegisteredFontNames():
        for name, file in (("Vera", "Vera"), ("VeraBd", "VeraBd"), ("VeraIt", "VeraIt"), ("VeraBI", "VeraBI")):
            pdfmetrics.registerFont(TTFont(name, str(_FONTS / f"{file}.ttf")))
        pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="VeraBd", italic="VeraIt", boldItalic="VeraBI")


def _meta(entry: Reflection) -> str:
    parts = [formats.date_format(entry.written_on, "DATE_FORMAT"), entry.get_visibility_display()]
    dimensions = ", ".join(d.name for d in entry.dimensions.all())
    if dimensions:
        parts.append(dimensions)
    skills = ", ".join(s.name for s in entry.skills.all())
    if skills:
        parts.append(skills)
    parts += [label.value for label in getattr(entry, "labels", [])]  # what satellites add (communities.extensions)
    return " · ".join(parts)


def journal_markdown(user: User, entries: list[Reflection]) -> str:
    lines = [f"# {_('My journal')} — {user.full_name}", ""]
    for entry in entries:
        lines += [f"## {entry.title}", "", f"*{_meta(entry)}*", "", entry.body, "", "---", ""]
    return "\n".join(lines)


def journal_pdf(user: User, entries: list[Reflection]) -> bytes:
    register_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("CASBody", parent=styles["BodyText"], fontName="Vera", fontSize=10, leading=14)
    title = ParagraphStyle("CASTitle", parent=styles["Heading2"], fontName="VeraBd", fontSize=13, spaceBefore=12)
    meta = ParagraphStyle("CASMeta", parent=body, fontSize=8, textColor="#555555")
    heading = ParagraphStyle("CASHeading", parent=styles["Title"], fontName="VeraBd", fontSize=16)

    def escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    story = [Paragraph(escape(f"{_('My journal')} — {user.full_name}"), heading), Spacer(1, 0.4 * cm)]
    for entry in entries:
        story.append(Paragraph(escape(entry.title), title))
        story.append(Paragraph(escape(_meta(entry)), meta))
        for paragraph in escaped_text(entry.body_html).split("\n\n"):
            if paragraph.strip():
                story.append(Paragraph(paragraph.strip().replace("\n", "<br/>"), body))
    if not entries:
        story.append(Paragraph(escape(_("You have not written any entry yet.")), body))
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=LETTER, title=_("My journal"), author=user.full_name, leftMargin=2 * cm, rightMargin=2 * cm
    ).build(story)
    return buffer.getvalue()

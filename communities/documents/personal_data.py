"""A person's data as a readable PDF: a cover with who it is of and who holds
it, then each part with its records, each record a small table of its labels
and values (the same records as the JSON download)."""

from itertools import groupby
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer

from communities import personal_data
from communities.documents.pdf import (
    CELL,
    FRAME_WIDTH,
    Styles,
    as_date,
    document_pdf,
    heading_story,
    markup,
    paragraphs,
    table,
)
from communities.models import User

LABEL_WIDTH = 5 * cm
LONG_TEXT = 300  # a value longer than this keeps its paragraphs


def personal_data_pdf(*, person: User, parts: list[dict]) -> bytes:
    styles = Styles()
    controller = personal_data.controller()
    facts = [
        (_("E-mail address"), person.email),
        (_("Responsible party"), controller.name),
        (_("Prepared on"), as_date(timezone.localdate())),
    ]
    story = heading_story(_("Your personal data in CAS"), person.full_name, facts, styles)
    story.append(
        Paragraph(
            escape(
                _(
                    "Everything the platform holds about you, part by part. To correct or delete something, "
                    "use «My data» in the platform."
                )
            ),
            styles.note,
        )
    )
    for part in parts:
        story.append(Paragraph(markup(part["title"]), styles.h1))
        if not part["records"]:
            story.append(Paragraph(escape(_("Nothing in this part.")), styles.note))
            continue
        kind_key = str(personal_data.KIND)
        for kind, group in groupby(part["records"], key=lambda record: record.get(kind_key, "")):
            group = list(group)
            story.append(Paragraph(f"{markup(kind)} ({len(group)})", styles.h3))
            for record in group:
                story.append(_record_table(record, kind_key, styles))
                story.append(Spacer(1, 4))
    footer = _("Your personal data · %(name)s") % {"name": person.full_name[:60]}
    return document_pdf(story, footer=footer, title=footer, author=controller.name)


def _cell(value, styles: Styles) -> list | Paragraph:
    text = "" if value is None else str(value)
    if value is True:
        text = _("Yes")
    elif value is False:
        text = _("No")
    if len(text) > LONG_TEXT:
        return paragraphs(text, styles.cell) or Paragraph("", styles.cell)
    return Paragraph(markup(text, limit=CELL * 20), styles.cell)


def _record_table(record: dict, kind_key: str, styles: Styles):
    rows = [
        [Paragraph(markup(label), styles.cell_bold), _cell(value, styles)]
        for label, value in record.items()
        if label != kind_key
    ]
    return table(rows, [LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH], header=False)

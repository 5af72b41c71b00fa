"""The access codes of a batch, to hand out: a PDF sheet of cut-out slips (each
with its QR code, the short address and the code in large print) and a CSV list.
Both are made from the plain codes in the request that issued them: they are
never stored, so neither can be made again."""

import csv
import io

import segno
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from communities.exports import register_fonts
from diagnostics.models import Audience, Campaign

COLUMNS, ROWS = 2, 5
SLIPS_PER_PAGE = COLUMNS * ROWS
MARGIN = 1.2 * cm
QR_SIZE = 3.4 * cm
CODE_FONT = "Courier-Bold"  # a built-in font: the code stays readable text in the file


def answer_url(code: str) -> str:
    """The short address a respondent opens (or scans) with their code."""
    return f"{settings.SITE_URL}/d/{code}/"


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code as vector squares (one rectangle per run of dark modules)."""
    qr = segno.make(text, error="m")
    matrix = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    module = size / len(matrix)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                canvas.rect(x + start * module, y + size - (r + 1) * module, (c - start) * module, module, 0, 1)
            else:
                c += 1


def _draw_slip(canvas: Canvas, campaign: Campaign, audience: str, code: str, x: float, y: float, w: float, h: float):
    canvas.setDash(3, 3)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.rect(x, y, w, h, 1, 0)
    canvas.setDash()
    pad = 0.35 * cm
    _draw_qr(canvas, answer_url(code), x + pad, y + (h - QR_SIZE) / 2, QR_SIZE)
    left = x + 2 * pad + QR_SIZE
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont("VeraBd", 9)
    canvas.drawString(left, y + h - 0.8 * cm, _("School-climate diagnostic"))
    canvas.setFont("Vera", 7.5)
    canvas.drawString(left, y + h - 1.25 * cm, campaign.school.name[:48])
    canvas.drawString(left, y + h - 1.65 * cm, str(Audience(audience).label))
    canvas.setFont(CODE_FONT, 17)
    canvas.drawString(left, y + 1.35 * cm, code)
    canvas.setFont("Vera", 7)
    canvas.drawString(left, y + 0.85 * cm, answer_url(code).split("://", 1)[-1][:60])
    canvas.drawString(left, y + 0.45 * cm, _("Anonymous. Use it once."))


def slips_pdf(*, campaign: Campaign, audience: str, codes: list[str]) -> bytes:
    """Letter pages of ten slips (two columns of five), dashed lines to cut."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, pageCompression=1, invariant=1)
    canvas.setTitle(_("Access codes"))
    width, height = LETTER
    w = (width - 2 * MARGIN) / COLUMNS
    h = (height - 2 * MARGIN) / ROWS
    for index, code in enumerate(codes):
        place = index % SLIPS_PER_PAGE
        if index and place == 0:
            canvas.showPage()
        column, row = place % COLUMNS, place // COLUMNS
        _draw_slip(canvas, campaign, audience, code, MARGIN + column * w, height - MARGIN - (row + 1) * h, w, h)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def codes_csv(*, campaign: Campaign, audience: str, codes: list[str]) -> str:
    """One row per code: the code and the address to open."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("code"), _("address"), _("audience")])
    label = str(Audience(audience).label)
    for code in codes:
        writer.writerow([code, answer_url(code), label])
    return out.getvalue()

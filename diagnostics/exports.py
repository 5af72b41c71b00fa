"""The diagnostic's results to take away: the aggregated scores as CSV and XLSX
(suppression applied: a small group is a row saying «menos de 5 respuestas»),
and, for platform admins only, the raw answers as CSV: one row per response,
numbered at random for this export, in shuffled order, with no date at all."""

import csv
import io
import random

from django.utils.translation import gettext as _

from diagnostics.models import AUDIENCE_FIELDS, Answer, Audience, Campaign, Item, Response
from diagnostics.scoring import SUPPRESSED, DimensionScores


def _header() -> list[str]:
    return [
        _("Dimension"),
        _("Audience"),
        _("Responses"),
        _("Mean (1–5)"),
        _("Favourable answers (%)"),
        _("Level"),
        _("Note"),
    ]


def score_rows(scores: list[DimensionScores]) -> list[list]:
    """One row per dimension and audience, then the dimension's overall row.
    A suppressed row shows neither its figures nor its count."""
    rows = []
    for dimension in scores:
        for score in dimension.rows:
            if score.suppressed:
                rows.append([dimension.dimension.name, score.audience_label, "", "", "", "", str(SUPPRESSED)])
                continue
            note = ""
            if score.left_out:
                note = _("Without %(audiences)s (fewer than 5 responses)") % {
                    "audiences": ", ".join(score.left_out_labels)
                }
            rows.append(
                [
                    dimension.dimension.name,
                    score.audience_label,
                    score.responses,
                    score.mean,
                    score.favourable,
                    str(score.level.label),
                    note,
                ]
            )
    return rows


def scores_csv(scores: list[DimensionScores]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_header())
    for row in score_rows(scores):
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def scores_xlsx(campaign: Campaign, scores: list[DimensionScores]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Results"))
    sheet.append([f"{campaign.school.name} · {campaign.get_kind_display()} · {campaign.opens_on:%Y-%m-%d}"])
    sheet.append(_header())
    for row in score_rows(scores):
        sheet.append([float(value) if hasattr(value, "as_tuple") else value for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def raw_answers_csv(campaign: Campaign) -> str:
    """Every response of the campaign as a row (audience, channel, one column per
    item, the value as given, before reversing), in an order drawn at random for
    this export, numbered 1…n in that order: no response id, no date. Two queries."""
    items = list(
        Item.objects.filter(version_id=campaign.version_id)
        .select_related("dimension")
        .order_by("dimension__position", "dimension__pk", "position", "pk")
    )
    column = {item.pk: n for n, item in enumerate(items)}
    responses: dict[int, list] = {}
    audience_of: dict[int, tuple[str, str]] = {}
    answers = (
        Answer.objects.filter(response__campaign_id=campaign.pk)
        .values_list("response_id", "response__audience", "response__channel", "item_id", "value")
        .order_by()
    )
    for response_id, audience, channel, item_id, value in answers.iterator(chunk_size=5000):
        row = responses.get(response_id)
        if row is None:
            row = responses[response_id] = [""] * len(items)
            audience_of[response_id] = (audience, channel)
        row[column[item_id]] = value
    order = list(responses)
    random.SystemRandom().shuffle(order)
    out = io.StringIO()
    writer = csv.writer(out)
    header = [_("Response"), _("Audience"), _("Channel")]
    header += [f"{item.dimension.code}.{n + 1}{' (R)' if item.reverse_scored else ''}" for n, item in enumerate(items)]
    writer.writerow(header)
    channels = dict(Response.Channel.choices)
    for number, response_id in enumerate(order, start=1):
        audience, channel = audience_of[response_id]
        writer.writerow([number, Audience(audience).label, channels[channel], *responses[response_id]])
    writer.writerow([])
    writer.writerow([_("Items")])
    for n, item in enumerate(items):
        asked = ", ".join(str(a.label) for a, flag in AUDIENCE_FIELDS.items() if getattr(item, flag))
        writer.writerow([f"{item.dimension.code}.{n + 1}", item.text, asked])
    return out.getvalue()

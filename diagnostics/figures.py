"""What the diagnostic adds to the platform's state and national figures
(`communities.figures`, through `extensions.ReportSection("figures", …)`):
the average of each dimension over the schools of a state, or of the country.

The definition, as the section's note says it:

- each school counts with its latest closed application of the diagnostic
  (línea base or seguimiento: the newest by opening date), and each
  dimension with the all-audiences mean of that application as its results
  page shows it (`scoring.overall_of`: the audiences with 5 responses or
  more, added up);
- a dimension's figure is the mean of those school means, each school
  counting once whatever its size, on the 1 to 5 scale;
- a school whose figure has fewer than 5 responses is left out of every
  average (the state's and the country's alike), so that no difference
  between two averages can reveal it; a dimension no school scored shows
  «menos de 5 respuestas» and no bar;
- dimensions are matched across the versions of one instrument by their
  code, and named as in the newest version in use.

A fixed number of queries whatever the data: the latest campaigns, their
dimensions and, for the campaigns whose sums are not cached yet, one grouped
query over all of them (the sums are cached under the keys of
`scoring.campaign_groups`, so the results pages and this section share them)."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from communities import extensions
from diagnostics.models import LIKERT_MAX, Campaign, Dimension
from diagnostics.scoring import (
    SUPPRESSED,
    Group,
    closed_campaigns_groups,
    overall_of,
    score_of,
)

ORDER = 30  # after the core's tables, before the workshop's


def latest_closed_campaigns(state: str) -> list[Campaign]:
    """Each school's latest closed campaign, in the state ("" for all): one query."""
    newest = (
        Campaign.objects.filter(school_id=OuterRef("school_id"), status=Campaign.Status.CLOSED)
        .order_by("-opens_on", "-pk")
        .values("pk")[:1]
    )
    campaigns = Campaign.objects.filter(status=Campaign.Status.CLOSED, pk=Subquery(newest))
    if state:
        campaigns = campaigns.filter(school__state=state)
    return list(campaigns.select_related("version").order_by("pk"))


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def dimension_averages(state: str) -> extensions.Section:
    """The section: a row per dimension (its average, the schools and the
    responses behind it) and a bar per dimension shown."""
    campaigns = latest_closed_campaigns(state)
    title = _("School-climate diagnostic: average per dimension")
    if not campaigns:
        return extensions.Section(title=title, note=_("No school has closed an application of the diagnostic yet."))
    dimensions = list(
        Dimension.objects.filter(version_id__in={c.version_id for c in campaigns})
        .select_related("version__instrument")
        .order_by("-version__number", "position", "pk")
    )
    groups = closed_campaigns_groups(campaigns)
    by_pk = {dimension.pk: dimension for dimension in dimensions}
    # A dimension is known by its instrument and code; named and ordered as in the newest version.
    named: dict[tuple[int, str], Dimension] = {}
    for dimension in dimensions:
        named.setdefault((dimension.version.instrument_id, dimension.code), dimension)
    means: dict[tuple[int, str], list[tuple[Decimal, int]]] = defaultdict(list)
    left_out: set[int] = set()
    for campaign in campaigns:
        per_dimension: dict[int, list[Group]] = defaultdict(list)
        for group in groups.get(campaign.pk, []):
            per_dimension[group.dimension_id].append(group)
        for dimension_id, its_groups in per_dimension.items():
            dimension = by_pk[dimension_id]
            scores = [score_of(campaign, dimension, group.audience, [group]) for group in its_groups]
            overall = overall_of(campaign, dimension, scores)
            if overall.suppressed:
                left_out.add(campaign.school_id)
                continue
            means[dimension.version.instrument_id, dimension.code].append((overall.mean, overall.responses))
    ordered = sorted(named.items(), key=lambda item: (item[1].version.instrument_id, item[1].position, item[1].pk))
    several = len({instrument for instrument, _code in named}) > 1
    rows, bars = [], []
    for key, dimension in ordered:
        label = f"{dimension.version.instrument.name} · {dimension.name}" if several else dimension.name
        shown = means.get(key, [])
        if not shown:
            rows.append([label, str(SUPPRESSED), "", ""])
            continue
        average = _round(sum(mean for mean, _responses in shown) / len(shown))
        rows.append([label, f"{average:.2f}", str(len(shown)), str(sum(responses for _mean, responses in shown))])
        bars.append((label, float(average), float(LIKERT_MAX)))
    return extensions.Section(
        title=title,
        columns=[_("Dimension"), _("Mean (1–5)"), _("Schools"), _("Responses")],
        rows=rows,
        note=_note(len(left_out)),
        bars=bars,
    )


def _note(left_out: int) -> str:
    note = _(
        "Each school counts once, with the all-audiences mean of its latest closed application (audiences "
        "of 5 responses or more); a dimension's figure is the average of those means, from 1 to 5. "
        "A school's figure with fewer than 5 responses is left out of every average and never shown."
    )
    if left_out:
        note += " " + _("Schools left out of some dimension for that reason: %(count)s.") % {"count": left_out}
    return note


def register() -> None:
    extensions.register(extensions.ReportSection(document="figures", section=dimension_averages, order=ORDER))

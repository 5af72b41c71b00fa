"""What the diagnostic adds to the CAS's Difusión summary and to its progress
report (`extensions.ReportSection`, documents "summary" and "community"):
each dimension's all-audiences mean in the school's línea base and in its
latest seguimiento, and the change between them.

- The seguimiento is the school's latest closed one; the línea base, the
  latest closed one of the same instrument version opened before it. Without
  a seguimiento yet, the línea base alone is shown; without a closed
  application, nothing.
- The figures are those of the results page (`cas.dimension_change`,
  `cas.overall_score`): a group of fewer than 5 responses is never shown,
  and the change adds up only the audiences shown on both applications, so
  that neither side reveals a suppressed group.
- A fixed number of queries: the school's closed campaigns, the version's
  dimensions, and each campaign's sums unless they are cached (a closed
  campaign's are)."""

from django.utils import formats
from django.utils.translation import gettext as _

from communities import extensions
from communities.models import Community
from diagnostics.cas import dimension_change, overall_score
from diagnostics.models import LIKERT_MAX, Campaign, Dimension
from diagnostics.scoring import SUPPRESSED

ORDER = 20  # before the workshop's products


def campaigns_to_compare(school_id: int) -> tuple[Campaign | None, Campaign | None]:
    """(línea base, seguimiento) of the school, either None, from one query."""
    closed = list(
        Campaign.objects.filter(school_id=school_id, status=Campaign.Status.CLOSED)
        .select_related("version")
        .order_by("-opens_on", "-pk")
    )
    follow_up = next((c for c in closed if c.kind == Campaign.Kind.FOLLOW_UP), None)
    baselines = [c for c in closed if c.is_baseline]
    if follow_up is not None:
        baselines = [c for c in baselines if c.version_id == follow_up.version_id and c.opens_on <= follow_up.opens_on]
    return (baselines[0] if baselines else None), follow_up


def _mean(score) -> str:
    return str(SUPPRESSED) if score.suppressed else formats.number_format(score.mean, decimal_pos=2)


def _change(change) -> str:
    if change.suppressed:
        return "—"
    sign = "+" if change.mean > 0 else ""
    return sign + formats.number_format(change.mean, decimal_pos=2)


def _day(campaign: Campaign) -> str:
    return formats.date_format(campaign.opens_on, "DATE_FORMAT")


def climate_change(community: Community) -> extensions.Section | None:
    return climate_change_of_school(community.school_id)


def climate_change_of_school(school_id: int) -> extensions.Section | None:
    """The section, or None while the school has closed no application."""
    baseline, follow_up = campaigns_to_compare(school_id)
    if baseline is None and follow_up is None:
        return None
    shown = follow_up or baseline
    dimensions = list(Dimension.objects.filter(version_id=shown.version_id).order_by("position", "pk"))
    rows, bars = [], []
    for dimension in dimensions:
        if baseline is not None and follow_up is not None:
            change = dimension_change(baseline, follow_up, dimension)
            after = change.after
            rows.append([dimension.name, _mean(change.before), _mean(after), _change(change)])
        else:
            after = overall_score(shown, dimension)
            rows.append([dimension.name, _mean(after)])
        if not after.suppressed:
            bars.append((dimension.name, float(after.mean), float(LIKERT_MAX)))
    if baseline is not None and follow_up is not None:
        return extensions.Section(
            title=_("School-climate diagnostic: the change per dimension"),
            columns=[_("Dimension"), _("Baseline (1–5)"), _("Follow-up (1–5)"), _("Change")],
            rows=rows,
            note=_(
                "Baseline of %(before)s and follow-up of %(after)s; the bars are the follow-up. Each figure is the "
                "mean of the audiences with 5 responses or more on both applications; groups of fewer than "
                "5 responses are never shown."
            )
            % {"before": _day(baseline), "after": _day(follow_up)},
            bars=bars,
        )
    if shown.is_baseline:
        when = _("Baseline of %(day)s; the change per dimension shows once a follow-up closes.")
    else:
        when = _("Follow-up of %(day)s; there is no baseline of the same instrument to compare it with.")
    return extensions.Section(
        title=_("School-climate diagnostic: results per dimension"),
        columns=[_("Dimension"), _("%(kind)s (1–5)") % {"kind": shown.get_kind_display()}],
        rows=rows,
        note=(when % {"day": _day(shown)})
        + " "
        + _(
            "Each figure is the mean of the audiences with 5 responses or more; groups of fewer than 5 "
            "responses are never shown."
        ),
        bars=bars,
    )


def register() -> None:
    # The same section serves the summary, the community progress report and the school report.
    for document in ("summary", "community"):
        extensions.register(extensions.ReportSection(document=document, section=climate_change, order=ORDER))
    extensions.register(
        extensions.ReportSection(
            document="school", section=lambda school: climate_change_of_school(school.pk), order=ORDER
        )
    )

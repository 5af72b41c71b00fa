"""The diagnostic's scores: per dimension and audience of a campaign, the number
of responses, the mean (reverse items counted 6 − the answer), the share of
favourable answers (4 or 5 once reversed) and the level by the version's cut
points.

The database adds everything up in one grouped query (`_groups`): per dimension
and audience, the responses, the answers, the sum of the scored values and the
favourable answers. Python only divides those few sums. A closed campaign's
sums are cached (they can no longer change); an open campaign's are read live.

Small groups are never shown. A group of fewer than `MIN_RESPONSES` responses
is suppressed: no mean, no percentage, no level, only «menos de 5 respuestas»,
in the page, the exports, the charts and the comparisons alike. The
"all audiences" figure of a dimension adds up only its shown audiences (and
names those it leaves out), so that no subtraction of a shown audience from it
can reveal a suppressed one."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from diagnostics.models import (
    AUDIENCE_FIELDS,
    LIKERT_MAX,
    LIKERT_MIN,
    Answer,
    Audience,
    Campaign,
    Dimension,
    Item,
    Level,
)

MIN_RESPONSES = 5
FAVOURABLE_FROM = 4  # an answer (once reversed) of 4 or 5 is favourable
SUPPRESSED = _("fewer than 5 responses")
ALL_AUDIENCES = "todas"  # the key of a dimension's "all audiences" figure
CACHE_SECONDS = 60 * 60 * 24 * 30

_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Group:
    """What the database adds up for one dimension and one audience."""

    dimension_id: int
    audience: str
    responses: int
    answers: int
    total: int  # sum of the scored values
    favourable: int  # answers of 4 or 5, once reversed


@dataclass(frozen=True)
class Score:
    """A figure as it may be shown. Suppressed: only `responses` is kept, for
    the code's use (the page and the exports show «menos de 5 respuestas»)."""

    dimension: Dimension
    audience: str  # an Audience value, or ALL_AUDIENCES
    responses: int
    mean: Decimal | None = None
    favourable: int | None = None  # per cent, rounded
    level: Level | None = None
    left_out: tuple[str, ...] = ()  # ALL_AUDIENCES only: suppressed audiences not added up
    _groups: tuple[Group, ...] = field(default=(), repr=False, compare=False)

    @property
    def suppressed(self) -> bool:
        return self.mean is None

    @property
    def audience_label(self) -> str:
        return str(_("All audiences")) if self.audience == ALL_AUDIENCES else str(Audience(self.audience).label)

    @property
    def left_out_labels(self) -> list[str]:
        return [str(Audience(a).label) for a in self.left_out]


@dataclass(frozen=True)
class DimensionScores:
    dimension: Dimension
    audiences: list[Score]  # the campaign's audiences asked about this dimension, in order
    overall: Score  # ALL_AUDIENCES

    @property
    def rows(self) -> list[Score]:
        return [*self.audiences, self.overall]


def _scored():
    """An answer's value, reversed for a reverse-scored item (6 − value)."""
    return Case(
        When(item__reverse_scored=True, then=Value(LIKERT_MIN + LIKERT_MAX) - F("value")),
        default=F("value"),
        output_field=IntegerField(),
    )


def _sums(campaign_ids: list[int]) -> dict[int, list[Group]]:
    """One grouped query over the answers of the campaigns."""
    rows = (
        Answer.objects.filter(response__campaign_id__in=campaign_ids)
        .annotate(scored=_scored())
        .values("response__campaign_id", "item__dimension_id", "response__audience")
        .annotate(
            responses=Count("response_id", distinct=True),
            answers=Count("pk"),
            total=Sum("scored"),
            favourable=Count("pk", filter=Q(scored__gte=FAVOURABLE_FROM)),
        )
        .order_by()
    )
    sums: dict[int, list[Group]] = {pk: [] for pk in campaign_ids}
    for row in rows:
        sums[row["response__campaign_id"]].append(
            Group(
                dimension_id=row["item__dimension_id"],
                audience=row["response__audience"],
                responses=row["responses"],
                answers=row["answers"],
                total=row["total"],
                favourable=row["favourable"],
            )
        )
    return sums


def _groups(campaign: Campaign) -> list[Group]:
    return _sums([campaign.pk])[campaign.pk]


def cache_key(campaign: Campaign) -> str:
    """A closed campaign's answers never change; its `updated_at` (set when it
    closed) versions the key all the same, should it ever change state again."""
    return f"diagnostics:scores:{campaign.pk}:{campaign.status}:{campaign.updated_at.timestamp()}"


def closed_campaigns_groups(campaigns: list[Campaign]) -> dict[int, list[Group]]:
    """`campaign_groups` of many closed campaigns at once: from the cache where
    they are, the others in one grouped query, then cached."""
    keys = {campaign.pk: cache_key(campaign) for campaign in campaigns}
    cached = cache.get_many(list(keys.values()))
    found = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in keys if pk not in found]
    if missing:
        fresh = _sums(missing)
        cache.set_many({keys[pk]: groups for pk, groups in fresh.items()}, CACHE_SECONDS)
        found |= fresh
    return found


def campaign_groups(campaign: Campaign) -> list[Group]:
    """The sums of a campaign: cached once it is closed, live while it is open."""
    if campaign.is_open:
        return _groups(campaign)
    key = cache_key(campaign)
    groups = cache.get(key)
    if groups is None:
        groups = _groups(campaign)
        cache.set(key, groups, CACHE_SECONDS)
    return groups


def _round(value: Decimal) -> Decimal:
    return value.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def _percent(part: int, whole: int) -> int:
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def score_of(campaign: Campaign, dimension: Dimension, audience: str, groups: Iterable[Group]) -> Score:
    """The figure of some groups added up (one audience, or several for
    ALL_AUDIENCES), suppressed below MIN_RESPONSES responses. The level is read
    from the mean as shown (two decimals), so that a 4.00 is never "to improve"."""
    groups = tuple(groups)
    responses = sum(g.responses for g in groups)
    if responses < MIN_RESPONSES:
        return Score(dimension=dimension, audience=audience, responses=responses, _groups=groups)
    answers = sum(g.answers for g in groups)
    mean = _round(Decimal(sum(g.total for g in groups)) / answers)
    return Score(
        dimension=dimension,
        audience=audience,
        responses=responses,
        mean=mean,
        favourable=_percent(sum(g.favourable for g in groups), answers),
        level=campaign.version.level_of(mean),
        _groups=groups,
    )


def overall_of(campaign: Campaign, dimension: Dimension, scores: list[Score]) -> Score:
    """The "all audiences" figure: the shown audiences only, naming the others.
    With a single suppressed audience, all audiences minus the shown ones would
    be exactly that audience: it is left out, never subtracted."""
    shown = [s for s in scores if not s.suppressed]
    overall = score_of(campaign, dimension, ALL_AUDIENCES, (g for s in shown for g in s._groups))
    left_out = tuple(s.audience for s in scores if s.suppressed and s.responses)
    return replace(overall, left_out=left_out) if left_out else overall


def campaign_scores(
    campaign: Campaign, dimensions: list[Dimension] | None = None, audiences: Iterable[str] | None = None
) -> list[DimensionScores]:
    """Every dimension of the campaign's version (in order) with a score per
    audience of the campaign that its items ask, and the overall figure. At most
    four queries whatever the answers: the dimensions and the campaign's
    audiences (unless given), the items' audiences (once per version object) and
    the sums (unless cached)."""
    if dimensions is None:
        dimensions = list(campaign.version.dimensions.order_by("position", "pk"))
    by_key = {(g.dimension_id, g.audience): g for g in campaign_groups(campaign)}
    audiences = campaign_audience_values(campaign, audiences)
    asked = _asked_audiences(campaign)
    result = []
    for dimension in dimensions:
        scores = [
            score_of(
                campaign,
                dimension,
                audience,
                [by_key[dimension.pk, audience]] if (dimension.pk, audience) in by_key else [],
            )
            for audience in audiences
            if audience in asked.get(dimension.pk, ())
        ]
        if not scores:
            continue
        result.append(
            DimensionScores(dimension=dimension, audiences=scores, overall=overall_of(campaign, dimension, scores))
        )
    return result


def campaign_audience_values(campaign: Campaign, chosen: Iterable[str] | None = None) -> list[str]:
    """The campaign's audiences (or those given) in the instrument's order."""
    chosen = set(campaign.audiences.values_list("audience", flat=True) if chosen is None else chosen)
    return [audience.value for audience in Audience if audience.value in chosen]


def _asked_audiences(campaign: Campaign) -> dict[int, set[str]]:
    """Per dimension, the audiences some item of it asks (cached on the version)."""
    version = campaign.version
    asked = getattr(version, "_asked_audiences", None)
    if asked is None:
        asked = {}
        for row in Item.objects.filter(version=version).values("dimension_id", *AUDIENCE_FIELDS.values()):
            for audience, flag in AUDIENCE_FIELDS.items():
                if row[flag]:
                    asked.setdefault(row["dimension_id"], set()).add(audience.value)
        version._asked_audiences = asked
    return asked


# --- Línea base vs seguimiento ----------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One row of a comparison: the two figures and the change of the mean and of
    the favourable share (None when either side is suppressed)."""

    dimension: Dimension
    audience: str
    before: Score
    after: Score

    @property
    def suppressed(self) -> bool:
        return self.before.suppressed or self.after.suppressed

    @property
    def mean(self) -> Decimal | None:
        return None if self.suppressed else self.after.mean - self.before.mean

    @property
    def favourable(self) -> int | None:
        return None if self.suppressed else self.after.favourable - self.before.favourable

    @property
    def audience_label(self) -> str:
        return self.after.audience_label


class NotComparable(ValueError):
    pass


def comparable(baseline: Campaign, follow_up: Campaign) -> bool:
    return (
        baseline.pk != follow_up.pk
        and baseline.school_id == follow_up.school_id
        and baseline.version_id == follow_up.version_id
    )


def compare(
    baseline: Campaign,
    follow_up: Campaign,
    before: list[DimensionScores] | None = None,
    after: list[DimensionScores] | None = None,
) -> list[list[Change]]:
    """Per dimension, the change of each audience scored on both sides, then of
    all audiences: added up over the audiences shown on *both* sides, so that
    the two overall figures cover the same people and neither reveals a
    suppressed group."""
    if not comparable(baseline, follow_up):
        raise NotComparable("A comparison needs two campaigns of the same school and instrument version.")
    before = campaign_scores(baseline) if before is None else before
    after = campaign_scores(follow_up) if after is None else after
    before_by_dimension = {d.dimension.pk: d for d in before}
    result = []
    for dimension_after in after:
        dimension_before = before_by_dimension.get(dimension_after.dimension.pk)
        if dimension_before is None:
            continue
        old = {s.audience: s for s in dimension_before.audiences}
        rows = [
            Change(dimension=s.dimension, audience=s.audience, before=old[s.audience], after=s)
            for s in dimension_after.audiences
            if s.audience in old
        ]
        both = {r.audience for r in rows if not r.suppressed}
        dimension = dimension_after.dimension
        overall = [
            score_of(
                baseline, dimension, ALL_AUDIENCES, (g for s in old.values() if s.audience in both for g in s._groups)
            ),
            score_of(
                follow_up,
                dimension,
                ALL_AUDIENCES,
                (g for s in dimension_after.audiences if s.audience in both for g in s._groups),
            ),
        ]
        rows.append(Change(dimension=dimension, audience=ALL_AUDIENCES, before=overall[0], after=overall[1]))
        result.append(rows)
    return result


def baselines_for(campaign: Campaign) -> list[Campaign]:
    """The línea-base campaigns a campaign may be compared with: the same school
    and version, opened before it (newest first)."""
    if campaign.kind != Campaign.Kind.FOLLOW_UP:
        return []
    return list(
        Campaign.objects.filter(
            school_id=campaign.school_id,
            version_id=campaign.version_id,
            kind=Campaign.Kind.BASELINE,
            opens_on__lte=campaign.opens_on,
        )
        .exclude(pk=campaign.pk)
        .select_related("version")
        .order_by("-opens_on", "-pk")
    )

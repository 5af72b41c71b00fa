"""Scores against figures worked out by hand: reverse items, favourable share,
levels at the cut points, suppression at 4 and 5 responses, the overall figure
that must not reveal a suppressed audience by difference, comparisons with a
suppressed side, and the cache of a closed campaign."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from diagnostics.models import Audience, Campaign, Level
from diagnostics.scoring import (
    ALL_AUDIENCES,
    Group,
    NotComparable,
    campaign_groups,
    campaign_scores,
    compare,
    score_of,
)
from diagnostics.services import close_campaign, open_campaign
from tests.diagnostics.conftest import add_responses, campaign_arguments, open_small, small_version

pytestmark = pytest.mark.django_db

E, D, F = Audience.STUDENTS.value, Audience.TEACHERS.value, Audience.FAMILIES.value


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def small():
    return small_version()


def _by(scores, code: str):
    dimension = next(d for d in scores if d.dimension.code == code)
    return {s.audience: s for s in dimension.rows}


def _sheets(t1: list[int], t2: list[int]) -> list[dict[str, int]]:
    return [{"t1": a, "t2": b} for a, b in zip(t1, t2, strict=True)]


def test_it_reverses_reverse_items_and_counts_favourable_answers(director, school, small):
    campaign = open_small(director, school, small)
    # t2 is reverse-scored: 1 2 2 3 5 count 5 4 4 3 1.
    add_responses(campaign, E, _sheets([5, 4, 4, 3, 2], [1, 2, 2, 3, 5]))
    students = _by(campaign_scores(campaign), "trato")[E]
    # (5+4+4+3+2) + (5+4+4+3+1) = 35 over 10 answers; favourable: 3 + 3 of 10.
    assert (students.responses, students.mean, students.favourable) == (5, Decimal("3.50"), 60)
    assert students.level == Level.TO_IMPROVE


@pytest.mark.parametrize(
    ("total", "answers", "mean", "level"),
    [
        (800, 200, "4.00", Level.FAVORABLE),  # exactly at «favourable from»
        (799, 200, "4.00", Level.FAVORABLE),  # 3.995 shows as 4.00, and is read as shown
        (797, 200, "3.99", Level.TO_IMPROVE),
        (600, 200, "3.00", Level.TO_IMPROVE),  # exactly at «priority below»: not below it
        (598, 200, "2.99", Level.PRIORITY),
    ],
)
def test_levels_at_the_cut_points(small, total, answers, mean, level):
    campaign = Campaign(version=small)
    dimension = small.dimensions.get(code="trato")
    group = Group(dimension_id=dimension.pk, audience=E, responses=100, answers=answers, total=total, favourable=0)
    score = score_of(campaign, dimension, E, [group])
    assert (score.mean, score.level) == (Decimal(mean), level)


def test_all_fours_are_favourable_and_all_threes_to_improve(director, school, small):
    campaign = open_small(director, school, small)
    add_responses(campaign, E, [{"t1": 4, "t2": 2, "o1": 4}] * 5)
    add_responses(campaign, D, [{"t1": 3, "t2": 3}] * 5)
    trato = _by(campaign_scores(campaign), "trato")
    assert (trato[E].mean, trato[E].level, trato[E].favourable) == (Decimal("4.00"), Level.FAVORABLE, 100)
    assert (trato[D].mean, trato[D].level, trato[D].favourable) == (Decimal("3.00"), Level.TO_IMPROVE, 0)


def test_four_responses_are_suppressed_and_five_are_shown(director, school, small):
    campaign = open_small(director, school, small)
    add_responses(campaign, E, _sheets([5, 5, 5, 5], [1, 1, 1, 1]))
    suppressed = _by(campaign_scores(campaign), "trato")[E]
    assert suppressed.suppressed
    assert (suppressed.mean, suppressed.favourable, suppressed.level) == (None, None, None)

    add_responses(campaign, E, _sheets([1], [5]))
    shown = _by(campaign_scores(campaign), "trato")[E]
    # 4 × (5 + 5) + (1 + 1) = 42 over 10 answers.
    assert not shown.suppressed and (shown.responses, shown.mean, shown.favourable) == (5, Decimal("4.20"), 80)


def test_the_overall_figure_leaves_out_a_suppressed_audience(director, school, small):
    """Students and families are asked «orden»; families have 3 responses. An
    overall figure over all 8 would give the families' mean by subtracting the
    students' one: it is worked out over the students only, and says so."""
    campaign = open_small(director, school, small)
    add_responses(campaign, E, [{"t1": 3, "t2": 3, "o1": 2}] * 5)
    add_responses(campaign, F, [{"o1": 5}] * 3)
    orden = _by(campaign_scores(campaign), "orden")
    assert orden[F].suppressed
    overall = orden[ALL_AUDIENCES]
    assert (overall.responses, overall.mean, overall.level) == (5, Decimal("2.00"), Level.PRIORITY)
    assert overall.left_out == (F,)
    assert overall.mean == orden[E].mean  # nothing of the families in it


def test_the_overall_figure_adds_up_the_shown_audiences(director, school, small):
    campaign = open_small(director, school, small)
    add_responses(campaign, E, [{"t1": 5, "t2": 1, "o1": 3}] * 5)  # trato 5.00
    add_responses(campaign, D, [{"t1": 3, "t2": 3}] * 5)  # trato 3.00
    overall = _by(campaign_scores(campaign), "trato")[ALL_AUDIENCES]
    assert (overall.responses, overall.mean, overall.favourable, overall.left_out) == (10, Decimal("4.00"), 50, ())


def test_an_overall_figure_of_suppressed_audiences_only_is_suppressed(director, school, small):
    campaign = open_small(director, school, small)
    add_responses(campaign, E, [{"t1": 5, "t2": 1, "o1": 3}] * 3)
    add_responses(campaign, D, [{"t1": 3, "t2": 3}] * 3)  # 6 responses in all, each audience under 5
    assert _by(campaign_scores(campaign), "trato")[ALL_AUDIENCES].suppressed


def test_a_dimension_lists_only_the_audiences_its_items_ask(director, school, small):
    campaign = open_small(director, school, small)
    scores = campaign_scores(campaign)
    assert [s.audience for s in scores[0].rows] == [E, D, ALL_AUDIENCES]
    assert [s.audience for s in scores[1].rows] == [E, F, ALL_AUDIENCES]


def test_scoring_takes_one_query_for_the_sums(director, school, small, django_assert_num_queries):
    campaign = open_small(director, school, small)
    add_responses(campaign, E, [{"t1": 4, "t2": 2, "o1": 4}] * 40)
    dimensions = list(small.dimensions.all())
    campaign_scores(campaign, dimensions)  # the audiences' flags are kept on the version
    with django_assert_num_queries(2):  # the campaign's audiences, the sums
        campaign_scores(campaign, dimensions)


def test_a_closed_campaign_is_scored_once_then_read_from_the_cache(director, school, small, django_assert_num_queries):
    campaign = open_small(director, school, small)
    add_responses(campaign, E, [{"t1": 4, "t2": 2, "o1": 4}] * 5)
    with django_assert_num_queries(1):
        campaign_groups(campaign)
    with django_assert_num_queries(1):  # open: live every time
        campaign_groups(campaign)
    campaign = close_campaign(actor=director, campaign=campaign)
    with django_assert_num_queries(1):
        first = campaign_groups(campaign)
    with django_assert_num_queries(0):
        assert campaign_groups(campaign) == first


def test_the_comparison_gives_the_change_and_suppresses_it_with_either_side(director, school, small):
    baseline = open_small(director, school, small, days_ago=100)
    follow_up = open_small(director, school, small, kind=Campaign.Kind.FOLLOW_UP)
    add_responses(baseline, E, _sheets([3] * 5, [3] * 5))  # 3.00
    add_responses(follow_up, E, _sheets([4] * 5, [1] * 5))  # (4 + 5) / 2 = 4.50
    add_responses(baseline, D, _sheets([4] * 5, [2] * 5))  # shown before…
    add_responses(follow_up, D, _sheets([5] * 4, [1] * 4))  # …suppressed after
    changes = {c.audience: c for c in compare(baseline, follow_up)[0]}
    assert (changes[E].mean, changes[E].favourable) == (Decimal("1.50"), 100)
    assert changes[D].suppressed and changes[D].mean is None and changes[D].favourable is None
    # Over the audiences shown on both sides: the students only.
    overall = changes[ALL_AUDIENCES]
    assert (overall.before.mean, overall.after.mean, overall.mean) == (
        Decimal("3.00"),
        Decimal("4.50"),
        Decimal("1.50"),
    )


def test_a_suppressed_baseline_suppresses_the_change(director, school, small):
    baseline = open_small(director, school, small, days_ago=100)
    follow_up = open_small(director, school, small, kind=Campaign.Kind.FOLLOW_UP)
    add_responses(baseline, E, _sheets([3] * 4, [3] * 4))
    add_responses(follow_up, E, _sheets([4] * 9, [1] * 9))
    changes = {c.audience: c for c in compare(baseline, follow_up)[0]}
    assert changes[E].suppressed and changes[ALL_AUDIENCES].suppressed


def test_campaigns_of_other_schools_or_versions_are_not_compared(director, school, small, version):
    baseline = open_small(director, school, small, days_ago=100)
    other = open_campaign(actor=director, school=school, **campaign_arguments(version))
    with pytest.raises(NotComparable):
        compare(baseline, other)

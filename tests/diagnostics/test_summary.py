"""The diagnostic's section of the Difusión summary and of the progress report:
each dimension's baseline, follow-up and change, never a group of fewer than 5
responses."""

import pytest
from django.urls import reverse

from communities import extensions
from communities.services.diffusion import save_summary
from diagnostics.models import Audience, Campaign
from diagnostics.scoring import SUPPRESSED
from diagnostics.services import close_campaign
from diagnostics.summary import campaigns_to_compare, climate_change
from tests.diagnostics.conftest import add_responses, open_small, small_version

pytestmark = pytest.mark.django_db


def closed(campaign: Campaign, director) -> Campaign:
    return close_campaign(actor=director, campaign=campaign)


@pytest.fixture
def baseline(cas, director, school):
    """Five students (trato 3.00), two teachers (trato 5.00, too few to show)
    and three families (orden, too few to show)."""
    campaign = open_small(director, school, small_version(), days_ago=120)
    add_responses(campaign, Audience.STUDENTS, [{"t1": 3, "t2": 3}] * 5)
    add_responses(campaign, Audience.TEACHERS, [{"t1": 5, "t2": 1}] * 2)
    add_responses(campaign, Audience.FAMILIES, [{"o1": 4}] * 3)
    return closed(campaign, director)


@pytest.fixture
def follow_up(baseline, director, school):
    """Six students (trato 4.00), two teachers (trato 1.00) and three families."""
    campaign = open_small(director, school, baseline.version, kind=Campaign.Kind.FOLLOW_UP, days_ago=20)
    add_responses(campaign, Audience.STUDENTS, [{"t1": 4, "t2": 2}] * 6)
    add_responses(campaign, Audience.TEACHERS, [{"t1": 1, "t2": 5}] * 2)
    add_responses(campaign, Audience.FAMILIES, [{"o1": 5}] * 3)
    return closed(campaign, director)


def test_nothing_is_added_before_the_school_closes_an_application(cas, director, school):
    open_small(director, school, small_version())  # open: its answers are not final
    assert climate_change(cas) is None


def test_the_change_per_dimension_leaves_out_groups_under_five(cas, baseline, follow_up):
    section = climate_change(cas)
    assert len(section.columns) == 4  # the dimension, the two applications and the change
    suppressed = str(SUPPRESSED)
    # Trato counts the students only (the two teachers are too few on both sides).
    assert section.rows == [["Trato", "3.00", "4.00", "+1.00"], ["Orden", suppressed, suppressed, "—"]]
    assert section.bars == [("Trato", 4.0, 5.0)]
    assert "5" in section.note
    shown = " ".join(" ".join(row) for row in section.rows)
    assert "5.00" not in shown and "1.00" not in shown.replace("+1.00", "")  # the teachers' means, never shown


def test_a_baseline_alone_shows_its_figures_and_waits_for_the_follow_up(cas, baseline):
    section = climate_change(cas)
    assert section.rows == [["Trato", "3.00"], ["Orden", str(SUPPRESSED)]]
    assert section.bars == [("Trato", 3.0, 5.0)]


def test_the_follow_up_is_compared_with_the_baseline_of_its_version(
    cas, baseline, follow_up, director, school, version
):
    other = open_small(director, school, version, days_ago=60)  # a newer línea base, of another instrument
    closed(other, director)
    assert campaigns_to_compare(school.pk) == (baseline, follow_up)


def test_the_section_takes_a_fixed_number_of_queries(cas, baseline, follow_up, django_assert_num_queries):
    climate_change(cas)  # the closed campaigns' sums are cached from now on
    with django_assert_num_queries(2):  # the campaigns and the dimensions
        climate_change(cas)


def test_the_section_serves_the_summary_and_the_progress_report(cas, baseline, follow_up):
    for document in ("summary", "community"):
        assert [s.title for s in extensions.sections_for(document, cas) if "Trato" in str(s.rows)]


def test_the_summary_page_shows_it_to_the_cas(client, cas, teacher, baseline, follow_up):
    save_summary(actor=cas.director, community=cas, headline="El trato mejoró", message="Gracias a todos.")
    client.force_login(teacher)
    html = client.get(reverse("communities:summary", args=[cas.pk])).content.decode()
    assert "Trato" in html and "+1.00" in html
    assert 'value="4.0" max="5.0"' in html  # the follow-up's bar

"""The diagnostic's section of the platform figures: the average per dimension
of each school's latest closed application, small groups never shown nor
added up, a fixed number of queries, and the section on the page and in the
files."""

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from communities import extensions, figures_export
from communities.models.schools import State
from diagnostics import scoring
from diagnostics.figures import dimension_averages, latest_closed_campaigns
from diagnostics.models import Audience, Campaign
from tests.diagnostics.conftest import add_responses, small_version
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

E, D = Audience.STUDENTS.value, Audience.TEACHERS.value
SUPPRESSED = str(scoring.SUPPRESSED)


def title() -> str:
    """The section's title in the active language, whatever the catalogue has."""
    return _("School-climate diagnostic: average per dimension")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _campaign(school, version, person, *, days_ago: int, status=Campaign.Status.CLOSED) -> Campaign:
    opens = timezone.localdate() - timedelta(days=days_ago)
    return Campaign.objects.create(
        school=school,
        version=version,
        kind=Campaign.Kind.BASELINE,
        opens_on=opens,
        closes_on=opens + timedelta(days=7),
        status=status,
        created_by=person,
    )


@pytest.fixture
def applied(admin_user):
    """Two schools of Jalisco and one of Oaxaca, each with its latest closed application:

    - A: students 5 (trato 4.00, orden 3.00), teachers 3 (suppressed, so left
      out of A's trato); an older closed one (all 1s) and a newer open one
      (all 5s), both ignored;
    - B: students 6 (trato 2.00), 3 of whom answered orden (suppressed);
    - C (Oaxaca): students 4, every figure suppressed.
    """
    version = small_version()
    a = SchoolFactory(state=State.JALISCO, cct="14DST0101A")
    b = SchoolFactory(state=State.JALISCO, cct="14DST0102B")
    c = SchoolFactory(state=State.OAXACA, cct="20DST0103C")
    older = _campaign(a, version, admin_user, days_ago=200)
    add_responses(older, E, [{"t1": 1, "t2": 5, "o1": 1}] * 5)
    latest = _campaign(a, version, admin_user, days_ago=20)
    add_responses(latest, E, [{"t1": 4, "t2": 2, "o1": 3}] * 5)
    add_responses(latest, D, [{"t1": 5, "t2": 1}] * 3)
    still_open = _campaign(a, version, admin_user, days_ago=2, status=Campaign.Status.OPEN)
    add_responses(still_open, E, [{"t1": 5, "t2": 1, "o1": 5}] * 5)
    of_b = _campaign(b, version, admin_user, days_ago=30)
    add_responses(of_b, E, [{"t1": 2, "t2": 4, "o1": 5}] * 3 + [{"t1": 2, "t2": 4}] * 3)
    of_c = _campaign(c, version, admin_user, days_ago=30)
    add_responses(of_c, E, [{"t1": 5, "t2": 1, "o1": 5}] * 4)
    return {"version": version, "latest": latest, "b": of_b, "c": of_c}


def test_each_school_counts_once_with_its_latest_closed_application(applied):
    assert {c.pk for c in latest_closed_campaigns("")} == {applied["latest"].pk, applied["b"].pk, applied["c"].pk}
    section = dimension_averages(State.JALISCO.value)
    assert section.title == title()
    assert list(section.rows) == [
        ["Trato", "3.00", "2", "11"],  # (4.00 + 2.00) / 2, each school once
        ["Orden", "3.00", "1", "5"],  # B's 3 answers are left out
    ]
    assert list(section.bars) == [("Trato", 3.0, 5.0), ("Orden", 3.0, 5.0)]


def test_a_group_under_5_is_never_shown_nor_added_up(applied):
    oaxaca = dimension_averages(State.OAXACA.value)
    assert list(oaxaca.rows) == [["Trato", SUPPRESSED, "", ""], ["Orden", SUPPRESSED, "", ""]]
    assert list(oaxaca.bars) == []
    assert "5" in oaxaca.note and "1" in oaxaca.note  # says why, and how many schools were left out
    # The country's figures leave C out too: no difference with Jalisco's reveals it.
    assert list(dimension_averages("").rows) == list(dimension_averages(State.JALISCO.value).rows)


def test_without_a_closed_application_the_section_says_so():
    section = dimension_averages("")
    assert section.rows == () and section.bars == ()
    assert section.note


def test_the_section_is_registered_for_the_figures(applied):
    assert title() in [section.title for section in extensions.sections_for("figures", "")]


def _more_schools(version, person, count: int) -> None:
    for number in range(count):
        school = SchoolFactory(state=State.YUCATAN, cct=f"31DST{number:04d}D")
        campaign = _campaign(school, version, person, days_ago=15)
        add_responses(campaign, E, [{"t1": 3, "t2": 3, "o1": 3}] * 5)


def test_the_section_takes_a_fixed_number_of_queries(applied, admin_user, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the campaigns, their dimensions, the sums of all of them
        dimension_averages("")
    with django_assert_max_num_queries(2):  # the sums are cached now
        dimension_averages("")
    cache.clear()
    _more_schools(applied["version"], admin_user, 8)
    with django_assert_max_num_queries(3):
        section = dimension_averages("")
    assert list(section.rows[0]) == ["Trato", "3.00", "10", "51"]  # 2 + 8 schools; (4 + 2 + 8 × 3) / 10


def test_the_sums_are_shared_with_the_results_pages(applied):
    dimension_averages("")
    assert cache.get(scoring.cache_key(applied["b"])) == scoring._groups(applied["b"])


def test_the_page_shows_the_section_with_its_chart(client, admin_user, applied, django_assert_max_num_queries):
    client.force_login(admin_user)
    # 15: with the device that verified the admin's session, which django-otp reads.
    with django_assert_max_num_queries(15):
        html = client.get(reverse("communities:staff_figures")).content.decode()
    assert title() in html
    assert 'aria-labelledby="section-chart-1-title"' in html
    assert "3.00" in html
    cache.clear()
    _more_schools(applied["version"], admin_user, 8)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("communities:staff_figures"), {"state": "31"}).status_code == 200


def test_the_files_have_the_section(applied):
    lines = figures_export.figures_csv(State.JALISCO.value).decode("utf-8-sig")
    assert title() in lines and "Trato,3.00,2,11" in lines
    book = load_workbook(io.BytesIO(figures_export.figures_xlsx("")))
    sheet = next(book[name] for name in book.sheetnames if book[name]["A2"].value == title())
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["Trato", 3.0, 2, 11] in rows
    assert not any(row[:2] == ["Trato", 1.0] for row in rows)

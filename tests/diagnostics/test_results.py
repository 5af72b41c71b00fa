"""The results page and its exports: who sees them, the chart and its table,
suppression everywhere, the comparison with the baseline, a fixed number of
queries whatever the number of answers, and the raw answers for admins only,
shuffled and without dates."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from diagnostics import scoring
from diagnostics.models import Audience, Campaign
from diagnostics.services import close_campaign
from tests.diagnostics.conftest import add_responses, open_small, small_version

pytestmark = pytest.mark.django_db

E, D, F = Audience.STUDENTS.value, Audience.TEACHERS.value, Audience.FAMILIES.value
# «menos de 5 respuestas» once the catalogue has it (tests compare with the
# active translation, whatever it is).
SUPPRESSED = str(scoring.SUPPRESSED)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scored(director, school):
    """Students 5 (trato 4.50, orden 2.00), teachers 6 (trato 3.00), families 3."""
    campaign = open_small(director, school, small_version())
    add_responses(campaign, E, [{"t1": 4, "t2": 1, "o1": 2}] * 5)
    add_responses(campaign, D, [{"t1": 3, "t2": 3}] * 6, channel="paper")
    add_responses(campaign, F, [{"o1": 5}] * 3)
    return campaign


def _url(name, campaign, **query):
    url = reverse(f"diagnostics:{name}", args=[campaign.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_schools_staff_and_its_tutor_see_the_results(client, scored, director, tutor, teacher):
    for person in (director, tutor, teacher):
        client.force_login(person)
        response = client.get(_url("results", scored))
        assert response.status_code == 200
    page = response.content.decode()
    assert "4.50" in page and "3.00" in page and "2.00" in page
    assert SUPPRESSED in page  # the families
    assert page.count("<svg") == 2 and "<title" in page and 'role="img"' in page


def test_other_schools_people_get_404_and_strangers_the_sign_in(client, scored, outsider):
    for name in ("results", "results_csv", "results_xlsx", "answers_csv"):
        client.logout()
        assert client.get(_url(name, scored)).status_code == 302
        client.force_login(outsider)
        assert client.get(_url(name, scored)).status_code == 404


def test_the_page_hides_the_figures_of_a_small_group_in_the_chart_and_the_table(client, scored, director):
    client.force_login(director)
    page = client.get(_url("results", scored)).content.decode()
    # «Orden»: families (3) suppressed, all audiences over the students only.
    orden = page[page.index(">Orden<") :]
    assert "5.00" not in orden  # the families' mean appears nowhere
    assert re.search(r"(sin|without) Familias", orden)


def test_the_campaign_page_and_the_list_link_to_the_results(client, scored, director, school):
    client.force_login(director)
    results = _url("results", scored)
    assert results in client.get(reverse("diagnostics:campaign", args=[scored.pk])).content.decode()
    assert results in client.get(reverse("diagnostics:campaigns", args=[school.pk])).content.decode()


def test_a_follow_up_is_compared_with_the_baseline(client, director, school):
    version = small_version()
    baseline = open_small(director, school, version, days_ago=100)
    follow_up = open_small(director, school, version, kind=Campaign.Kind.FOLLOW_UP)
    add_responses(baseline, E, [{"t1": 3, "t2": 3, "o1": 3}] * 5)
    add_responses(follow_up, E, [{"t1": 4, "t2": 1, "o1": 3}] * 5)
    add_responses(follow_up, D, [{"t1": 4, "t2": 1}] * 5)  # no teacher answered the baseline
    add_responses(baseline, F, [{"o1": 5}] * 2)
    add_responses(follow_up, F, [{"o1": 1}] * 7)
    client.force_login(director)
    page = client.get(_url("results", follow_up)).content.decode()
    comparison = page[page.index('id="comparison"') :]
    assert "+1.50" in comparison  # trato, students: 3.00 → 4.50
    assert SUPPRESSED in comparison  # orden, families: 2 responses at the baseline
    assert f'value="{baseline.pk}" selected' in comparison
    assert client.get(_url("results", follow_up, base=baseline.pk)).status_code == 200


def _fill(campaign, students: int):
    add_responses(campaign, E, [{"t1": 4, "t2": 2, "o1": 3}] * students)
    add_responses(campaign, D, [{"t1": 3, "t2": 3}] * 5)


@pytest.mark.parametrize("students", [10, 1000])
def test_the_page_takes_the_same_queries_whatever_the_answers(
    client, director, school, students, django_assert_max_num_queries
):
    """40 and 3,010 answers per campaign: a seguimiento scored live, compared with its baseline."""
    version = small_version()
    baseline = open_small(director, school, version, days_ago=100)
    follow_up = open_small(director, school, version, kind=Campaign.Kind.FOLLOW_UP)
    _fill(baseline, students)
    _fill(follow_up, students)
    client.force_login(director)
    client.get(_url("results", follow_up))
    with django_assert_max_num_queries(14):
        assert client.get(_url("results", follow_up)).status_code == 200


def test_exports_apply_suppression(client, scored, director):
    client.force_login(director)
    response = client.get(_url("results_csv", scored))
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    families = [row for row in rows if row[1] == "Familias"]
    assert families == [["Orden", "Familias", "", "", "", "", SUPPRESSED]]
    students = next(row for row in rows if row[:2] == ["Trato", "Estudiantes"])
    assert students[2:6] == ["5", "4.50", "100", "Favorable"]
    overall = next(row for row in rows if row[:2] == ["Orden", str(_("All audiences"))])
    assert overall[2:4] == ["5", "2.00"] and "Familias" in overall[6]

    workbook = load_workbook(io.BytesIO(client.get(_url("results_xlsx", scored)).content))
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert ["Orden", "Familias", None, None, None, None, SUPPRESSED] in values
    assert ["Trato", "Estudiantes", 5, 4.5, 100, "Favorable", None] in values


def test_raw_answers_go_to_platform_admins_only(client, scored, director, tutor, admin_user):
    for person in (director, tutor):
        client.force_login(person)
        assert client.get(_url("answers_csv", scored)).status_code == 403
        assert "respuestas.csv" not in client.get(_url("results", scored)).content.decode()
    client.force_login(admin_user)
    assert _url("answers_csv", scored) in client.get(_url("results", scored)).content.decode()
    response = client.get(_url("answers_csv", scored))
    assert response.status_code == 200
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    body = rows[1 : rows.index([])]
    assert len(body) == 14
    assert sorted(int(row[0]) for row in body) == list(range(1, 15))
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}", text)  # no date, no time
    assert str(scored.opens_on.year) not in text


def test_raw_answers_come_in_a_new_order_each_time(client, director, school, admin_user):
    campaign = open_small(director, school, small_version())
    add_responses(campaign, E, [{"t1": v, "t2": 6 - v, "o1": v} for v in [1, 2, 3, 4, 5] * 6])
    client.force_login(admin_user)

    def values():
        rows = list(csv.reader(io.StringIO(client.get(_url("answers_csv", campaign)).content.decode())))
        return [row[3] for row in rows[1 : rows.index([])]]

    orders = {tuple(values()) for _ in range(4)}
    assert len(orders) > 1  # 30 responses: the same order four times is a 1 in 10⁹⁶ event
    assert values()[:5] != ["1", "2", "3", "4", "5"] or len(orders) > 1


def test_a_closed_campaign_reads_its_scores_from_the_cache(client, scored, director, django_assert_max_num_queries):
    scored = close_campaign(actor=director, campaign=scored)
    client.force_login(director)
    client.get(_url("results", scored))
    assert cache.get(f"diagnostics:scores:{scored.pk}:closed:{scored.updated_at.timestamp()}") is not None

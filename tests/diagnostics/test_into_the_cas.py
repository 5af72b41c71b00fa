"""The diagnostic in the CAS: a closed línea base completes the Integración
milestone, a goal starts from a dimension, the goal page shows that dimension's
scores, and the home's question about the results leads to them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from communities.models import Goal, MilestoneKind, ReflectionPrompt
from communities.services.phases import complete_milestone
from diagnostics.models import Audience, Campaign, GoalDimension, ResultsPrompt
from diagnostics.services import close_campaign, set_goal_from_dimension
from tests.diagnostics.conftest import add_responses, open_small, small_version

pytestmark = pytest.mark.django_db

E, D = Audience.STUDENTS, Audience.TEACHERS


def _closed(director, school, version, kind=Campaign.Kind.BASELINE, students=5, t1=3, t2=3, days_ago=60):
    campaign = open_small(director, school, version, kind=kind, days_ago=days_ago)
    add_responses(campaign, E, [{"t1": t1, "t2": t2}] * students)
    return close_campaign(actor=director, campaign=campaign)


def _diagnostic(cas):
    return cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)


# --- The Integración milestone -----------------------------------------------------------


def test_closing_a_baseline_completes_the_diagnostic_milestone(cas, director, school):
    _closed(director, school, small_version())
    milestone = _diagnostic(cas)
    assert milestone.completed_automatically
    assert "5" in milestone.evidence_text
    with pytest.raises(ValidationError, match="ya está cumplido"):
        complete_milestone(actor=director, milestone=milestone, text="Otra vez, a mano")


def test_a_follow_up_or_a_baseline_under_5_responses_completes_nothing(cas, director, school):
    version = small_version()
    _closed(director, school, version, kind=Campaign.Kind.FOLLOW_UP)
    _closed(director, school, version, students=4)
    assert not _diagnostic(cas).is_completed


def test_a_milestone_ticked_by_hand_stays_as_it_was(cas, director, school):
    complete_milestone(actor=director, milestone=_diagnostic(cas), text="Aplicado en papel fuera de la plataforma.")
    _closed(director, school, small_version())
    milestone = _diagnostic(cas)
    assert milestone.completed_by == director
    assert milestone.evidence_text == "Aplicado en papel fuera de la plataforma."


# --- A goal from a dimension ------------------------------------------------------------------


def _goal_url(campaign):
    trato = campaign.version.dimensions.get(code="trato")
    return reverse("diagnostics:goal_create", args=[campaign.pk, trato.pk]), trato


def _goal_data(skills, owner):
    return {
        "statement": "Mejorar el trato en la escuela.",
        "skill": skills["colaboracion"].pk,
        "indicator": "Promedio de Trato (1–5)",
        "unit": "puntos",
        "baseline": "3.00",
        "target": "3.50",
        "due_date": (timezone.localdate() + timedelta(days=120)).isoformat(),
        "owner": owner.pk,
    }


def test_the_results_offer_a_goal_from_each_shown_dimension_to_the_leaders(client, cas, director, teacher, school):
    campaign = _closed(director, school, small_version())
    url, _ = _goal_url(campaign)
    results = reverse("diagnostics:results", args=[campaign.pk])
    client.force_login(director)
    html = client.get(results).content.decode()
    assert url in html
    assert "/dimensiones/" in html and html.count("/meta/") == 1  # «orden»: nobody answered it
    client.force_login(teacher)
    assert url not in client.get(results).content.decode()


def test_the_goal_form_starts_from_the_dimension_and_keeps_the_link(client, cas, director, school, skills):
    campaign = _closed(director, school, small_version())
    url, trato = _goal_url(campaign)
    client.force_login(director)
    form = client.get(url).context["form"]
    assert form.initial["baseline"] == Decimal("3.00")
    assert form.initial["target"] == Decimal("3.50")
    response = client.post(url, _goal_data(skills, director))
    goal = Goal.objects.get(community=cas)
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:goal", args=[cas.pk, goal.pk])
    link = GoalDimension.objects.get(goal=goal)
    assert (link.dimension, link.campaign) == (trato, campaign)


def test_only_the_leaders_set_a_goal_from_a_dimension(client, cas, director, tutor, teacher, outsider, school, skills):
    campaign = _closed(director, school, small_version())
    url, _ = _goal_url(campaign)
    client.force_login(tutor)
    assert client.get(url).status_code == 200
    client.force_login(teacher)
    assert client.get(url).status_code == 403
    assert client.post(url, _goal_data(skills, director)).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert not Goal.objects.exists()


def test_no_goal_from_an_open_campaign_or_a_suppressed_dimension(client, cas, director, school):
    version = small_version()
    campaign = _closed(director, school, version)
    orden = version.dimensions.get(code="orden")
    client.force_login(director)
    assert client.get(reverse("diagnostics:goal_create", args=[campaign.pk, orden.pk])).status_code == 404
    still_open = open_small(director, school, version)
    add_responses(still_open, E, [{"t1": 3, "t2": 3}] * 5)
    url, _ = _goal_url(still_open)
    assert client.get(url).status_code == 404


# --- The goal page ---------------------------------------------------------------------------


def _goal_from(campaign, cas, skills):
    trato = campaign.version.dimensions.get(code="trato")
    return set_goal_from_dimension(
        actor=cas.director,
        community=cas,
        campaign=campaign,
        dimension=trato,
        statement="Mejorar el trato.",
        skill=skills["colaboracion"],
        indicator="Promedio de Trato (1–5)",
        unit="puntos",
        baseline=Decimal("3.00"),
        target=Decimal("3.50"),
        due_date=timezone.localdate() + timedelta(days=120),
        owner=cas.director,
    )


def _panel(client, cas, goal):
    return client.get(reverse("communities:goal", args=[cas.pk, goal.pk])).context["panels"]


def test_the_goal_page_shows_the_baseline_then_the_follow_up_and_the_change(client, cas, director, school, skills):
    version = small_version()
    goal = _goal_from(_closed(director, school, version), cas, skills)
    client.force_login(cas.director)
    [(_, panel)] = _panel(client, cas, goal)
    assert panel["diagnostic"].baseline.mean == Decimal("3.00")
    assert panel["diagnostic"].follow_up is None

    follow_up = open_small(director, school, version, kind=Campaign.Kind.FOLLOW_UP, days_ago=1)
    add_responses(follow_up, E, [{"t1": 4, "t2": 2}] * 4)
    [(_, panel)] = _panel(client, cas, goal)
    assert panel["diagnostic"].change.suppressed  # 4 responses: not shown
    add_responses(follow_up, E, [{"t1": 4, "t2": 2}])
    html = client.get(reverse("communities:goal", args=[cas.pk, goal.pk])).content.decode()
    assert 'data-score="baseline">3.00' in html
    assert 'data-score="follow-up">4.00' in html
    assert 'data-score="change">+1.00' in html


def test_a_goal_without_a_dimension_shows_no_panel(client, cas, skills):
    from tests.conftest import complete_integration

    complete_integration(cas)
    client.force_login(cas.director)
    assert _panel(client, cas, Goal.objects.get(community=cas)) == []


def test_the_goal_page_takes_a_fixed_number_of_queries(
    client, cas, director, school, skills, django_assert_max_num_queries
):
    version = small_version()
    goal = _goal_from(_closed(director, school, version), cas, skills)
    follow_up = open_small(director, school, version, kind=Campaign.Kind.FOLLOW_UP, days_ago=1)
    url = reverse("communities:goal", args=[cas.pk, goal.pk])
    client.force_login(cas.director)
    client.get(url)  # the closed línea base's sums are now cached
    # 9 measured: the core's goal page, then the link, the follow-up and its live sums.
    with django_assert_max_num_queries(9):
        client.get(url)
    add_responses(follow_up, E, [{"t1": 4, "t2": 2}] * 40)
    add_responses(follow_up, D, [{"t1": 4, "t2": 2}] * 40)
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


# --- The home's question about the results ---------------------------------------------------------


def test_the_question_about_the_results_leads_to_the_latest_closed_results(client, cas, director, teacher, school):
    prompt = ReflectionPrompt.objects.create(phase=cas.phase, text="¿Qué me dicen los resultados?", position=0)
    ReflectionPrompt.objects.exclude(pk=prompt.pk).update(is_active=False)
    campaign = _closed(director, school, small_version())
    client.force_login(teacher)
    results = reverse("diagnostics:results", args=[campaign.pk])
    assert results not in client.get(reverse("communities:home")).content.decode()  # not linked yet
    ResultsPrompt.objects.create(prompt=prompt)
    assert results in client.get(reverse("communities:home")).content.decode()


def test_the_default_question_is_linked_by_the_migration():
    assert ResultsPrompt.objects.filter(
        prompt__text__startswith="¿Qué me dicen los resultados del diagnóstico"
    ).exists()


def test_the_cas_page_leads_its_readers_to_the_school_s_diagnostic(client, cas, teacher):
    campaigns = reverse("diagnostics:campaigns", args=[cas.school_id])
    client.force_login(cas.director)
    html = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert f'href="{campaigns}"' in html and "Aplicaciones y códigos de acceso" in html
    client.force_login(teacher)
    html = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert f'href="{campaigns}"' in html and "Todas las aplicaciones de la escuela" in html
    assert client.get(campaigns).status_code == 200

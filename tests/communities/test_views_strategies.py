"""The strategies pages: what a member sees and does, bad input, query counts."""

import pytest
from django.urls import reverse

from communities.models import (
    MilestoneKind,
    Phase,
    Strategy,
)

pytestmark = pytest.mark.django_db


def test_an_analysis_becomes_the_evidence_of_the_strategies_milestone(client, cas, teacher, catalogue):
    from communities.models import Community

    Community.objects.filter(pk=cas.pk).update(phase=Phase.DEVELOPMENT)
    strategy = Strategy.objects.first()
    client.force_login(teacher)
    client.post(
        reverse("communities:strategies", args=[cas.pk]),
        {"strategy": strategy.pk, "group": "1° A", "analysis": "Funciona al inicio.", "adaptation": "Con tarjetas."},
    )
    analysis = cas.strategy_analyses.get()
    url = reverse("communities:analysis_evidence", args=[cas.pk, analysis.pk])
    assert client.post(url).status_code == 403  # the director chooses evidence
    client.force_login(cas.director)
    client.post(url)
    milestone = cas.milestones.get(kind=MilestoneKind.STRATEGIES)
    assert milestone.completed_by == cas.director
    assert strategy.title in milestone.evidence_text
    assert milestone.evidence_url.endswith(f"#analysis-{analysis.pk}")


def test_outsiders_do_not_see_the_strategies_page(client, cas, outsider, colleague):
    client.force_login(outsider)
    assert client.get(reverse("communities:strategies", args=[cas.pk])).status_code == 404
    client.force_login(colleague)
    assert client.get(reverse("communities:strategies", args=[cas.pk])).status_code == 403

"""Proposals and votes: what people see and do, bad input, query counts."""

import pytest
from django.urls import reverse

from communities.models import Proposal
from communities.services.proposals import propose

pytestmark = pytest.mark.django_db


def test_voting_with_htmx_swaps_only_the_proposal(client, cas, teacher):
    proposal = propose(actor=cas.director, community=cas, text="Iniciamos a tiempo.")
    client.force_login(teacher)
    url = reverse("communities:proposal_vote", args=[cas.pk, proposal.pk])
    response = client.post(url, {"choice": "agree"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<article class="card shadow-sm mb-3 proposal" id="proposal-')
    assert "<html" not in html
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ADOPTED  # director, teacher: two of three
    assert "Adoptada" in html


def test_an_invalid_vote_changes_nothing(client, cas, teacher):
    proposal = propose(actor=cas.director, community=cas, text="Iniciamos a tiempo.")
    client.force_login(teacher)
    url = reverse("communities:proposal_vote", args=[cas.pk, proposal.pk])
    response = client.post(url, {"choice": "<script>"}, follow=True)
    assert "Elige si estás de acuerdo o tienes una objeción." in response.content.decode()
    assert proposal.votes.count() == 1

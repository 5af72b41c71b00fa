"""Norms and activities proposed to the CAS, and the members' votes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import access, selectors
from communities.access import Need
from communities.forms.proposals import ProposalForm, VoteForm
from communities.services.proposals import propose, vote_on_proposal
from communities.views.flow import submit


@login_required
@require_http_methods(["GET", "POST"])
def proposals(request: HttpRequest, pk: int) -> HttpResponse:
    """Norms and activities: the ones adopted, and the ones open for agreement."""
    community = access.get_community_for(request.user, pk, Need.PARTICIPATE if request.method == "POST" else Need.VIEW)
    form = ProposalForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: propose(actor=request.user, community=community, **form.cleaned_data),
        success=_("Your proposal is on the list. The other members can now agree or object."),
        then=reverse("communities:proposals", args=[community.pk]),
    )
    context = {
        "community": community,
        "form": form,
        "proposals": selectors.proposals_with_votes(community.proposals.all(), request.user),
    }
    return done or render(request, "communities/proposals/list.html", context)


@login_required
@require_POST
def proposal_vote(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    """A vote; with htmx only this proposal's card comes back, with its new count."""
    community = access.get_community_for(request.user, pk, Need.PARTICIPATE)
    proposal = get_object_or_404(community.proposals, pk=proposal_pk)
    form = VoteForm(request.POST)
    error_message = ""
    if form.is_valid():
        try:
            vote_on_proposal(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as error:
            error_message = " ".join(error.messages)
    else:
        error_message = _("Choose whether you agree or object.")
    if request.htmx:
        (proposal,) = selectors.proposals_with_votes(community.proposals.filter(pk=proposal.pk), request.user)
        context = {"community": community, "proposal": proposal, "error": error_message}
        return render(request, "communities/proposals/_proposal.html", context)
    if error_message:
        messages.error(request, error_message)
    return redirect("communities:proposals", pk=community.pk)

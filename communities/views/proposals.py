from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import selectors
from communities.access import Need, get_community_for
from communities.forms import ProposalForm, VoteForm, add_service_errors
from communities.services.proposals import propose, vote_on_proposal


@login_required
@require_http_methods(["GET", "POST"])
def proposals(request: HttpRequest, pk: int) -> HttpResponse:
    """Norms and activities: the ones adopted, and the ones open for agreement."""
    need = Need.PARTICIPATE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            propose(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your proposal is on the list. The other members can now agree or object."))
            return redirect("communities:proposals", pk=community.pk)
    return render(
        request,
        "communities/proposals.html",
        {
            "community": community,
            "form": form,
            "proposals": selectors.proposals_with_votes(community.proposals.all(), request.user),
        },
    )


@login_required
@require_POST
def proposal_vote(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.PARTICIPATE)
    proposal = community.proposals.filter(pk=proposal_pk).first()
    if proposal is None:
        raise Http404
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
        # Swap only this proposal's card, with its new count and status.
        (proposal,) = selectors.proposals_with_votes(community.proposals.filter(pk=proposal.pk), request.user)
        return render(
            request,
            "communities/_proposal.html",
            {"community": community, "proposal": proposal, "error": error_message},
        )
    if error_message:
        messages.error(request, error_message)
    return redirect("communities:proposals", pk=community.pk)

"""Milestone evidence and the phase change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Need
from communities.forms.phases import MilestoneEvidenceForm, PhaseRequestForm, PhaseReviewForm
from communities.services.phases import (
    approve_phase_change,
    complete_milestone,
    phase_change_blockers,
    request_phase_change,
    return_phase_change,
)
from communities.uploads import download_response
from communities.views.flow import submit


@login_required
@require_http_methods(["GET", "POST"])
def milestone_complete(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.PARTICIPATE)
    milestone = get_object_or_404(community.milestones.select_related("completed_by"), pk=milestone_pk)
    access.require(request.user, milestone, Need.COMPLETE)
    form = MilestoneEvidenceForm(request.POST or None, request.FILES or None, community=community)
    done = submit(
        request,
        form,
        lambda: complete_milestone(actor=request.user, milestone=milestone, **form.cleaned_data),
        success=_("Milestone completed. Its evidence is on the community page."),
        then=reverse("communities:detail", args=[community.pk]),
    )
    context = {"community": community, "milestone": milestone, "form": form}
    return done or render(request, "communities/phases/milestone_form.html", context)


@login_required
def milestone_evidence(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """The evidence file, for those who may see the community and nobody else."""
    community = access.get_community_for(request.user, pk, Need.VIEW)
    milestone = get_object_or_404(community.milestones, pk=milestone_pk)
    if not milestone.evidence_file:
        raise Http404
    return download_response(milestone.evidence_file, milestone.evidence_file_name)


@login_required
@require_http_methods(["GET", "POST"])
def phase_request(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.MANAGE)
    blockers = phase_change_blockers(community)
    form = PhaseRequestForm(request.POST or None)
    done = None
    if not blockers:
        done = submit(
            request,
            form,
            lambda: request_phase_change(actor=request.user, community=community, **form.cleaned_data),
            success=_("We asked the tutor to review the phase change."),
            then=reverse("communities:detail", args=[community.pk]),
        )
    context = {"community": community, "form": form, "blockers": blockers}
    return done or render(request, "communities/phases/request.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def phase_review(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.REVIEW)
    review = community.phase_reviews.pending().select_related("requested_by").first()
    if review is None:
        messages.info(request, _("There is no phase change waiting for your review."))
        return redirect("communities:detail", pk=community.pk)
    form = PhaseReviewForm(request.POST or None)

    def decide():
        service = approve_phase_change if form.approves else return_phase_change
        return service(actor=request.user, review=review, comment=form.cleaned_data["comment"])

    done = submit(
        request,
        form,
        decide,
        success=lambda decided: (
            _("Phase change approved.") if decided.is_approved else _("You returned the request to the director.")
        ),
        then=reverse("communities:detail", args=[community.pk]),
    )
    milestones = list(community.milestones.filter(phase=review.from_phase).select_related("completed_by"))
    context = {"community": community, "review": review, "form": form, "milestones": milestones}
    return done or render(request, "communities/phases/review.html", context)

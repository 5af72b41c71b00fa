from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities.access import Need, get_community_for
from communities.forms import MilestoneEvidenceForm, PhaseRequestForm, PhaseReviewForm, add_service_errors
from communities.services.phases import (
    approve_phase_change,
    complete_milestone,
    missing_milestones,
    request_phase_change,
    return_phase_change,
)
from communities.uploads import download_response


def _milestone_of(community, milestone_pk: int):
    milestone = community.milestones.select_related("completed_by").filter(pk=milestone_pk).first()
    if milestone is None:
        raise Http404
    return milestone


@login_required
@require_http_methods(["GET", "POST"])
def milestone_complete(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.PARTICIPATE)
    milestone = _milestone_of(community, milestone_pk)
    form = MilestoneEvidenceForm(request.POST or None, request.FILES or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            complete_milestone(actor=request.user, milestone=milestone, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone completed. Its evidence is on the community page."))
            return redirect("communities:detail", pk=community.pk)
    return render(
        request, "communities/milestone_form.html", {"community": community, "milestone": milestone, "form": form}
    )


@login_required
def milestone_evidence(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """The evidence file, for those who may see the community and nobody else."""
    community = get_community_for(request.user, pk, Need.VIEW)
    milestone = _milestone_of(community, milestone_pk)
    if not milestone.evidence_file:
        raise Http404
    return download_response(milestone.evidence_file, milestone.evidence_file_name)


@login_required
@require_http_methods(["GET", "POST"])
def phase_request(request: HttpRequest, pk: int) -> HttpResponse:
    need = Need.MANAGE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    if not community.permissions.manage:
        raise PermissionDenied(_("Only the director asks for the phase change."))
    form = PhaseRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_phase_change(actor=request.user, community=community, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("We asked the tutor to review the phase change."))
            return redirect("communities:detail", pk=community.pk)
    return render(
        request,
        "communities/phase_request.html",
        {
            "community": community,
            "form": form,
            "missing": missing_milestones(community),
            "pending_review": community.phase_reviews.pending().first(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_review(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.REVIEW)
    review = community.phase_reviews.pending().select_related("requested_by").first()
    if review is None:
        messages.info(request, _("There is no phase change waiting for your review."))
        return redirect("communities:detail", pk=community.pk)
    form = PhaseReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        service = approve_phase_change if approve else return_phase_change
        try:
            service(actor=request.user, review=review, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Phase change approved.") if approve else _("You returned the request to the director.")
            )
            return redirect("communities:detail", pk=community.pk)
    milestones = list(community.milestones.filter(phase=review.from_phase).select_related("completed_by"))
    return render(
        request,
        "communities/phase_review.html",
        {"community": community, "review": review, "form": form, "milestones": milestones},
    )

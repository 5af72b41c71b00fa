"""A product of a concluded space as the evidence of a milestone of the
school's CAS (for the people the core lets complete it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import access
from communities.access import Need
from communities.views.flow import submit
from workshops.forms import EvidenceForm
from workshops.models import Workshop
from workshops.services.evidence import take_product_as_evidence
from workshops.services.proposals import school_cas
from workshops.views import workshop_for


def evidence_form(request: HttpRequest, workshop: Workshop, data=None) -> EvidenceForm | None:
    """The open milestones of the school's CAS the person may complete, and the
    products of the concluded spaces; None when there is nothing to offer."""
    community = school_cas(workshop)
    if community is None or not access.is_member(community, request.user):
        return None
    pending = list(community.milestones.of_current_phase().pending().select_related("community"))
    milestones = [m for m in pending if access.allows(request.user, m, Need.COMPLETE)]
    spaces = list(workshop.spaces.concluded().select_related("space"))
    if not milestones or not spaces:
        return None
    return EvidenceForm(data, milestones=milestones, spaces=spaces)


@login_required
@require_POST
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    form = evidence_form(request, workshop, request.POST)
    back = reverse("workshops:detail", args=[workshop.pk]) + "#evidence"
    if form is None:
        community = school_cas(workshop)
        if community is None:
            raise Http404
        access.require(request.user, community, Need.PARTICIPATE)  # 403, saying why, for the school's other staff
        messages.error(request, _("No open milestone of the CAS can take a product of a concluded space now."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Choose a milestone and a product from the lists."))
        return redirect(back)
    return submit(
        request,
        None,
        lambda: take_product_as_evidence(
            actor=request.user,
            workshop=workshop,
            workspace=form.cleaned_data["workspace"],
            milestone=form.cleaned_data["milestone"],
        ),
        success=_("The milestone is completed with the workshop's product."),
        then=back,
    )

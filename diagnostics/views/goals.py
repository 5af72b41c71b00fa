"""A CAS goal from a dimension of the diagnostic: the core's goal form, filled
in from the dimension's score; the core's `set_goal` writes the goal and the
link goal → dimension is kept on the diagnostic's side."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access
from communities.access import Need
from communities.forms.goals import GoalForm
from communities.views.flow import submit
from diagnostics.cas import active_community, overall_score, suggested_target
from diagnostics.services import set_goal_from_dimension
from diagnostics.views.school import campaign_for


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, pk: int, dimension_pk: int) -> HttpResponse:
    """For the director and the tutor of the school's active CAS (403 for its
    other staff, 404 for people with no tie to the school), from a shown
    dimension of a closed campaign."""
    campaign = campaign_for(request.user, pk, Need.SEE_DIAGNOSTIC)
    community = active_community(campaign.school)
    if community is None:
        raise Http404
    access.require(request.user, community, Need.LEAD)
    dimension = campaign.version.dimensions.filter(pk=dimension_pk).first()
    score = overall_score(campaign, dimension) if dimension is not None and not campaign.is_open else None
    if score is None or score.suppressed:
        raise Http404
    initial = {
        "statement": _("Improve «%(dimension)s» in the school-climate diagnostic.") % {"dimension": dimension.name},
        "indicator": _("Mean of %(dimension)s (1–5)") % {"dimension": dimension.name},
        "unit": _("points"),
        "baseline": score.mean,
        "target": suggested_target(score.mean),
        "due_date": timezone.localdate() + timedelta(days=180),
        "owner": request.user.pk,
    }
    form = GoalForm(request.POST or None, community=community, initial=initial)
    done = submit(
        request,
        form,
        lambda: set_goal_from_dimension(
            actor=request.user, community=community, campaign=campaign, dimension=dimension, **form.cleaned_data
        ),
        success=_("Goal set from the diagnostic. Members can now record its progress."),
        then=lambda goal: reverse("communities:goal", args=[community.pk, goal.pk]),
    )
    context = {"campaign": campaign, "school": campaign.school, "dimension": dimension, "score": score, "form": form}
    return done or render(request, "diagnostics/goal_form.html", context)

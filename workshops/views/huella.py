"""Huella colectiva: a participant's milestones (added, changed, taken back)
and their lights on the axes of the self-assessment."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.access import Need
from communities.views.flow import submit
from workshops.forms import PathMilestoneForm, RatingsForm
from workshops.models import WorkSpace
from workshops.services.huella import add_path_milestone, change_path_milestone, rate_axes, remove_path_milestone
from workshops.views import contribution_for, run_for, workshop_for
from workshops.views.spaces import space_page

SPACE = WorkSpace.HUELLA_COLECTIVA


def _back(workshop) -> str:
    return reverse("workshops:space", args=[workshop.pk, SPACE])


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    form = PathMilestoneForm(request.POST)
    done = submit(
        request,
        form,
        lambda: add_path_milestone(actor=request.user, workshop=workshop, **form.cleaned_data),
        success=_("Your milestone is on the collective timeline."),
        then=_back(workshop) + "#timeline",
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, milestone_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """Change one's own milestone, or take it back (the `remove` button)."""
    workshop = workshop_for(request.user, pk)
    milestone = contribution_for(request.user, workshop.pathmilestones.select_related("workshop__school"), milestone_pk)
    if request.method == "POST" and "remove" in request.POST:
        return submit(
            request,
            None,
            lambda: remove_path_milestone(actor=request.user, milestone=milestone),
            success=_("The milestone is no longer on the timeline."),
            then=_back(workshop),
        )
    fields = {"year": milestone.year, "kind": milestone.kind, "title": milestone.title, "meaning": milestone.meaning}
    form = PathMilestoneForm(request.POST or None, initial=fields)
    done = submit(
        request,
        form,
        lambda: change_path_milestone(actor=request.user, milestone=milestone, **form.cleaned_data),
        success=_("Saved."),
        then=_back(workshop) + "#timeline",
    )
    context = {"workshop": workshop, "school": workshop.school, "form": form, "milestone": milestone}
    return done or render(request, "workshops/milestone_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def ratings(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    form = RatingsForm(request.POST, axes=workshop.template.axes.all())
    done = submit(
        request,
        form,
        lambda: rate_axes(actor=request.user, workshop=workshop, lights=form.lights()),
        success=_("Your lights are counted with everyone's, without your name."),
        then=_back(workshop) + "#axes",
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, ratings_form=form)

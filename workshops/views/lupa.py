"""La práctica docente bajo la lupa: situations, common problems and their
grouping, and the dot vote."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.access import Need
from communities.views.flow import submit
from workshops.forms import ChoiceActionForm, GroupForm, ProblemForm, SituationForm
from workshops.models import WorkSpace
from workshops.services.lupa import (
    add_problem,
    change_situation,
    close_voting,
    describe_situation,
    group_situations,
    open_voting,
    place_dot,
    take_back_dot,
)
from workshops.views import contribution_for, run_for, workshop_for
from workshops.views.spaces import space_page

SPACE = WorkSpace.PRACTICA_BAJO_LA_LUPA


def _back(workshop, anchor: str = "") -> str:
    return reverse("workshops:space", args=[workshop.pk, SPACE]) + anchor


def _problem(workshop, problem_pk: int):
    problem = workshop.problems.filter(pk=problem_pk).first()
    if problem is None:
        raise Http404
    problem.workshop = workshop
    return problem


@login_required
@require_POST
def situation_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    form = SituationForm(request.POST, dimensions=workshop.template.dimensions.all())
    done = submit(
        request,
        form,
        lambda: describe_situation(actor=request.user, workshop=workshop, **form.cleaned_data),
        success=_("Your situation is shared with the group."),
        then=_back(workshop, "#situations"),
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, situation_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def situation_edit(request: HttpRequest, pk: int, situation_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    situation = contribution_for(request.user, workshop.situations.select_related("workshop__school"), situation_pk)
    initial = {
        "description": situation.description,
        "observed": situation.observed,
        "reasons": situation.reasons,
        "change": situation.change,
        "dimensions": list(situation.dimensions.values_list("pk", flat=True)),
    }
    form = SituationForm(request.POST or None, dimensions=workshop.template.dimensions.all(), initial=initial)
    done = submit(
        request,
        form,
        lambda: change_situation(actor=request.user, situation=situation, **form.cleaned_data),
        success=_("Saved."),
        then=_back(workshop, "#situations"),
    )
    context = {"workshop": workshop, "school": workshop.school, "form": form}
    return done or render(request, "workshops/situation_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def problem_add(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.FACILITATE)
    form = ProblemForm(request.POST, dimensions=workshop.template.dimensions.all())
    done = submit(
        request,
        form,
        lambda: add_problem(actor=request.user, workshop=workshop, **form.cleaned_data),
        success=_("The common problem is named. Group its situations under it."),
        then=_back(workshop, "#problems"),
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, problem_form=form)


@login_required
@require_POST
def problem_group(request: HttpRequest, pk: int, problem_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.FACILITATE)
    problem = _problem(workshop, problem_pk)
    form = GroupForm(request.POST, situations=workshop.situations.all())
    done = submit(
        request,
        form,
        lambda: group_situations(actor=request.user, problem=problem, situations=form.cleaned_data["situations"]),
        success=_("The situations are grouped."),
        then=_back(workshop, "#problems"),
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, group_form=form)


@login_required
@require_POST
def voting(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.FACILITATE)
    form = ChoiceActionForm(request.POST, actions=["open", "close"])
    if not form.is_valid():
        messages.error(request, _("Choose to open or to close the vote."))
        return redirect(_back(workshop, "#vote"))
    opening = form.cleaned_data["action"] == "open"
    return submit(
        request,
        None,
        lambda: (open_voting if opening else close_voting)(actor=request.user, workshop=workshop),
        success=_("The vote is open.") if opening else _("The vote is closed: the challenges are ranked."),
        then=_back(workshop, "#vote"),
    )


@login_required
@require_POST
def dot(request: HttpRequest, pk: int, problem_pk: int) -> HttpResponse:
    """Place one of one's votes on a problem, or take one back."""
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    problem = _problem(workshop, problem_pk)
    form = ChoiceActionForm(request.POST, actions=["place", "take_back"])
    if not form.is_valid():
        messages.error(request, _("Choose to place a vote or to take one back."))
        return redirect(_back(workshop, "#vote"))
    service = place_dot if form.cleaned_data["action"] == "place" else take_back_dot
    return submit(
        request,
        None,
        lambda: service(actor=request.user, problem=problem),
        success=lambda left: _("You have %(count)s votes left.") % {"count": left},
        then=_back(workshop, "#vote"),
    )

"""Socio-emotional learning goals and their progress."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access, extensions, selectors
from communities.access import Need
from communities.charts import goal_chart
from communities.forms.goals import GoalForm, ProgressForm
from communities.services.goals import record_progress, set_goal
from communities.views.flow import submit


@login_required
@require_http_methods(["GET", "POST"])
def goal_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.LEAD if request.method == "POST" else Need.VIEW)
    form = GoalForm(request.POST or None, community=community)
    done = submit(
        request,
        form,
        lambda: set_goal(actor=request.user, community=community, **form.cleaned_data),
        success=_("Goal set. Members can now record its progress."),
        then=reverse("communities:goals", args=[community.pk]),
    )
    goals = [(goal, goal_chart(goal)) for goal in selectors.goals_page(community)]
    context = {"community": community, "goals": goals, "form": form}
    return done or render(request, "communities/goals/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def goal_detail(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.PARTICIPATE if request.method == "POST" else Need.VIEW)
    goal = selectors.goal_page(community, goal_pk)
    form = ProgressForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: record_progress(actor=request.user, goal=goal, **form.cleaned_data),
        success=_("Progress recorded."),
        then=reverse("communities:goal", args=[community.pk, goal.pk]),
    )
    context = {
        "community": community,
        "goal": goal,
        "chart": goal_chart(goal),
        "form": form,
        "panels": extensions.render_panels(request, "goal", goal),
    }
    return done or render(request, "communities/goals/detail.html", context)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import selectors
from communities.access import Need, get_community_for
from communities.charts import goal_chart
from communities.forms import GoalForm, ProgressForm, add_service_errors
from communities.services.goals import record_progress, set_goal


@login_required
@require_http_methods(["GET", "POST"])
def goal_list(request: HttpRequest, pk: int) -> HttpResponse:
    need = Need.SCHEDULE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    form = GoalForm(request.POST or None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            set_goal(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Goal set. Members can now record its progress."))
            return redirect("communities:goals", pk=community.pk)
    goals = [(goal, goal_chart(goal)) for goal in selectors.goals_page(community)]
    return render(request, "communities/goals/list.html", {"community": community, "goals": goals, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def goal_detail(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    need = Need.PARTICIPATE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    goal = next((g for g in selectors.goals_page(community) if g.pk == goal_pk), None)
    if goal is None:
        raise Http404
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_progress(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("communities:goal", pk=community.pk, goal_pk=goal.pk)
    return render(
        request,
        "communities/goals/detail.html",
        {"community": community, "goal": goal, "chart": goal_chart(goal), "form": form},
    )

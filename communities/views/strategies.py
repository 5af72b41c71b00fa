"""The Construye T strategies and what this CAS made of them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities import access, selectors
from communities.access import Need
from communities.forms.strategies import StrategyAnalysisForm
from communities.services.strategies import analyse_strategy, use_analysis_as_evidence
from communities.views.flow import submit


@login_required
@require_http_methods(["GET", "POST"])
def strategies(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.PARTICIPATE if request.method == "POST" else Need.VIEW)
    form = StrategyAnalysisForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: analyse_strategy(actor=request.user, community=community, **form.cleaned_data),
        success=_("Analysis saved."),
        then=reverse("communities:strategies", args=[community.pk]),
    )
    context = {"community": community, "form": form, **selectors.strategies_page(community)}
    return done or render(request, "communities/strategies/list.html", context)


@login_required
@require_POST
def analysis_as_evidence(request: HttpRequest, pk: int, analysis_pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.MANAGE)
    analysis = get_object_or_404(community.strategy_analyses.select_related("strategy", "author"), pk=analysis_pk)
    return submit(
        request,
        None,
        lambda: use_analysis_as_evidence(actor=request.user, analysis=analysis),
        success=_("The analysis is now the evidence of the milestone."),
        then=reverse("communities:strategies", args=[community.pk]),
    )

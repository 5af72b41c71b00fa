from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from communities.access import Need, get_community_for
from communities.forms import StrategyAnalysisForm, add_service_errors
from communities.models import Strategy
from communities.services.strategies import analyse_strategy, use_analysis_as_evidence


@login_required
@require_http_methods(["GET", "POST"])
def strategies(request: HttpRequest, pk: int) -> HttpResponse:
    """The Construye T strategies and what this CAS made of them."""
    need = Need.PARTICIPATE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    form = StrategyAnalysisForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            analyse_strategy(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Analysis saved."))
            return redirect("communities:strategies", pk=community.pk)
    analyses = community.strategy_analyses.select_related("strategy__skill", "author")
    catalogue = Strategy.objects.filter(is_active=True).select_related("skill__dimension")
    milestone = community.milestones.filter(kind="strategies").first()
    return render(
        request,
        "communities/strategies.html",
        {"community": community, "form": form, "analyses": analyses, "catalogue": catalogue, "milestone": milestone},
    )


@login_required
@require_POST
def analysis_as_evidence(request: HttpRequest, pk: int, analysis_pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.MANAGE)
    analysis = community.strategy_analyses.select_related("strategy", "author").filter(pk=analysis_pk).first()
    if analysis is None:
        raise Http404
    try:
        use_analysis_as_evidence(actor=request.user, analysis=analysis)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The analysis is now the evidence of the milestone."))
    return redirect("communities:strategies", pk=community.pk)

"""A campaign's results: per dimension a chart and the same figures as a table,
the comparison of a seguimiento with a línea base of the school, the response
rate per audience, and the exports. Whoever sees the school's diagnostic
(`Need.SEE_DIAGNOSTIC`) sees its results; the raw answers go to platform
admins only. The number of queries does not grow with the answers."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from communities import access
from communities.access import Need
from diagnostics.cas import active_community
from diagnostics.charts import dimension_chart
from diagnostics.exports import raw_answers_csv, scores_csv, scores_xlsx
from diagnostics.models import Campaign
from diagnostics.scoring import SUPPRESSED, baselines_for, campaign_scores, compare
from diagnostics.views.school import campaign_for


def _chosen_baseline(request: HttpRequest, candidates: list[Campaign]) -> Campaign | None:
    wanted = request.GET.get("base", "")
    for candidate in candidates:
        if str(candidate.pk) == wanted:
            return candidate
    return candidates[0] if candidates else None


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk, Need.SEE_DIAGNOSTIC)
    audiences = list(campaign.audiences.with_counts())
    dimensions = list(campaign.version.dimensions.order_by("position", "pk"))
    scores = campaign_scores(campaign, dimensions, [row.audience for row in audiences])
    candidates = baselines_for(campaign)
    baseline = _chosen_baseline(request, candidates)
    comparison = None
    if baseline is not None:
        baseline.school = campaign.school
        baseline.version = campaign.version
        comparison = compare(baseline, campaign, before=campaign_scores(baseline, dimensions), after=scores)
    context = {
        "campaign": campaign,
        "school": campaign.school,
        "audiences": audiences,
        "dimensions": [(d, dimension_chart(d, campaign.version)) for d in scores],
        "baselines": candidates,
        "baseline": baseline,
        "comparison": comparison,
        "suppressed": SUPPRESSED,
        "may_export_answers": access.platform_permissions(request.user).administer,
        "may_set_goals": _may_set_goals(request, campaign),
    }
    return render(request, "diagnostics/results.html", context)


def _may_set_goals(request: HttpRequest, campaign: Campaign) -> bool:
    """Goals start from a closed campaign, set by the leaders of the school's active CAS."""
    if campaign.is_open:
        return False
    community = active_community(campaign.school)
    return community is not None and access.allows(request.user, community, Need.LEAD)


def _download(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _scores_of(request: HttpRequest, pk: int) -> tuple[Campaign, list]:
    campaign = campaign_for(request.user, pk, Need.SEE_DIAGNOSTIC)
    return campaign, campaign_scores(campaign)


@login_required
@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, scores = _scores_of(request, pk)
    return _download(scores_csv(scores), "text/csv; charset=utf-8", f"resultados-{campaign.pk}.csv")


@login_required
@require_GET
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, scores = _scores_of(request, pk)
    return _download(
        scores_xlsx(campaign, scores),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"resultados-{campaign.pk}.xlsx",
    )


@login_required
@require_GET
def answers_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The raw answers, for platform admins only (403 for the school's staff)."""
    campaign = campaign_for(request.user, pk, Need.SEE_DIAGNOSTIC)
    access.require_platform_staff(request.user)
    return _download(raw_answers_csv(campaign), "text/csv; charset=utf-8", f"respuestas-{campaign.pk}.csv")

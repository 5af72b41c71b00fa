"""The diagnostic's pages for a school: its campaigns, opening one, a campaign
with its response rate per audience, and issuing access codes (answered with
the PDF of slips or the CSV list, in the same request)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities import access
from communities.access import Need
from communities.forms.fields import add_service_errors
from communities.views.flow import submit
from diagnostics.forms import CampaignForm, IssueCodesForm
from diagnostics.models import Campaign, CampaignAudience
from diagnostics.services import issue_codes, open_campaign
from diagnostics.slips import codes_csv, slips_pdf


def campaign_for(user, pk: int, need: Need) -> Campaign:
    """A campaign fetched through its school: 404 for people with no tie to the
    school, 403 for its staff who may not `need` it."""
    campaign = Campaign.objects.select_related("school", "version__instrument").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    campaign.school = access.get_school_for(user, campaign.school_id, Need.SEE_DIAGNOSTIC)
    if need is not Need.SEE_DIAGNOSTIC:
        access.require(user, campaign.school, need)
    return campaign


@login_required
@require_GET
def campaigns(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = access.get_school_for(request.user, school_pk, Need.SEE_DIAGNOSTIC)
    rows = (
        Campaign.objects.filter(school=school)
        .select_related("version__instrument")
        .prefetch_related(Prefetch("audiences", CampaignAudience.objects.with_counts()))
    )
    context = {
        "school": school,
        "campaigns": list(rows),
        "may_diagnose": access.allows(request.user, school, Need.DIAGNOSE),
    }
    return render(request, "diagnostics/campaigns.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = access.get_school_for(request.user, school_pk, Need.SEE_DIAGNOSTIC)
    access.require(request.user, school, Need.DIAGNOSE)
    form = CampaignForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda: open_campaign(actor=request.user, school=school, **form.service_arguments()),
        success=_("The campaign is open. Issue its access codes below."),
        then=lambda campaign: reverse("diagnostics:campaign", args=[campaign.pk]),
    )
    return done or render(request, "diagnostics/campaign_form.html", {"school": school, "form": form})


@login_required
@require_GET
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk, Need.SEE_DIAGNOSTIC)
    audiences = list(campaign.audiences.with_counts())
    may_diagnose = access.allows(request.user, campaign.school, Need.DIAGNOSE)
    context = {
        "campaign": campaign,
        "school": campaign.school,
        "audiences": audiences,
        "may_diagnose": may_diagnose,
        "form": IssueCodesForm(audiences=audiences) if may_diagnose and campaign.is_open else None,
    }
    return render(request, "diagnostics/campaign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a batch of codes and answer with them as a download: they are shown
    this once (only their hashes are kept)."""
    campaign = campaign_for(request.user, pk, Need.DIAGNOSE)
    audiences = list(campaign.audiences.all())
    form = IssueCodesForm(request.POST or None, audiences=audiences)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            codes = issue_codes(actor=request.user, campaign=campaign, audience=data["audience"], count=data["count"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _download(campaign, data["audience"], codes, data["format"])
    context = {"campaign": campaign, "school": campaign.school, "form": form}
    return render(request, "diagnostics/codes_form.html", context)


def _download(campaign: Campaign, audience: str, codes: list[str], kind: str) -> HttpResponse:
    name = f"codigos-{campaign.pk}-{audience}"
    if kind == "csv":
        response = HttpResponse(codes_csv(campaign=campaign, audience=audience, codes=codes), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            slips_pdf(campaign=campaign, audience=audience, codes=codes), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store"  # the codes exist nowhere else
    return response

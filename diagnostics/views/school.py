"""The diagnostic's pages for a school: its campaigns, opening one, a campaign
with its response rate per audience, issuing access codes (answered with the
PDF of slips or the CSV list, in the same request), naming who types in its
paper sheets, and closing it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access
from communities.access import Need
from communities.forms.fields import add_service_errors
from communities.views.flow import submit
from diagnostics.forms import CampaignForm, IssueCodesForm, PaperCapturerForm
from diagnostics.models import Campaign, CampaignAudience
from diagnostics.services import (
    close_campaign,
    issue_codes,
    name_paper_capturer,
    open_campaign,
    remove_paper_capturer,
)
from diagnostics.slips import codes_csv, slips_pdf


def campaign_for(user, pk: int, need: Need) -> Campaign:
    """A campaign fetched through its school: 404 for people with no tie to the
    school, 403 for its staff who may not `need` it."""
    campaign = Campaign.objects.select_related("school", "version__instrument").filter(pk=pk).first()
    if campaign is None:
        raise Http404
    campaign.school = access.get_school_for(user, campaign.school_id, Need.SEE_DIAGNOSTIC)
    if need is not Need.SEE_DIAGNOSTIC:
        access.require(user, campaign, need)
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
    return render(request, "diagnostics/campaign.html", _campaign_context(request, campaign))


def _campaign_context(request: HttpRequest, campaign: Campaign, capturer_form: PaperCapturerForm | None = None) -> dict:
    """The campaign page. Its forms are shown to those who run an open campaign
    (the template reads `campaign.permissions`)."""
    audiences = list(campaign.audiences.with_counts())
    campaign.permissions = access.permissions_for(request.user, campaign)
    return {
        "campaign": campaign,
        "school": campaign.school,
        "audiences": audiences,
        "capturers": list(campaign.paper_capturers.select_related("person")),
        "form": IssueCodesForm(audiences=audiences),
        "capturer_form": capturer_form or PaperCapturerForm(people=_people_to_name(campaign)),
    }


def _people_to_name(campaign: Campaign):
    return access.staff_outside_the_lead(campaign.school).exclude(pk__in=campaign.named_staff_ids())


@login_required
@require_POST
def capturer_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk, Need.DIAGNOSE)
    form = PaperCapturerForm(request.POST, people=_people_to_name(campaign))
    done = submit(
        request,
        form,
        lambda: name_paper_capturer(actor=request.user, campaign=campaign, person=form.cleaned_data["person"]),
        success=lambda named: _("%(name)s can now type in the paper sheets.") % {"name": named.person.full_name},
        then=reverse("diagnostics:campaign", args=[campaign.pk]) + "#paper",
    )
    if done:
        return done
    return render(request, "diagnostics/campaign.html", _campaign_context(request, campaign, form), status=400)


@login_required
@require_POST
def capturer_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    campaign = campaign_for(request.user, pk, Need.DIAGNOSE)
    named = get_object_or_404(campaign.paper_capturers.select_related("person"), person_id=person_pk)
    done = submit(
        request,
        None,
        lambda: remove_paper_capturer(actor=request.user, campaign=campaign, person=named.person),
        success=_("%(name)s no longer types in the paper sheets.") % {"name": named.person.full_name},
        then=reverse("diagnostics:campaign", args=[campaign.pk]) + "#paper",
    )
    return done


@login_required
@require_http_methods(["GET", "POST"])
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that says what closing changes, and the button that closes."""
    campaign = campaign_for(request.user, pk, Need.DIAGNOSE)
    if not campaign.is_open:
        return redirect("diagnostics:results", pk=campaign.pk)
    done = submit(
        request,
        None,
        lambda: close_campaign(actor=request.user, campaign=campaign),
        success=_("The campaign is closed: its results no longer change."),
        then=reverse("diagnostics:results", args=[campaign.pk]),
    )
    if done:
        return done
    context = {"campaign": campaign, "school": campaign.school, "audiences": list(campaign.audiences.with_counts())}
    return render(request, "diagnostics/campaign_close.html", context)


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

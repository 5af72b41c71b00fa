"""The paper questionnaire: its PDF per audience (for the school's staff to
print and hand out) and the capture screen where the director, the tutor or
someone of the staff they named types the sheets in, one digit per question,
by keyboard alone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from communities.access import Need
from diagnostics.forms import MAX_SHEET_INPUT, PaperSheetForm
from diagnostics.models import Campaign, CampaignAudience, Response
from diagnostics.questionnaire import questionnaire_pdf as render_pdf
from diagnostics.services import capture_paper_sheet, questionnaire
from diagnostics.views.school import campaign_for


def _audience_of(campaign: Campaign, audience: str) -> CampaignAudience:
    row = campaign.audiences.filter(audience=audience).first()
    if row is None:
        raise Http404
    return row


@login_required
@require_GET
def questionnaire_pdf(request: HttpRequest, pk: int, audience: str) -> HttpResponse:
    campaign = campaign_for(request.user, pk, Need.SEE_DIAGNOSTIC)
    row = _audience_of(campaign, audience)
    sections = questionnaire(version_id=campaign.version_id, audience=audience)
    pdf = render_pdf(campaign=campaign, audience=row.audience, sections=sections)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="cuestionario-{campaign.pk}-{row.audience}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest, pk: int, audience: str) -> HttpResponse:
    """One sheet per POST: saved, the page comes back empty for the next one;
    refused, the page says which questions to check and the sheet is set aside."""
    campaign = campaign_for(request.user, pk, Need.CAPTURE)
    row = _audience_of(campaign, audience)
    form = PaperSheetForm(request.POST or None)
    refused: dict | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                capture_paper_sheet(
                    actor=request.user, campaign=campaign, audience=row.audience, marks=form.cleaned_data["marks"]
                )
            except ValidationError as error:
                refused = {"errors": error.messages}
            else:
                messages.success(request, _("Sheet saved. Type in the next one."))
                return redirect("diagnostics:paper_capture", pk=campaign.pk, audience=row.audience)
        else:
            refused = {"errors": [e for errors in form.errors.values() for e in errors]}
        typed = request.POST.get("marks", "")[:MAX_SHEET_INPUT]
        refused["typed"] = "".join(ch for ch in typed if ch.isprintable())
        form = PaperSheetForm()  # empty, for the next sheet
    context = {
        "campaign": campaign,
        "school": campaign.school,
        "audience": row,
        "sections": questionnaire(version_id=campaign.version_id, audience=row.audience),
        "captured": campaign.responses.filter(audience=row.audience, channel=Response.Channel.PAPER).count(),
        "refusal": campaign.paper_refusal(),
        "form": form,
        "refused": refused,
    }
    return render(request, "diagnostics/paper/capture.html", context, status=400 if refused else 200)

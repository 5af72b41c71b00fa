"""The Difusión summary: the page the school's staff read, the director's
form, publishing it, and its printable poster."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access
from communities.access import Need
from communities.documents.summary_poster import summary_poster_pdf
from communities.forms.diffusion import SummaryForm
from communities.services.diffusion import publish_summary, save_summary, summary_content
from communities.views.flow import submit


def _summary_url(pk: int) -> str:
    return reverse("communities:summary", args=[pk])


@login_required
@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    summary = access.get_summary_for(request.user, pk)
    context = {"community": summary.community, "summary": summary, "content": summary_content(summary)}
    return render(request, "communities/diffusion/summary.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    summary = access.get_summary_for(request.user, pk, Need.MANAGE)
    community = summary.community
    form = SummaryForm(request.POST or None, summary=summary)
    done = submit(
        request,
        form,
        lambda: save_summary(actor=request.user, community=community, **form.cleaned_data),
        success=lambda saved: (
            _("Summary corrected: the school reads the new text now.")
            if saved.is_published
            else _("Summary saved. Only the CAS reads it until you publish it.")
        ),
        then=_summary_url(community.pk),
    )
    context = {"community": community, "summary": summary, "form": form}
    return done or render(request, "communities/diffusion/edit.html", context)


@login_required
@require_POST
def summary_publish(request: HttpRequest, pk: int) -> HttpResponse:
    summary = access.get_summary_for(request.user, pk, Need.MANAGE)
    return submit(
        request,
        None,
        lambda: publish_summary(actor=request.user, community=summary.community),
        success=_("Summary published: the school's staff can read it and have been told."),
        then=_summary_url(summary.community.pk),
    )


@login_required
@require_GET
def summary_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """One letter page, drawn in milliseconds: served at once, like the
    workshop's poster, not built in the background."""
    summary = access.get_summary_for(request.user, pk)
    community = summary.community
    response = HttpResponse(summary_poster_pdf(content=summary_content(summary)), content_type="application/pdf")
    # The CCT and the school year are validated to letters, digits and a dash.
    name = f"difusion-{community.school.cct}-{community.school_year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response

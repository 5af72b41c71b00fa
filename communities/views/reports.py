"""A report built in the background: asking for the core's own (the community
progress report, the school report), the part of a page that follows its
state (htmx asks for it every two seconds until it is finished; without
JavaScript a link reloads the page), and its file once ready."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseStopPolling

from communities import access, documents
from communities.services import reports
from communities.views.flow import submit


@login_required
@require_GET
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    response = render(request, "communities/reports/_status.html", {"report": report})
    if request.htmx and report.is_finished:
        return HttpResponseStopPolling(response.content)
    return response


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request.user, pk)
    if not report.is_ready:
        raise Http404
    response = FileResponse(report.file.open("rb"), content_type=report.content_type, filename=report.filename)
    return response


@login_required
@require_POST
def progress_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare the community progress report (PDF) with today's data."""
    community = access.get_community_for(request.user, pk, access.report_need(documents.COMMUNITY_PROGRESS))
    return submit(
        request,
        None,
        lambda: reports.request_report(
            actor=request.user,
            kind=documents.COMMUNITY_PROGRESS,
            subject=documents.community_subject(community),
            community=community,
        ),
        success=_("The progress report is being prepared: it will be ready in a moment."),
        then=reverse("communities:detail", args=[community.pk]) + "#reports",
    )


@login_required
@require_POST
def school_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Prepare the school report (PDF); back to the CAS page it was asked from."""
    community = access.get_community_for(request.user, pk)
    school = access.get_school_for(request.user, community.school_id, access.report_need(documents.SCHOOL_REPORT))
    return submit(
        request,
        None,
        lambda: reports.request_report(
            actor=request.user, kind=documents.SCHOOL_REPORT, subject=documents.school_subject(school), school=school
        ),
        success=_("The school report is being prepared: it will be ready in a moment."),
        then=reverse("communities:detail", args=[community.pk]) + "#reports",
    )

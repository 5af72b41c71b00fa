"""A report built in the background: the part of a page that follows its state
(htmx asks for it every two seconds until it is finished; without JavaScript
a link reloads the page), and its file once ready."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseStopPolling

from communities import access


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
    response["Cache-Control"] = "private, no-store"
    return response

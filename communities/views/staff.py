"""The platform administrator's pages: the admin home, the lists behind its
figures, and the state and national figures with their CSV and XLSX."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from communities import access, extensions, figures_charts, figures_export, overview
from communities.figures import SUPPRESSED
from communities.figures import figures as state_figures
from communities.forms.platform import (
    CommunityFilterForm,
    FiguresExportForm,
    FiguresFilterForm,
    SchoolFilterForm,
    SchoolSearchForm,
)
from communities.services import reports
from communities.views.flow import filtered_page, submit
from communities.views.security import verified_factor_required

PAGE_SIZE = 30


@login_required
@verified_factor_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Communities per state and phase, the schools without a CAS, the latest
    activity, and a search by CCT or school name."""
    access.require_platform_staff(request.user)
    context = {
        **overview.at_a_glance(),
        "search": SchoolSearchForm(),
        "activity": overview.latest_activity(),
    }
    return render(request, "communities/staff/home.html", context)


@login_required
@verified_factor_required
@require_GET
def schools(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    form = SchoolFilterForm(request.GET or None)
    page, query = filtered_page(request, form, overview.schools, per_page=PAGE_SIZE)
    return render(request, "communities/staff/schools.html", {"form": form, "page": page, "query": query})


@login_required
@verified_factor_required
@require_GET
def communities(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    form = CommunityFilterForm(request.GET or None)
    page, query = filtered_page(request, form, overview.communities, per_page=PAGE_SIZE)
    return render(request, "communities/staff/communities.html", {"form": form, "page": page, "query": query})


@login_required
@verified_factor_required
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Communities per state and phase, participation and what the satellites
    add (the diagnostic's averages), for the country or one state, as charts
    and tables; and the same as CSV or XLSX, prepared in the background."""
    access.require_platform_staff(request.user)
    form = FiguresFilterForm(request.GET or None)
    context = {"form": form}
    if not form.is_bound or form.is_valid():  # an unknown state: its message, and no figures
        state = form.cleaned_data["state"] if form.is_bound else ""
        data = state_figures(state)
        sections = extensions.sections_for("figures", state)
        context |= {
            "figures": data,
            "state": state,
            "phases_chart": figures_charts.phases_chart(data),
            "participation_charts": figures_charts.participation_charts(data),
            "sections": [(section, figures_charts.bar_chart(section.bars)) for section in sections],
            "downloads": figures_export.latest_reports(state),
            "suppressed": SUPPRESSED,
        }
    return render(request, "communities/staff/figures.html", context)


@login_required
@verified_factor_required
@require_POST
def figures_file(request: HttpRequest) -> HttpResponse:
    """Queue the figures as CSV or XLSX (the one being built, if asked again)."""
    access.require_platform_staff(request.user)
    form = FiguresExportForm(request.POST)
    page = reverse("communities:staff_figures")
    if not form.is_valid():
        messages.error(request, _("Choose CSV or XLSX and a state from the list: nothing was prepared."))
        return redirect(page)
    state = form.cleaned_data["state"]
    return submit(
        request,
        None,
        lambda: reports.request_report(
            actor=request.user,
            kind=figures_export.FORMATS[form.cleaned_data["format"]],
            subject=figures_export.subject(state),
        ),
        success=_("The file is being prepared: it will be ready in a moment."),
        then=page + (f"?{urlencode({'state': state})}" if state else "") + "#downloads",
    )

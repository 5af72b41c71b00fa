"""The platform administrator's pages: the admin home and the lists behind its
figures."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from communities import access, overview
from communities.forms.platform import CommunityFilterForm, SchoolFilterForm, SchoolSearchForm
from communities.views.flow import filtered_page

PAGE_SIZE = 30


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Communities per state and phase, the schools without a CAS, the latest
    activity, and a search by CCT or school name."""
    access.require_platform_staff(request.user)
    context = {
        "figures": overview.figures(),
        "search": SchoolSearchForm(),
        "without_cas": overview.schools_without_cas(),
        "activity": overview.latest_activity(),
    }
    return render(request, "communities/staff/home.html", context)


@login_required
@require_GET
def schools(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    form = SchoolFilterForm(request.GET or None)
    page, query = filtered_page(request, form, overview.schools, per_page=PAGE_SIZE)
    return render(request, "communities/staff/schools.html", {"form": form, "page": page, "query": query})


@login_required
@require_GET
def communities(request: HttpRequest) -> HttpResponse:
    access.require_platform_staff(request.user)
    form = CommunityFilterForm(request.GET or None)
    page, query = filtered_page(request, form, overview.communities, per_page=PAGE_SIZE)
    return render(request, "communities/staff/communities.html", {"form": form, "page": page, "query": query})

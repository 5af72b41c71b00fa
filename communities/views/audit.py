"""The audit trail in words: all of it for platform administrators, a school's
for its director, and each person's own (what was done to their account)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from communities import access
from communities.access import Need
from communities.forms.audit import PlatformTrailFilterForm, SchoolTrailFilterForm
from communities.views.flow import filtered_page
from communities.views.security import verified_factor_required

PAGE_SIZE = 50


def _trail_page(request: HttpRequest, template: str, form, rows, context: dict) -> HttpResponse:
    """The page of the trail the filters select; a filter that cannot be read
    answers 400 with its message next to the field and no rows."""
    page, query = filtered_page(
        request, form, lambda filters: rows.matching(**_given(filters)).for_reading(), per_page=PAGE_SIZE
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context | {"form": form, "page": page, "query": query}, status=status)


def _given(filters: dict) -> dict:
    return {name: value for name, value in filters.items() if value not in (None, "")}


@login_required
@verified_factor_required
@require_GET
def platform_trail(request: HttpRequest) -> HttpResponse:
    """Everything, filtered by who acted, the person concerned, school, CAS,
    what and days."""
    rows = access.platform_trail(request.user)
    form = PlatformTrailFilterForm(request.GET or None)
    return _trail_page(request, "communities/audit/platform.html", form, rows, {})


@login_required
@require_GET
def school_trail(request: HttpRequest, school_pk: int) -> HttpResponse:
    """What happened at the school and in its CAS, for its director."""
    school = access.get_school_for(request.user, school_pk, Need.AUDIT)
    form = SchoolTrailFilterForm(request.GET or None, school=school)
    return _trail_page(request, "communities/audit/school.html", form, access.school_trail(school), {"school": school})


@login_required
@require_GET
def account_activity(request: HttpRequest) -> HttpResponse:
    """What was done to the person's own account, memberships and roles, and by whom."""
    rows = access.account_trail(request.user).for_reading()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registration/account_activity.html", {"page": page})

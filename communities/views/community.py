"""Forming a CAS, its page, and the director's conditions."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import access, extensions, selectors
from communities.access import Need
from communities.forms.community import CommunityForm, ConditionForm
from communities.models import ConditionKind
from communities.models.community import current_school_year
from communities.services.communities import create_community
from communities.services.conditions import update_conditions
from communities.views.flow import submit


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = access.get_school_for_director(request.user, school_pk)
    form = CommunityForm(
        request.POST or None, school=school, actor=request.user, initial={"school_year": current_school_year()}
    )
    done = submit(
        request,
        form,
        lambda: create_community(actor=request.user, school=school, **form.cleaned_data),
        success=_("The CAS was formed. Now invite the teachers."),
        then=lambda community: reverse("communities:invitations", args=[community.pk]),
    )
    return done or render(request, "communities/community/form.html", {"form": form, "school": school})


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.VIEW)
    context = {
        "community": community,
        **selectors.community_page(community, request.user),
        "panels": extensions.render_panels(request, "community", community),
        **selectors.community_reports(community, request.user),
    }
    return render(request, "communities/community/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_conditions(request: HttpRequest, pk: int) -> HttpResponse:
    community = access.get_community_for(request.user, pk, Need.MANAGE if request.method == "POST" else Need.VIEW)
    checks = {check.kind: check for check in community.conditions.select_related("updated_by")}
    data = request.POST if request.method == "POST" else None
    rows = []
    for kind in ConditionKind:
        check = checks[kind]
        initial = {"is_met": check.is_met, "note": check.note}
        rows.append((check, ConditionForm(data, prefix=kind.value, initial=initial)))
    if data is not None and all(form.is_valid() for _check, form in rows):
        values = {check.kind: (form.cleaned_data["is_met"], form.cleaned_data["note"]) for check, form in rows}
        return submit(
            request,
            None,
            lambda: update_conditions(actor=request.user, community=community, values=values),
            success=lambda changed: _("Conditions saved (%(count)s changed).") % {"count": changed},
            then=reverse("communities:conditions", args=[community.pk]),
        )
    return render(request, "communities/community/conditions.html", {"community": community, "rows": rows})

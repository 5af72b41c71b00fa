from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities import selectors
from communities.access import Need, get_community_for, get_school_for_director
from communities.forms import CommunityForm, ConditionForm, add_service_errors
from communities.models import ConditionKind
from communities.models.community import current_school_year
from communities.services.communities import create_community
from communities.services.conditions import update_conditions
from communities.services.membership import leave_community


@login_required
@require_http_methods(["GET", "POST"])
def community_create(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = get_school_for_director(request.user, school_pk)
    form = CommunityForm(
        request.POST or None, school=school, actor=request.user, initial={"school_year": current_school_year()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            community = create_community(actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The CAS was formed. Now invite the teachers."))
            return redirect("communities:invitations", pk=community.pk)
    return render(request, "communities/community_form.html", {"form": form, "school": school})


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    return render(
        request, "communities/community_detail.html", {"community": community, **selectors.community_page(community)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def community_leave(request: HttpRequest, pk: int) -> HttpResponse:
    community = get_community_for(request.user, pk, Need.VIEW)
    if not community.permissions.leave:
        raise PermissionDenied(_("Only the CAS's teachers can leave it."))
    if request.method == "POST":
        try:
            leave_community(actor=request.user, community=community)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You left the CAS. Thank you for taking part."))
        return redirect("communities:home")
    return render(request, "communities/community_leave.html", {"community": community})


@login_required
@require_http_methods(["GET", "POST"])
def community_conditions(request: HttpRequest, pk: int) -> HttpResponse:
    need = Need.MANAGE if request.method == "POST" else Need.VIEW
    community = get_community_for(request.user, pk, need)
    checks = {check.kind: check for check in community.conditions.select_related("updated_by")}
    can_edit = community.permissions.manage
    rows = []
    for kind in ConditionKind:
        check = checks[kind]
        form = ConditionForm(
            request.POST if request.method == "POST" else None,
            prefix=kind.value,
            initial={"is_met": check.is_met, "note": check.note},
        )
        rows.append((check, form))
    if request.method == "POST" and all(form.is_valid() for _check, form in rows):
        values = {check.kind: (form.cleaned_data["is_met"], form.cleaned_data["note"]) for check, form in rows}
        changed = update_conditions(actor=request.user, community=community, values=values)
        messages.success(request, _("Conditions saved (%(count)s changed).") % {"count": changed})
        return redirect("communities:conditions", pk=community.pk)
    return render(request, "communities/conditions.html", {"community": community, "rows": rows, "can_edit": can_edit})

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from communities import selectors
from communities.forms import TutorFilterForm
from communities.models import StaffMembership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page for everyone, with a section for each role the person holds:
    what waits for a teacher, a director's CAS, a tutor's communities."""
    user = request.user
    schools = selectors.schools_with_roles_for(user)
    held = {code for entry in schools for code in entry.role_codes}
    context = {
        "schools": schools,
        "teacher": selectors.teacher_dashboard(user, teaches=StaffMembership.Role.TEACHER in held),
    }
    if StaffMembership.Role.DIRECTOR in held:
        context["director"] = selectors.director_dashboard(user)
    if StaffMembership.Role.TUTOR in held:
        form = TutorFilterForm(request.GET or None, tutor=user)
        filters = form.cleaned_data if form.is_valid() else {}
        context["tutor_filter"] = form
        context["tutored"] = selectors.tutor_dashboard(
            user, school=filters.get("school"), phase=filters.get("phase", "")
        )
    return render(request, "communities/home.html", context)

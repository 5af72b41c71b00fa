"""The home page: a section for each role the person holds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from communities import access, extensions, selectors
from communities.forms.home import TutorFilterForm
from communities.services import security


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What waits for a teacher, a director's CAS, a tutor's communities."""
    user = request.user
    schools = selectors.schools_with_roles_for(user)
    school_roles = {code for entry in schools for code in entry.role_codes}
    if access.starts_on_platform_overview(user, school_roles):
        return redirect("communities:staff_overview")
    sections = access.home_sections(school_roles)
    teacher = selectors.teacher_dashboard(user, teaches=sections.teacher)
    context = {"schools": schools, "teacher": teacher}
    # A card that goes away once the factor is set up.
    context["suggest_second_factor"] = access.recommends_second_factor(sections) and not security.has_factor(user)
    if teacher["prompt"] is not None:
        context["prompt_panels"] = extensions.render_panels(request, "prompt", teacher["prompt"])
    if sections.director:
        context["director"] = selectors.director_dashboard(user)
    if sections.tutor:
        form = TutorFilterForm(request.GET or None, tutor=user)
        filters = form.cleaned_data if form.is_valid() else {}
        context["tutor_filter"] = form
        context["tutored"] = selectors.tutor_dashboard(
            user, school=filters.get("school"), phase=filters.get("phase", "")
        )
    return render(request, "communities/home/home.html", context)

"""The home page: a section for each role the person holds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from communities import access, extensions, page_cache, selectors
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
    context = {"schools": schools, **selectors.home_dashboards(user, schools, sections)}
    # A card that goes away once the factor is set up (an event about the person).
    context["suggest_second_factor"] = access.recommends_second_factor(sections) and not page_cache.fetch(
        "factor", person_id=user.pk, build=lambda: security.has_factor(user)
    )
    if context["teacher"]["prompt"] is not None:
        context["prompt_panels"] = extensions.render_panels(request, "prompt", context["teacher"]["prompt"])
    if sections.tutor:
        form = TutorFilterForm(request.GET or None, tutor=user)
        filters = form.cleaned_data if form.is_valid() else {}
        school_ids = [entry.school.pk for entry in schools]
        context["tutor_filter"] = form
        context["tutor_schools"] = selectors.tutor_school_options(user, school_ids=school_ids)
        context["tutored"] = selectors.tutor_dashboard(
            user, school_ids=school_ids, school=filters.get("school"), phase=filters.get("phase", "")
        )
    return render(request, "communities/home/home.html", context)

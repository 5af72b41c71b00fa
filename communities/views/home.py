"""The home page: a section for each role the person holds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation

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
        context["tutored_list"] = _tutored_list(user, school_ids, filters.get("school"), filters.get("phase", ""))
    return render(request, "communities/home/home.html", context)


def _tutored_list(user, school_ids: list[int], school, phase: str) -> str:
    """The tutor's communities as HTML, kept until something at their schools
    changes: fifty rows of badges and progress cost more to render than all
    the rest of the page. Nothing in it depends on the request but the
    language, and it holds no form."""
    return page_cache.fetch(
        "tutor-list",
        person_id=user.pk,
        school_ids=school_ids,
        vary=(school.pk if school else None, phase, translation.get_language()),
        build=lambda: render_to_string(
            "communities/home/_tutored.html",
            {"tutored": selectors.tutor_dashboard(user, school_ids=school_ids, school=school, phase=phase)},
        ),
    )

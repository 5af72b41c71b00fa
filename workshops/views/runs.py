"""The school's workshops, setting one up and changing it, its page (spaces,
sessions and their roles, products, continuity agreements), opening and
concluding a space, a space's page and synthesis, and the sala: the current
space on a projector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access
from communities.access import Need
from communities.services import reports
from communities.views.flow import submit
from workshops import selectors
from workshops.cas import CARPETA, carpeta_subject
from workshops.forms import SessionRolesForm, StateForm, SynthesisForm, WorkshopForm
from workshops.models import Workshop
from workshops.services.proposals import school_cas
from workshops.services.runs import (
    assign_session_roles,
    change_workshop,
    conclude_space,
    open_space,
    save_synthesis,
    set_up_workshop,
)
from workshops.views import run_for, workshop_for
from workshops.views.evidence import evidence_form
from workshops.views.shared import save_shared_text
from workshops.views.spaces import SPACE_PAGES, space_page


@login_required
@require_GET
def school(request: HttpRequest, school_pk: int) -> HttpResponse:
    """The school's workshops, with the state of each space."""
    school = access.get_school_for(request.user, school_pk, Need.VIEW)
    workshops = list(
        Workshop.objects.filter(school=school).select_related("template").prefetch_related("spaces__space")
    )
    context = {"school": school, "workshops": workshops, "may_set_up": access.allows(request.user, school, Need.MANAGE)}
    return render(request, "workshops/school.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest, school_pk: int) -> HttpResponse:
    school = access.get_school_for(request.user, school_pk, Need.VIEW)
    access.require(request.user, school, Need.MANAGE)
    form = WorkshopForm(request.POST or None, people=list(access.participants_of(school)))
    done = submit(
        request,
        form,
        lambda: set_up_workshop(actor=request.user, school=school, **form.cleaned_data),
        success=_("The workshop is set up. Its facilitator opens each space when the group gets to it."),
        then=lambda workshop: reverse("workshops:detail", args=[workshop.pk]),
    )
    return done or render(request, "workshops/form.html", {"school": school, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.MANAGE)
    initial = {
        "directors_day": workshop.directors_day,
        "starts_on": workshop.starts_on,
        "ends_on": workshop.ends_on,
        "votes_per_participant": workshop.votes_per_participant,
        "facilitator": workshop.facilitator_id,
    }
    people = list(access.participants_of(workshop.school))
    form = WorkshopForm(request.POST or None, people=people, with_template=False, initial=initial)
    done = submit(
        request,
        form,
        lambda: change_workshop(actor=request.user, workshop=workshop, **form.cleaned_data),
        success=_("Saved."),
        then=reverse("workshops:detail", args=[workshop.pk]),
    )
    context = {"school": workshop.school, "form": form, "workshop": workshop}
    return done or render(request, "workshops/form.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    people = list(access.participants_of(workshop.school))
    sessions = list(workshop.sessions.prefetch_related("roles__person"))
    for session in sessions:
        initial = {f"role_{role.kind}": role.person_id for role in session.roles.all()}
        session.form = SessionRolesForm(people=people, initial=initial, prefix=f"s{session.pk}")
    context = {
        "workshop": workshop,
        "school": workshop.school,
        "runs": selectors.space_runs(workshop),
        "sessions": sessions,
        "participants": len(people),
        "agreements": access.attach_assignment_permissions(
            request.user, workshop, selectors.continuity_agreements(workshop)
        ),
        "evidence_form": evidence_form(request, workshop),
        "cas": _school_cas_with_permissions(request, workshop),
        "carpeta": reports.latest(CARPETA, carpeta_subject(workshop)),
    }
    return render(request, "workshops/detail.html", context)


def _school_cas_with_permissions(request: HttpRequest, workshop: Workshop):
    community = school_cas(workshop)
    if community is not None:
        community.permissions = access.permissions_for(request.user, community)
    return community


@login_required
@require_POST
def session_roles(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.FACILITATE)
    session = workshop.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404
    session.workshop = workshop
    people = list(access.participants_of(workshop.school))
    form = SessionRolesForm(request.POST, people=people, prefix=f"s{session.pk}")
    back = reverse("workshops:detail", args=[workshop.pk]) + "#sessions"
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect(back)
    return submit(
        request,
        None,
        lambda: assign_session_roles(actor=request.user, session=session, people=form.people()),
        success=_("The session's roles are saved."),
        then=back,
    )


STATE_CHANGES = {
    "open": (open_space, _("The space is open: the participants can add their part.")),
    "conclude": (conclude_space, _("The space is concluded.")),
}


@login_required
@require_POST
def space_state(request: HttpRequest, pk: int, workspace: str) -> HttpResponse:
    """Open or conclude a space, from its page or from the sala (`next=sala`)."""
    workshop = workshop_for(request.user, pk, Need.FACILITATE)
    run = run_for(workshop, workspace)
    form = StateForm(request.POST)
    back = (
        reverse("workshops:sala", args=[workshop.pk])
        if request.POST.get("next") == "sala"
        else reverse("workshops:space", args=[workshop.pk, workspace])
    )
    if not form.is_valid():
        messages.error(request, _("Choose to open or to conclude the space."))
        return redirect(back)
    service, success = STATE_CHANGES[form.cleaned_data["action"]]
    return submit(request, None, lambda: service(actor=request.user, run=run), success=str(success), then=back)


@login_required
@require_GET
def space(request: HttpRequest, pk: int, workspace: str) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    return space_page(request, workshop, run_for(workshop, workspace))


@login_required
@require_POST
def synthesis(request: HttpRequest, pk: int, workspace: str) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    run = run_for(workshop, workspace)
    form = SynthesisForm(request.POST)
    return save_shared_text(
        request,
        form,
        lambda: save_synthesis(
            actor=request.user, run=run, text=form.cleaned_data["text"], based_on=form.cleaned_data["revision"]
        ),
        success=_("The synthesis is saved."),
        then=reverse("workshops:space", args=[workshop.pk, workspace]) + "#synthesis",
        page=lambda bound, conflict: space_page(
            request, workshop, run, status=400, conflict=conflict, synthesis_form=bound
        ),
    )


@login_required
@require_GET
def sala(request: HttpRequest, pk: int) -> HttpResponse:
    """The space in progress, large, for a projector. It refreshes itself: htmx
    asks for its content every 5 seconds; without JavaScript the page reloads."""
    workshop = workshop_for(request.user, pk)
    runs = selectors.space_runs(workshop)
    current = next((run for run in runs if run.is_in_progress), None)
    context = {"workshop": workshop, "school": workshop.school, "runs": runs, "current": current}
    if current is not None:
        context |= SPACE_PAGES[current.space.workspace](request, workshop, current, {})
    template = "workshops/_sala_content.html" if request.htmx else "workshops/sala.html"
    return render(request, template, context)


@login_required
@require_POST
def carpeta(request: HttpRequest, pk: int) -> HttpResponse:
    """Build the school's Carpeta para la reflexión again (in the background)."""
    workshop = workshop_for(request.user, pk)
    return submit(
        request,
        None,
        lambda: reports.request_report(
            actor=request.user, kind=CARPETA, subject=carpeta_subject(workshop), school=workshop.school
        ),
        success=_("The Carpeta is being prepared: it will be ready in a moment."),
        then=reverse("workshops:detail", args=[workshop.pk]) + "#carpeta",
    )

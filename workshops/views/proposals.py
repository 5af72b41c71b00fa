"""Construyendo en colectivo: proposals (started, written together, with
their actions and continuity agreements), taking the agreements to the CAS,
and a goal of the CAS from an agreement."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from communities import access
from communities.access import Need
from communities.forms.goals import GoalForm
from communities.views.flow import submit
from workshops import selectors
from workshops.forms import ActionForm, ContinuityForm, ContinuityStatusForm, ProposalForm, ProposalStartForm
from workshops.models import SHARED_FIELDS, ContinuityAgreement, WorkSpace
from workshops.services.proposals import (
    add_action,
    add_continuity_agreement,
    make_goal,
    remove_action,
    remove_continuity_agreement,
    save_proposal,
    school_cas,
    set_continuity_status,
    start_proposal,
    take_agreements_to_cas,
)
from workshops.views import run_for, workshop_for
from workshops.views.shared import save_shared_text
from workshops.views.spaces import space_page

SPACE = WorkSpace.CONSTRUYENDO_EN_COLECTIVO


def _proposal(workshop, proposal_pk: int):
    proposal = workshop.proposals.filter(pk=proposal_pk).first()
    if proposal is None:
        raise Http404
    proposal.workshop = workshop
    return proposal


def _agreement(workshop, agreement_pk: int) -> ContinuityAgreement:
    row = (
        ContinuityAgreement.objects.filter(proposal__workshop=workshop, pk=agreement_pk)
        .select_related("proposal", "owner")
        .first()
    )
    if row is None:
        raise Http404
    row.proposal.workshop = workshop
    return row


def _proposal_url(workshop, proposal, anchor: str = "") -> str:
    return reverse("workshops:proposal", args=[workshop.pk, proposal.pk]) + anchor


@login_required
@require_POST
def proposal_start(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    prioritised = workshop.problems.filter(rank__isnull=False, rank__lte=workshop.prioritised)
    form = ProposalStartForm(request.POST, problems=prioritised)
    done = submit(
        request,
        form,
        lambda: start_proposal(actor=request.user, workshop=workshop, **form.cleaned_data),
        success=_("The proposal is started: write it with your team."),
        then=lambda proposal: _proposal_url(workshop, proposal),
    )
    return done or space_page(request, workshop, run_for(workshop, SPACE), status=400, start_form=form)


def _proposal_page(request, workshop, proposal, *, form=None, conflict=None, status=200, **forms) -> HttpResponse:
    people = list(access.participants_of(workshop.school))
    full = next(p for p in selectors.proposals(workshop) if p.pk == proposal.pk)
    initial = {name: getattr(full, name) for name in SHARED_FIELDS} | {"revision": full.revision}
    context = {
        "workshop": workshop,
        "school": workshop.school,
        "run": run_for(workshop, SPACE),
        "proposal": full,
        "form": form or ProposalForm(initial=initial),
        "conflict": conflict,
        "action_form": forms.get("action_form") or ActionForm(people=people),
        "continuity_form": forms.get("continuity_form") or ContinuityForm(people=people),
    }
    return render(request, "workshops/proposal.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    row = _proposal(workshop, proposal_pk)
    if request.method == "GET":
        return _proposal_page(request, workshop, row)
    access.require(request.user, workshop, Need.PARTICIPATE)
    form = ProposalForm(request.POST)
    return save_shared_text(
        request,
        form,
        lambda: save_proposal(
            actor=request.user,
            proposal=row,
            based_on=form.cleaned_data["revision"],
            **{name: form.cleaned_data[name] for name in SHARED_FIELDS},
        ),
        success=_("The proposal is saved."),
        then=_proposal_url(workshop, row),
        page=lambda bound, conflict: _proposal_page(request, workshop, row, form=bound, conflict=conflict, status=400),
    )


@login_required
@require_POST
def action_add(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    row = _proposal(workshop, proposal_pk)
    form = ActionForm(request.POST, people=list(access.participants_of(workshop.school)))
    done = submit(
        request,
        form,
        lambda: add_action(actor=request.user, proposal=row, **form.cleaned_data),
        success=_("The action is added."),
        then=_proposal_url(workshop, row, "#actions"),
    )
    return done or _proposal_page(request, workshop, row, action_form=form, status=400)


@login_required
@require_POST
def action_remove(request: HttpRequest, pk: int, proposal_pk: int, action_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    row = _proposal(workshop, proposal_pk)
    action = row.actions.filter(pk=action_pk).first()
    if action is None:
        raise Http404
    action.proposal = row
    return submit(
        request,
        None,
        lambda: remove_action(actor=request.user, action=action),
        success=_("The action is removed."),
        then=_proposal_url(workshop, row, "#actions"),
    )


@login_required
@require_POST
def agreement_add(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    row = _proposal(workshop, proposal_pk)
    form = ContinuityForm(request.POST, people=list(access.participants_of(workshop.school)))
    done = submit(
        request,
        form,
        lambda: add_continuity_agreement(actor=request.user, proposal=row, **form.cleaned_data),
        success=_("The continuity agreement is added."),
        then=_proposal_url(workshop, row, "#agreements"),
    )
    return done or _proposal_page(request, workshop, row, continuity_form=form, status=400)


@login_required
@require_POST
def agreement_remove(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk, Need.PARTICIPATE)
    row = _agreement(workshop, agreement_pk)
    return submit(
        request,
        None,
        lambda: remove_continuity_agreement(actor=request.user, agreement=row),
        success=_("The continuity agreement is removed."),
        then=_proposal_url(workshop, row.proposal, "#agreements"),
    )


@login_required
@require_POST
def agreement_status(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    row = _agreement(workshop, agreement_pk)
    access.require(request.user, row, Need.UPDATE)
    form = ContinuityStatusForm(request.POST)
    back = reverse("workshops:detail", args=[workshop.pk]) + "#agreements"
    if not form.is_valid():
        messages.error(request, _("Choose pending, done or cancelled."))
        return redirect(back)
    return submit(
        request,
        None,
        lambda: set_continuity_status(actor=request.user, agreement=row, status=form.cleaned_data["status"]),
        success=_("Saved."),
        then=back,
    )


@login_required
@require_POST
def agreements_to_cas(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = workshop_for(request.user, pk)
    community = school_cas(workshop)
    if community is None:
        raise Http404
    access.require(request.user, community, Need.LEAD)

    def message(result) -> str:
        taken, left = result
        text = ngettext(
            "%(count)s agreement is now an agreement of the CAS, on its next session's agenda.",
            "%(count)s agreements are now agreements of the CAS, on its next session's agenda.",
            taken,
        ) % {"count": taken}
        if left:
            text += " " + _("Followed up here, as their owners are not in the CAS: %(names)s.") % {
                "names": ", ".join(sorted({row.owner.full_name for row in left}))
            }
        return text

    return submit(
        request,
        None,
        lambda: take_agreements_to_cas(actor=request.user, workshop=workshop),
        success=message,
        then=reverse("workshops:detail", args=[workshop.pk]) + "#agreements",
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_goal(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    """The core's goal form, filled in from a continuity agreement, for the
    director and the tutor of the school's CAS."""
    workshop = workshop_for(request.user, pk)
    row = _agreement(workshop, agreement_pk)
    community = school_cas(workshop)
    if community is None or row.goal_id:
        raise Http404
    access.require(request.user, community, Need.LEAD)
    initial = {
        "statement": row.text,
        "due_date": max(row.due_on, workshop.ends_on + timedelta(days=30)),
        "owner": row.owner_id if access.is_member(community, row.owner) else request.user.pk,
    }
    form = GoalForm(request.POST or None, community=community, initial=initial)
    done = submit(
        request,
        form,
        lambda: make_goal(actor=request.user, agreement=row, **form.cleaned_data),
        success=_("Goal set from the workshop's agreement. Members can now record its progress."),
        then=lambda goal: reverse("communities:goal", args=[community.pk, goal.pk]),
    )
    context = {"workshop": workshop, "school": workshop.school, "agreement": row, "form": form}
    return done or render(request, "workshops/goal_form.html", context, status=400 if form.errors else 200)

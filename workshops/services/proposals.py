"""Construyendo en colectivo: collaborative proposals written by several
participants (a save based on an older revision is an EditConflict), their
actions and continuity agreements, and taking those agreements to the
school's CAS (and, where chosen, making them goals) through core services."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import Community, Goal, User
from communities.services.goals import set_goal
from communities.services.meetings import take_agreement
from workshops.models import (
    SHARED_FIELDS,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    ExampleChallenge,
    ProposalAction,
    Workshop,
    WorkSpace,
)
from workshops.services.common import (
    VERB_ACTION_ADDED,
    VERB_ACTION_REMOVED,
    VERB_AGREEMENTS_TAKEN,
    VERB_CONTINUITY_ADDED,
    VERB_CONTINUITY_REMOVED,
    VERB_CONTINUITY_STATUS,
    VERB_PROPOSAL_SAVED,
    VERB_PROPOSAL_STARTED,
    check_revision,
    clean_text,
    open_space_of,
    record,
)

SPACE = WorkSpace.CONSTRUYENDO_EN_COLECTIVO
LIMITS = {"title": 200, "objective": 2000, "resources": 2000, "evaluation": 2000}


def _challenge(workshop: Workshop, problem: CommonProblem | None, example: str, own_challenge: str) -> dict:
    own_challenge = clean_text(own_challenge, field="own_challenge", required=False, limit=200)
    chosen = [bool(problem), bool(example), bool(own_challenge)]
    if sum(chosen) != 1:
        raise ValidationError({"problem": _("Choose one challenge: a prioritised one, an example or your own.")})
    if problem is not None:  # as stored: its rank is set when the vote closes
        problem = CommonProblem.objects.select_related("workshop").filter(pk=problem.pk).first()
    if problem is not None and (problem.workshop_id != workshop.pk or not problem.is_prioritised):
        raise ValidationError({"problem": _("Choose one of the challenges the group prioritised.")})
    if example and example not in ExampleChallenge.values:
        raise ValidationError({"example": _("Choose one of the examples offered.")})
    return {"problem": problem, "example": example, "own_challenge": own_challenge}


def _shared(fields: dict[str, str]) -> dict[str, str]:
    cleaned, errors = {}, {}
    for name in SHARED_FIELDS:
        try:
            cleaned[name] = clean_text(fields.get(name, ""), field=name, required=name == "title", limit=LIMITS[name])
        except ValidationError as error:
            errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def start_proposal(
    *,
    actor: User,
    workshop: Workshop,
    title: str,
    problem: CommonProblem | None = None,
    example: str = "",
    own_challenge: str = "",
) -> CollaborativeProposal:
    """A team's proposal for one challenge, while the space is open."""
    access.require(actor, workshop, Need.PARTICIPATE)
    open_space_of(workshop, SPACE)
    proposal = CollaborativeProposal.objects.create(
        workshop=workshop,
        title=_shared({"title": title})["title"],
        created_by=actor,
        updated_by=actor,
        **_challenge(workshop, problem, example, own_challenge),
    )
    proposal.team.add(actor)
    record(workshop, actor, VERB_PROPOSAL_STARTED, subject=proposal.title)
    return proposal


@transaction.atomic
def save_proposal(
    *, actor: User, proposal: CollaborativeProposal, based_on: int, **fields: str
) -> CollaborativeProposal:
    """Save the text the team writes together (title, objective, resources, how
    it will be evaluated). Saved on top of a newer revision than the one the
    person started from, it is refused as an EditConflict holding the saved
    text, so nothing is overwritten silently; the saver joins the team."""
    proposal = (
        CollaborativeProposal.objects.select_for_update(of=("self",))
        .select_related("workshop__school", "updated_by")
        .get(pk=proposal.pk)
    )
    access.require(actor, proposal.workshop, Need.PARTICIPATE)
    open_space_of(proposal.workshop, SPACE)
    unknown = set(fields) - set(SHARED_FIELDS)
    if unknown:
        raise TypeError(f"Not a shared field: {', '.join(sorted(unknown))}")
    check_revision(
        current=proposal.revision,
        based_on=based_on,
        theirs={name: getattr(proposal, name) for name in SHARED_FIELDS},
        by=proposal.updated_by,
    )
    for name, value in _shared(fields).items():
        if getattr(proposal, name) != value:
            label = CollaborativeProposal._meta.get_field(name).verbose_name
            record(
                proposal.workshop,
                actor,
                VERB_PROPOSAL_SAVED,
                f"{proposal.title} · {label}",
                getattr(proposal, name),
                value,
            )
        setattr(proposal, name, value)
    proposal.revision += 1
    proposal.updated_by = actor
    proposal.save()
    proposal.team.add(actor)
    return proposal


def _owner_and_date(workshop: Workshop, owner: User, due_on: date) -> None:
    errors = {}
    if not access.takes_part(owner, workshop.school):
        errors["owner"] = [_("Choose a teacher or a director of the school.")]
    if due_on < workshop.starts_on:
        errors["due_on"] = [_("The date cannot come before the workshop.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_action(*, actor: User, proposal: CollaborativeProposal, text: str, owner: User, due_on: date) -> ProposalAction:
    access.require(actor, proposal.workshop, Need.PARTICIPATE)
    open_space_of(proposal.workshop, SPACE)
    text = clean_text(text, field="text", limit=300)
    _owner_and_date(proposal.workshop, owner, due_on)
    proposal.team.add(actor)
    record(proposal.workshop, actor, VERB_ACTION_ADDED, subject=proposal.title, new=text, person=owner)
    return ProposalAction.objects.create(proposal=proposal, text=text, owner=owner, due_on=due_on)


@transaction.atomic
def remove_action(*, actor: User, action: ProposalAction) -> None:
    access.require(actor, action.proposal.workshop, Need.PARTICIPATE)
    open_space_of(action.proposal.workshop, SPACE)
    record(action.proposal.workshop, actor, VERB_ACTION_REMOVED, subject=action.proposal.title, old=action.text)
    action.delete()


def continuity_date(workshop: Workshop, horizon: int) -> date:
    """15 or 30 days after the workshop's last day."""
    return workshop.ends_on + timedelta(days=horizon)


@transaction.atomic
def add_continuity_agreement(
    *,
    actor: User,
    proposal: CollaborativeProposal,
    horizon: int,
    text: str,
    owner: User,
    due_on: date | None = None,
    wants_goal: bool = False,
) -> ContinuityAgreement:
    """An agreement to follow the proposal up at 15 or 30 days (due that many
    days after the workshop unless a date is given)."""
    access.require(actor, proposal.workshop, Need.PARTICIPATE)
    open_space_of(proposal.workshop, SPACE)
    if horizon not in ContinuityAgreement.Horizon.values:
        raise ValidationError({"horizon": _("Choose 15 or 30 days.")})
    text = clean_text(text, field="text", limit=500)
    due_on = due_on or continuity_date(proposal.workshop, horizon)
    _owner_and_date(proposal.workshop, owner, due_on)
    proposal.team.add(actor)
    record(proposal.workshop, actor, VERB_CONTINUITY_ADDED, subject=proposal.title, new=text, person=owner)
    return ContinuityAgreement.objects.create(
        proposal=proposal, horizon=horizon, text=text, owner=owner, due_on=due_on, wants_goal=wants_goal
    )


@transaction.atomic
def remove_continuity_agreement(*, actor: User, agreement: ContinuityAgreement) -> None:
    access.require(actor, agreement.proposal.workshop, Need.PARTICIPATE)
    open_space_of(agreement.proposal.workshop, SPACE)
    if agreement.agreement_id:
        raise ValidationError(_("This agreement is already one of the CAS's: follow it up there."))
    record(
        agreement.proposal.workshop,
        actor,
        VERB_CONTINUITY_REMOVED,
        subject=agreement.proposal.title,
        old=agreement.text,
    )
    agreement.delete()


@transaction.atomic
def set_continuity_status(*, actor: User, agreement: ContinuityAgreement, status: str) -> ContinuityAgreement:
    """Follow an agreement up in the workshop (for a school without a CAS, or
    an owner outside it): its owner or the facilitator."""
    access.require(actor, agreement, Need.UPDATE)
    if agreement.agreement_id:
        raise ValidationError(_("This agreement is followed up in the CAS."))
    if status not in ContinuityAgreement.Status.values:
        raise ValidationError(_("Choose pending, done or cancelled."))
    if agreement.status != status:
        record(
            agreement.proposal.workshop,
            actor,
            VERB_CONTINUITY_STATUS,
            subject=agreement.text,
            old=ContinuityAgreement.Status(agreement.status).label,
            new=ContinuityAgreement.Status(status).label,
            person=agreement.owner,
        )
    agreement.status = status
    agreement.save(update_fields=["status"])
    return agreement


def school_cas(workshop: Workshop) -> Community | None:
    """The school's active CAS, the newest school year's should it have two."""
    return Community.objects.active().filter(school_id=workshop.school_id).order_by("-school_year", "-pk").first()


@transaction.atomic
def take_agreements_to_cas(*, actor: User, workshop: Workshop) -> tuple[int, list[ContinuityAgreement]]:
    """Record the workshop's continuity agreements whose owners belong to the
    school's CAS as agreements of the CAS (core `take_agreement`, for its
    director or tutor: they go on its next session's agenda). Returns how many
    were taken, and those left in the workshop because their owner is not in
    the CAS. Taking them again takes only the new ones."""
    community = school_cas(workshop)
    if community is None:
        raise ValidationError(_("The school has no active CAS: follow the agreements up here."))
    access.require(actor, community, Need.LEAD)
    # Only those still pending: one already done or cancelled here stays as it is.
    pending = ContinuityAgreement.objects.select_for_update().filter(
        proposal__workshop=workshop, agreement__isnull=True, status=ContinuityAgreement.Status.PENDING
    )
    taken, left = 0, []
    origin = _("Workshop «%(title)s»") % {"title": workshop.template.title}
    for row in pending.select_related("owner", "proposal"):
        if not access.is_member(community, row.owner):
            left.append(row)
            continue
        row.agreement = take_agreement(
            actor=actor,
            community=community,
            text=row.text,
            owner=row.owner,
            due_date=row.due_on,
            origin=f"{origin} · {row.proposal.title}",
        )
        row.save(update_fields=["agreement"])
        taken += 1
    if taken:
        record(workshop, actor, VERB_AGREEMENTS_TAKEN, subject=str(workshop), new=str(taken))
    return taken, left


@transaction.atomic
def make_goal(*, actor: User, agreement: ContinuityAgreement, **goal_fields) -> Goal:
    """A goal of the school's CAS from a continuity agreement (core `set_goal`,
    for its director or tutor); the link is kept on the agreement."""
    community = school_cas(agreement.proposal.workshop)
    if community is None:
        raise ValidationError(_("The school has no active CAS: follow the agreements up here."))
    agreement = ContinuityAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.goal_id:
        raise ValidationError(_("This agreement is already a goal of the CAS."))
    goal = set_goal(actor=actor, community=community, **goal_fields)
    agreement.goal = goal
    agreement.save(update_fields=["goal"])
    return goal

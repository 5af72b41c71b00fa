"""La práctica docente bajo la lupa: situations (each participant's own),
common problems and grouping (the facilitator), and the dot vote."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import TeachingDimension, User
from communities.services import notices
from workshops.models import CommonProblem, Dot, Situation, Workshop, WorkSpace
from workshops.services.common import (
    VERB_GROUPED,
    VERB_PROBLEM,
    VERB_VOTE_CLOSED,
    VERB_VOTE_OPENED,
    clean_text,
    open_space_of,
    record,
)

SPACE = WorkSpace.PRACTICA_BAJO_LA_LUPA


def _dimensions(workshop: Workshop, dimensions) -> list[TeachingDimension]:
    """The chosen dimensions, which must be among the workshop's set."""
    chosen = list(dimensions)
    offered = set(workshop.template.dimensions.values_list("pk", flat=True))
    if not chosen:
        raise ValidationError({"dimensions": _("Choose at least one dimension.")})
    if any(d.pk not in offered for d in chosen):
        raise ValidationError({"dimensions": _("Choose among the workshop's dimensions.")})
    return chosen


def _situation_fields(*, description: str, observed: str, reasons: str, change: str) -> dict:
    fields, errors = {}, {}
    for name, value in (("description", description), ("observed", observed), ("reasons", reasons), ("change", change)):
        try:
            fields[name] = clean_text(value, field=name, limit=2000)
        except ValidationError as error:
            errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def describe_situation(
    *, actor: User, workshop: Workshop, description: str, observed: str, reasons: str, change: str, dimensions
) -> Situation:
    """A situation of the participant's practice, problematised along the
    workshop's dimensions, while the space is open."""
    access.require(actor, workshop, Need.PARTICIPATE)
    open_space_of(workshop, SPACE)
    chosen = _dimensions(workshop, dimensions)
    fields = _situation_fields(description=description, observed=observed, reasons=reasons, change=change)
    situation = Situation.objects.create(workshop=workshop, author=actor, **fields)
    situation.dimensions.set(chosen)
    return situation


@transaction.atomic
def change_situation(
    *, actor: User, situation: Situation, description: str, observed: str, reasons: str, change: str, dimensions
) -> Situation:
    access.require(actor, situation, Need.EDIT)
    open_space_of(situation.workshop, SPACE)
    chosen = _dimensions(situation.workshop, dimensions)
    fields = _situation_fields(description=description, observed=observed, reasons=reasons, change=change)
    for name, value in fields.items():
        setattr(situation, name, value)
    situation.save()
    situation.dimensions.set(chosen)
    return situation


@transaction.atomic
def add_problem(*, actor: User, workshop: Workshop, title: str, description: str, dimensions) -> CommonProblem:
    """A common problem the group names, classified by its dimensions."""
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school", "template").get(pk=workshop.pk)
    access.require(actor, workshop, Need.FACILITATE)
    open_space_of(workshop, SPACE)
    if workshop.voting_opened_at:
        raise ValidationError(_("The vote has opened: the common problems no longer change."))
    chosen = _dimensions(workshop, dimensions)
    problem = CommonProblem.objects.create(
        workshop=workshop,
        title=clean_text(title, field="title", limit=200),
        description=clean_text(description, field="description", required=False, limit=2000),
        created_by=actor,
    )
    problem.dimensions.set(chosen)
    record(workshop, actor, VERB_PROBLEM, subject=problem.title, new=", ".join(d.name for d in chosen))
    return problem


@transaction.atomic
def group_situations(*, actor: User, problem: CommonProblem, situations) -> int:
    """Put situations of the workshop under a common problem (taking them from
    any other); returns how many."""
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school").get(pk=problem.workshop_id)
    access.require(actor, workshop, Need.FACILITATE)
    open_space_of(workshop, SPACE)
    if workshop.voting_opened_at:
        raise ValidationError(_("The vote has opened: the common problems no longer change."))
    chosen = list(situations)
    if any(s.workshop_id != problem.workshop_id for s in chosen):
        raise ValidationError(_("Choose situations of this workshop."))
    grouped = Situation.objects.filter(pk__in=[s.pk for s in chosen]).update(problem=problem)
    record(workshop, actor, VERB_GROUPED, subject=problem.title, new=str(grouped))
    return grouped


@transaction.atomic
def open_voting(*, actor: User, workshop: Workshop) -> Workshop:
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school").get(pk=workshop.pk)
    access.require(actor, workshop, Need.FACILITATE)
    open_space_of(workshop, SPACE)
    if workshop.voting_opened_at:
        raise ValidationError(_("The vote is already open or closed."))
    if workshop.problems.count() < 2:
        raise ValidationError(_("Name at least two common problems before the vote."))
    workshop.voting_opened_at = timezone.now()
    workshop.save(update_fields=["voting_opened_at", "updated_at"])
    record(workshop, actor, VERB_VOTE_OPENED, subject=str(workshop))
    notices.notify_all(
        recipients=access.participants_of(workshop.school),
        kind=notices.Kind.OTHER,
        key=_vote_key(workshop),
        message=lambda: (
            _("The vote on the common problems is open: you have %(count)s votes.")
            % {"count": workshop.votes_per_participant}
        ),
        url=reverse("workshops:space", args=[workshop.pk, SPACE]),
        actor=actor,
    )
    return workshop


def _vote_key(workshop: Workshop) -> str:
    return f"workshop-vote:{workshop.pk}"


def dots_left(workshop: Workshop, voter: User) -> int:
    return workshop.votes_per_participant - Dot.objects.filter(workshop=workshop, voter=voter).count()


@transaction.atomic
def place_dot(*, actor: User, problem: CommonProblem) -> int:
    """One of the participant's votes on a common problem while the vote is open;
    returns the votes they have left. The workshop row is locked, so two
    quick clicks cannot spend more votes than the allowance."""
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school").get(pk=problem.workshop_id)
    access.require(actor, workshop, Need.PARTICIPATE)
    if not workshop.is_voting_open:
        raise ValidationError(_("The vote is not open."))
    left = dots_left(workshop, actor)
    if left <= 0:
        raise ValidationError(
            _("You have used your %(count)s votes: take one back to vote again.")
            % {"count": workshop.votes_per_participant}
        )
    Dot.objects.create(workshop=workshop, problem=problem, voter=actor)
    if left == 1:
        notices.resolve(keys=[_vote_key(workshop)], recipient=actor)
    return left - 1


@transaction.atomic
def take_back_dot(*, actor: User, problem: CommonProblem) -> int:
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school").get(pk=problem.workshop_id)
    access.require(actor, workshop, Need.PARTICIPATE)
    if not workshop.is_voting_open:
        raise ValidationError(_("The vote is not open."))
    dot = Dot.objects.filter(workshop=workshop, problem=problem, voter=actor).order_by("-pk").first()
    if dot is None:
        raise ValidationError(_("You have no vote on this problem."))
    dot.delete()
    return dots_left(workshop, actor)


@transaction.atomic
def close_voting(*, actor: User, workshop: Workshop) -> list[CommonProblem]:
    """Close the vote and rank the problems by their votes (ties: the one named
    first goes first); the first `workshop.prioritised` are the challenges."""
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school").get(pk=workshop.pk)
    access.require(actor, workshop, Need.FACILITATE)
    if not workshop.is_voting_open:
        raise ValidationError(_("The vote is not open."))
    workshop.voting_closed_at = timezone.now()
    workshop.save(update_fields=["voting_closed_at", "updated_at"])
    ranked = list(workshop.problems.annotate(votes_count=Count("votes")).order_by("-votes_count", "pk"))
    for rank, problem in enumerate(ranked, start=1):
        problem.rank = rank
    CommonProblem.objects.bulk_update(ranked, ["rank"])
    record(workshop, actor, VERB_VOTE_CLOSED, subject=str(workshop), new=", ".join(p.title for p in ranked[:3])[:300])
    notices.resolve(keys=[_vote_key(workshop)])
    return ranked

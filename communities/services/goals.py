from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import Community, Event, Goal, ProgressUpdate, Skill, User
from communities.models.goals import plain
from communities.services.audit import record_event
from communities.services.phases import refresh_milestones_from_data


@transaction.atomic
def set_goal(
    *,
    actor: User,
    community: Community,
    statement: str,
    skill: Skill,
    indicator: str,
    unit: str,
    baseline: Decimal,
    target: Decimal,
    due_date: date,
    owner: User,
) -> Goal:
    """The director or the tutor sets a socio-emotional learning goal with its
    indicator. The first goal completes the Integración milestone about goals."""
    access.require(actor, community, Need.LEAD)
    errors = {}
    if baseline < 0:
        errors["baseline"] = _("The value cannot be negative.")
    if target < 0:
        errors["target"] = _("The value cannot be negative.")
    elif target == baseline:
        errors["target"] = _("The target must differ from the baseline.")
    if due_date <= timezone.localdate():
        errors["due_date"] = _("The due date must be in the future.")
    if not access.is_member(community, owner):
        errors["owner"] = _("The owner must be a member of this CAS.")
    if not skill.is_active:
        errors["skill"] = _("This skill is no longer offered; choose one of the current catalogue.")
    if errors:
        raise ValidationError(errors)
    goal = Goal.objects.create(
        community=community,
        statement=" ".join(statement.split()),
        skill=skill,
        indicator=indicator.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        due_date=due_date,
        owner=owner,
        created_by=actor,
    )
    record_event(community=community, actor=actor, verb=Event.Verb.GOAL_SET, subject=goal.statement)
    refresh_milestones_from_data(community=community)
    return goal


@transaction.atomic
def record_progress(*, actor: User, goal: Goal, value: Decimal, recorded_on: date, note: str = "") -> ProgressUpdate:
    """A member records the indicator's current value; the audit row keeps the
    value before and after."""
    access.require(actor, goal.community, Need.PARTICIPATE)
    errors = {}
    if value < 0:
        errors["value"] = _("The value cannot be negative.")
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = _("The date cannot be in the future.")
    elif recorded_on < goal.starts_on:
        errors["recorded_on"] = _("The date cannot be before the goal started.")
    if errors:
        raise ValidationError(errors)
    before = goal.updates.order_by("-recorded_on", "-pk").values_list("value", flat=True).first()
    update = ProgressUpdate.objects.create(
        goal=goal, value=value, recorded_on=recorded_on, note=note.strip()[:500], recorded_by=actor
    )
    record_event(
        community=goal.community,
        actor=actor,
        verb=Event.Verb.GOAL_PROGRESS,
        subject=goal.statement,
        old=plain(goal.baseline if before is None else before),
        new=plain(value),
    )
    return update

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import (
    MILESTONES_BY_PHASE,
    Community,
    ConditionCheck,
    ConditionKind,
    Event,
    Milestone,
    School,
    StaffMembership,
    User,
)
from communities.models.community import validate_school_year
from communities.services.audit import record_event
from communities.services.phases import refresh_milestones_from_data

Role = StaffMembership.Role


def _already_formed(school_year: str) -> str:
    return _("This school already has an active CAS for the %(year)s school year.") % {"year": school_year}


@transaction.atomic
def create_community(
    *, actor: User, school: School, school_year: str, tutor: User, director: User | None = None
) -> Community:
    """Form a CAS for a school and school year, with the seed's milestones and the
    director's conditions. A director creates it for their own school (and leads
    it); an admin names the director."""
    access.require(actor, school, Need.FORM)
    if access.directs(actor, school):
        director = director or actor
    errors = {}
    if director is None or not access.staff_with_role(school, Role.DIRECTOR).filter(pk=director.pk).exists():
        errors["director"] = _("Choose a director of this school.")
    if not access.staff_with_role(school, Role.TUTOR).filter(pk=tutor.pk).exists():
        errors["tutor"] = _("Choose a Construye T tutor assigned to this school.")
    try:
        validate_school_year(school_year)
    except ValidationError as exc:
        errors["school_year"] = exc.messages
    if not errors and Community.objects.active().filter(school=school, school_year=school_year).exists():
        errors["school_year"] = _already_formed(school_year)
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            community = Community.objects.create(
                school=school, school_year=school_year, director=director, tutor=tutor, created_by=actor
            )
    except IntegrityError:
        # Two directors pressed the button at once; the database kept one.
        raise ValidationError({"school_year": _already_formed(school_year)}) from None
    Milestone.objects.bulk_create(
        Milestone(community=community, kind=kind, phase=phase, position=position)
        for position, (phase, kind) in enumerate(
            ((phase, kind) for phase, kinds in MILESTONES_BY_PHASE.items() for kind in kinds), start=1
        )
    )
    ConditionCheck.objects.bulk_create(ConditionCheck(community=community, kind=kind) for kind in ConditionKind)
    record_event(community=community, actor=actor, verb=Event.Verb.CREATED)
    for verb, person in ((Event.Verb.DIRECTOR_NAMED, director), (Event.Verb.TUTOR_NAMED, tutor)):
        record_event(community=community, person=person, actor=actor, verb=verb, subject=person.full_name)
    return community


def validate_teacher_cap(community: Community, cap: int) -> None:
    current = community.current_teacher_count()
    if cap < max(1, current):
        raise ValidationError(
            {
                "teacher_cap": _("The CAS already has %(count)s teachers; the limit cannot be lower.")
                % {"count": current}
            }
        )


@transaction.atomic
def set_teacher_cap(*, actor: User, community: Community, cap: int) -> Community:
    """Change how many teachers the CAS may have (admins only); never below the
    teachers already in it. A school with fewer volunteers than five lowers it,
    and "they invite the teachers" then completes from the data."""
    access.require_platform_staff(actor)
    community = Community.objects.select_for_update().get(pk=community.pk)
    validate_teacher_cap(community, cap)
    if cap != community.teacher_cap:
        old = community.teacher_cap
        community.teacher_cap = cap
        community.save(update_fields=["teacher_cap", "updated_at"])
        record_event(community=community, actor=actor, verb=Event.Verb.CAP_CHANGED, subject=str(cap), old=old, new=cap)
        refresh_milestones_from_data(community=community)
    return community

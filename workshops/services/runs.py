"""Setting the workshop up at a school (its director), its sessions and their
light roles, and the facilitator's opening and concluding of each space."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import School, SessionRole, User
from communities.models.community import current_school_year
from communities.services import notices
from communities.services.audit import record_event
from workshops.models import (
    MAX_VOTES,
    AssessmentAxis,
    Moment,
    SessionRoleAssignment,
    SpaceRun,
    TemplateSpace,
    Workshop,
    WorkshopSession,
    WorkshopTemplate,
)
from workshops.services.common import (
    VERB_FACILITATOR,
    VERB_ROLE,
    VERB_SET_UP,
    VERB_SPACE_CONCLUDED,
    VERB_SPACE_OPENED,
    VERB_SYNTHESIS,
    VERB_TEMPLATE_DRAFTED,
    VERB_TEMPLATE_PUBLISHED,
    check_revision,
    clean_text,
    record,
)

MAX_SESSIONS = 6


# --- The template (platform admins) -------------------------------------------------------------


@transaction.atomic
def publish_template(*, actor: User, template: WorkshopTemplate) -> WorkshopTemplate:
    """Publish a draft with its four spaces: from now on it never changes."""
    access.require_platform_staff(actor)
    template = WorkshopTemplate.objects.select_for_update().get(pk=template.pk)
    if template.is_published:
        raise ValidationError(_("This version is already published."))
    if template.spaces.count() == 0:
        raise ValidationError(_("A template needs its work spaces before it is published."))
    template.status = WorkshopTemplate.Status.PUBLISHED
    template.published_at = timezone.now()
    template.save()
    record_event(actor=actor, verb=VERB_TEMPLATE_PUBLISHED, subject=str(template))
    return template


@transaction.atomic
def new_template_draft(*, actor: User, template: WorkshopTemplate) -> WorkshopTemplate:
    """A new draft numbered after the newest version of the same title, copying
    this one's dates, purposes, dimensions, spaces, moments and axes."""
    access.require_platform_staff(actor)
    newest = WorkshopTemplate.objects.select_for_update().filter(title=template.title).order_by("-number").first()
    fields = ["title", "edition", "general_purpose", "specific_purpose", "directors_day", "starts_on", "ends_on"]
    draft = WorkshopTemplate.objects.create(
        number=newest.number + 1,
        votes_per_participant=template.votes_per_participant,
        prioritised=template.prioritised,
        **{name: getattr(template, name) for name in fields},
    )
    draft.dimensions.set(template.dimensions.all())
    for space in template.spaces.prefetch_related("moments"):
        copy = TemplateSpace.objects.create(
            template=draft,
            workspace=space.workspace,
            position=space.position,
            purpose=space.purpose,
            product=space.product,
        )
        Moment.objects.bulk_create(
            Moment(space=copy, kind=m.kind, position=m.position, prompt=m.prompt, minutes=m.minutes)
            for m in space.moments.all()
        )
    AssessmentAxis.objects.bulk_create(
        AssessmentAxis(template=draft, position=a.position, name=a.name, description=a.description)
        for a in template.axes.all()
    )
    record_event(actor=actor, verb=VERB_TEMPLATE_DRAFTED, subject=str(draft), old=str(template))
    return draft


# --- A school's run ---------------------------------------------------------------------------------


def _check_dates(*, starts_on: date, ends_on: date, directors_day: date | None) -> dict:
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day cannot come before the first.")]
    elif (ends_on - starts_on).days >= MAX_SESSIONS:
        errors["ends_on"] = [_("The workshop lasts at most %(days)s days.") % {"days": MAX_SESSIONS}]
    if directors_day is not None and directors_day > starts_on:
        errors["directors_day"] = [_("The directors' day comes before the teachers' days.")]
    return errors


def _runs_already(school: School, template: WorkshopTemplate, school_year: str) -> bool:
    return Workshop.objects.filter(school=school, template=template, school_year=school_year).exists()


def _one_session_a_day(workshop: Workshop) -> None:
    """A session for each of the workshop's days, in order: days that moved move
    their session (and its roles) along; days added get one, days dropped lose theirs."""
    days = [workshop.starts_on + timedelta(days=n) for n in range((workshop.ends_on - workshop.starts_on).days + 1)]
    sessions = {session.number: session for session in workshop.sessions.all()}
    for number, day in enumerate(days, start=1):
        session = sessions.pop(number, None)
        if session is None:
            WorkshopSession.objects.create(workshop=workshop, number=number, day=day)
        elif session.day != day:
            session.day = day
            session.save(update_fields=["day"])
    WorkshopSession.objects.filter(pk__in=[s.pk for s in sessions.values()]).delete()


def _check_facilitator(school: School, facilitator: User | None) -> dict:
    if facilitator is not None and not access.takes_part(facilitator, school):
        return {"facilitator": [_("Choose a teacher or a director of the school.")]}
    return {}


@transaction.atomic
def set_up_workshop(
    *,
    actor: User,
    school: School,
    template: WorkshopTemplate,
    starts_on: date,
    ends_on: date,
    directors_day: date | None = None,
    facilitator: User | None = None,
    votes_per_participant: int | None = None,
) -> Workshop:
    """The school's director sets the workshop up from a published template:
    its days, its facilitator (the director when nobody is named), one session
    per day and its four spaces, not started. A school runs it once a year."""
    access.require(actor, school, Need.MANAGE)
    school_year = current_school_year(starts_on)
    errors = _check_dates(starts_on=starts_on, ends_on=ends_on, directors_day=directors_day)
    errors |= _check_facilitator(school, facilitator)
    if not template.is_published:
        errors["template"] = [_("Choose a published template.")]
    votes = template.votes_per_participant if votes_per_participant is None else votes_per_participant
    if not 1 <= votes <= MAX_VOTES:
        errors["votes_per_participant"] = [_("Give each participant between 1 and %(max)s votes.") % {"max": MAX_VOTES}]
    if _runs_already(school, template, school_year):
        errors["template"] = [
            _("The school already runs this workshop in the %(year)s school year.") % {"year": school_year}
        ]
    if errors:
        raise ValidationError(errors)
    workshop = Workshop.objects.create(
        school=school,
        template=template,
        school_year=school_year,
        starts_on=starts_on,
        ends_on=ends_on,
        directors_day=directors_day,
        facilitator=facilitator,
        votes_per_participant=votes,
        prioritised=template.prioritised,
        created_by=actor,
    )
    _one_session_a_day(workshop)
    SpaceRun.objects.bulk_create(SpaceRun(workshop=workshop, space=space) for space in template.spaces.all())
    record(workshop, actor, VERB_SET_UP, subject=str(workshop), new=f"{starts_on:%Y-%m-%d} → {ends_on:%Y-%m-%d}")
    if facilitator is not None:
        _tell_the_facilitator(workshop, facilitator, actor)
    return workshop


@transaction.atomic
def change_workshop(
    *,
    actor: User,
    workshop: Workshop,
    starts_on: date,
    ends_on: date,
    directors_day: date | None,
    facilitator: User | None,
    votes_per_participant: int,
) -> Workshop:
    """The director changes the days (the sessions follow them), the
    facilitator, or the votes (while the vote has not opened)."""
    workshop = Workshop.objects.select_for_update(of=("self",)).select_related("school", "template").get(pk=workshop.pk)
    access.require(actor, workshop, Need.MANAGE)
    errors = _check_dates(starts_on=starts_on, ends_on=ends_on, directors_day=directors_day)
    errors |= _check_facilitator(workshop.school, facilitator)
    school_year = current_school_year(starts_on)
    if school_year != workshop.school_year and _runs_already(workshop.school, workshop.template, school_year):
        errors["starts_on"] = [
            _("The school already runs this workshop in the %(year)s school year.") % {"year": school_year}
        ]
    if not 1 <= votes_per_participant <= MAX_VOTES:
        errors["votes_per_participant"] = [_("Give each participant between 1 and %(max)s votes.") % {"max": MAX_VOTES}]
    elif votes_per_participant != workshop.votes_per_participant and workshop.voting_opened_at:
        errors["votes_per_participant"] = [_("The vote has opened: the number of votes no longer changes.")]
    if errors:
        raise ValidationError(errors)
    before = workshop.facilitator
    workshop.starts_on, workshop.ends_on, workshop.directors_day = starts_on, ends_on, directors_day
    workshop.facilitator, workshop.votes_per_participant = facilitator, votes_per_participant
    workshop.school_year = school_year
    workshop.save()
    _one_session_a_day(workshop)
    if facilitator != before:
        record(
            workshop,
            actor,
            VERB_FACILITATOR,
            subject=str(workshop),
            old=before.full_name if before else "",
            new=facilitator.full_name if facilitator else "",
        )
        if facilitator is not None:
            _tell_the_facilitator(workshop, facilitator, actor)
    return workshop


def _tell_the_facilitator(workshop: Workshop, facilitator: User, actor: User) -> None:
    notices.notify_all(
        recipients=[facilitator],
        kind=notices.Kind.OTHER,
        key=f"workshop-facilitator:{workshop.pk}",
        message=lambda: (
            _("%(name)s named you facilitator of the workshop «%(title)s».")
            % {"name": actor.full_name, "title": workshop.template.title}
        ),
        url=reverse("workshops:detail", args=[workshop.pk]),
        actor=actor,
        renew=True,
    )


@transaction.atomic
def assign_session_roles(*, actor: User, session: WorkshopSession, people: dict[str, User | None]) -> None:
    """Give a session its light roles (moderación, relatoría, tiempo): one
    participant each, or nobody."""
    access.require(actor, session.workshop, Need.FACILITATE)
    for kind, person in people.items():
        if kind not in SessionRole.Kind.values:
            raise ValidationError(_("Choose moderation, minutes or timekeeping."))
        if person is not None and not access.takes_part(person, session.workshop.school):
            raise ValidationError({f"role_{kind}": _("Choose a teacher or a director of the school.")})
    current = {
        role.kind: role.person
        for role in SessionRoleAssignment.objects.filter(session=session).select_related("person")
    }
    for kind, person in people.items():
        before = current.get(kind)
        if before == person:
            continue
        if person is None:
            SessionRoleAssignment.objects.filter(session=session, kind=kind).delete()
        else:
            SessionRoleAssignment.objects.update_or_create(session=session, kind=kind, defaults={"person": person})
        record(
            session.workshop,
            actor,
            VERB_ROLE,
            subject=SessionRole.Kind(kind).label,
            old=before.full_name if before else "",
            new=person.full_name if person else "",
            person=person or before,
        )


# --- Opening and concluding the spaces -------------------------------------------------------------


@transaction.atomic
def open_space(*, actor: User, run: SpaceRun) -> SpaceRun:
    """Open a work space (or open again a concluded one): one at a time, so the
    sala shows where the group is. The participants get a notice."""
    run = SpaceRun.objects.select_for_update(of=("self",)).select_related("workshop__school", "space").get(pk=run.pk)
    access.require(actor, run.workshop, Need.FACILITATE)
    if run.is_in_progress:
        raise ValidationError(_("This work space is already in progress."))
    other = run.workshop.spaces.in_progress().select_related("space").first()
    if other is not None:
        raise ValidationError(
            _("Conclude «%(space)s» first: one work space is in progress at a time.") % {"space": other.space}
        )
    before = run.state
    run.state = SpaceRun.State.IN_PROGRESS
    run.opened_at = run.opened_at or timezone.now()
    run.concluded_at = None
    run.save(update_fields=["state", "opened_at", "concluded_at", "updated_at"])
    record(run.workshop, actor, VERB_SPACE_OPENED, subject=run.space.get_workspace_display(), old=before, new=run.state)
    notices.notify_all(
        recipients=access.participants_of(run.workshop.school),
        kind=notices.Kind.OTHER,
        key=_space_key(run),
        message=lambda: _("«%(space)s» is open: add your part.") % {"space": run.space.get_workspace_display()},
        url=reverse("workshops:space", args=[run.workshop_id, run.space.workspace]),
        actor=actor,
        renew=True,
    )
    return run


def _space_key(run: SpaceRun) -> str:
    return f"workshop-space:{run.pk}"


@transaction.atomic
def conclude_space(*, actor: User, run: SpaceRun) -> SpaceRun:
    """Conclude the space in progress: it takes no more contributions and its
    notices stop waiting."""
    run = SpaceRun.objects.select_for_update(of=("self",)).select_related("workshop__school", "space").get(pk=run.pk)
    access.require(actor, run.workshop, Need.FACILITATE)
    if not run.is_in_progress:
        raise ValidationError(_("Only a work space in progress is concluded."))
    run.state = SpaceRun.State.CONCLUDED
    run.concluded_at = timezone.now()
    run.save(update_fields=["state", "concluded_at", "updated_at"])
    record(
        run.workshop,
        actor,
        VERB_SPACE_CONCLUDED,
        subject=run.space.get_workspace_display(),
        old=SpaceRun.State.IN_PROGRESS,
        new=run.state,
    )
    notices.resolve(keys=[_space_key(run)])
    return run


@transaction.atomic
def save_synthesis(*, actor: User, run: SpaceRun, text: str, based_on: int) -> SpaceRun:
    """The group's synthesis of a space, written together while it is in
    progress: a save based on an older revision is an EditConflict."""
    run = (
        SpaceRun.objects.select_for_update(of=("self",))
        .select_related("workshop__school", "synthesis_by")
        .get(pk=run.pk)
    )
    access.require(actor, run.workshop, Need.PARTICIPATE)
    if not run.is_in_progress:
        raise ValidationError(_("This work space is not open: its facilitator opens it when the group gets to it."))
    check_revision(current=run.revision, based_on=based_on, theirs={"text": run.synthesis}, by=run.synthesis_by)
    before = run.synthesis
    run.synthesis = clean_text(text, field="text", required=False, limit=4000)
    if run.synthesis != before:
        record(
            run.workshop,
            actor,
            VERB_SYNTHESIS,
            subject=run.space.get_workspace_display(),
            old=before,
            new=run.synthesis,
        )
    run.revision += 1
    run.synthesis_by = actor
    run.save(update_fields=["synthesis", "revision", "synthesis_by", "updated_at"])
    return run

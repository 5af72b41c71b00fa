from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.emails import queue_email
from communities.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Community,
    Event,
    Meeting,
    MinutesApproval,
    SessionRole,
    User,
)
from communities.services import notices
from communities.services.audit import record_event


def _validate_times(starts_at: datetime, ends_at: datetime, place: str, online_url: str) -> None:
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if starts_at < timezone.now():
        errors["starts_at"] = _("The meeting cannot start in the past.")
    if not (place.strip() or online_url.strip()):
        errors["place"] = _("Say where the meeting is, or give the online link.")
    if errors:
        raise ValidationError(errors)


def _ensure_changeable(meeting: Meeting, message: str) -> None:
    if not meeting.is_changeable:
        raise ValidationError(message)


def _ensure_held(meeting: Meeting) -> None:
    if not meeting.is_held:
        raise ValidationError(_("This is recorded once the meeting has started."))


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _notify_members(meeting: Meeting, actor: User, template: str) -> None:
    context = {
        "meeting": meeting,
        "community": meeting.community,
        "link": settings.SITE_URL + reverse("communities:meeting", args=[meeting.community_id, meeting.pk]),
    }
    subject = render_to_string(f"communities/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"communities/email/{template}.txt", context)
    for person in meeting.community.members().exclude(pk=actor.pk).order_by("pk"):
        queue_email(to=person.email, subject=subject, body=body)


@transaction.atomic
def schedule_meeting(
    *,
    actor: User,
    community: Community,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
) -> Meeting:
    """The director or the tutor schedules a session; the members are told, and
    pending agreements go on its agenda for review."""
    access.require(actor, community, Need.LEAD)
    if not community.is_active:
        raise ValidationError(_("This CAS is closed."))
    _validate_times(starts_at, ends_at, place, online_url)
    meeting = Meeting.objects.create(
        community=community,
        purpose=purpose.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        scheduled_by=actor,
    )
    carry_pending_agreements(meeting=meeting)
    record_event(community=community, actor=actor, verb=Event.Verb.MEETING_SCHEDULED, subject=meeting.purpose)
    _notify_members(meeting, actor, "meeting_scheduled")
    return meeting


@transaction.atomic
def reschedule_meeting(
    *,
    actor: User,
    meeting: Meeting,
    purpose: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
) -> Meeting:
    """Move or change a session that has not happened; calendars get the update
    (a higher SEQUENCE) and the members an e-mail."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.LEAD)
    _ensure_changeable(meeting, _("Only a meeting that has not started can be changed."))
    _validate_times(starts_at, ends_at, place, online_url)
    before = _when(meeting.starts_at)
    meeting.purpose, meeting.starts_at, meeting.ends_at = purpose.strip(), starts_at, ends_at
    meeting.place, meeting.online_url = place.strip(), online_url.strip()
    meeting.sequence += 1
    meeting.save()
    record_event(
        community=meeting.community,
        actor=actor,
        verb=Event.Verb.MEETING_RESCHEDULED,
        subject=meeting.purpose,
        old=before,
        new=_when(meeting.starts_at),
    )
    _notify_members(meeting, actor, "meeting_rescheduled")
    return meeting


@transaction.atomic
def cancel_meeting(*, actor: User, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a session that has not happened; calendars remove it."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.LEAD)
    _ensure_changeable(meeting, _("Only a meeting that has not started can be cancelled."))
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = " ".join(reason.split())[:300]
    meeting.sequence += 1
    meeting.save()
    record_event(community=meeting.community, actor=actor, verb=Event.Verb.MEETING_CANCELLED, subject=meeting.purpose)
    _notify_members(meeting, actor, "meeting_cancelled")
    return meeting


def carry_pending_agreements(*, meeting: Meeting) -> int:
    """Put every agreement still pending from earlier sessions on this session's
    agenda for review. Safe to repeat: each agreement is added once."""
    pending = meeting.community.agreements.pending().filter(
        Q(meeting__starts_at__lt=meeting.starts_at) | Q(meeting__isnull=True, created_at__lt=meeting.starts_at)
    )
    already = set(meeting.agenda.filter(review_of__isnull=False).values_list("review_of_id", flat=True))
    position = (meeting.agenda.aggregate(top=Max("position"))["top"] or 0) + 1
    items = []
    for agreement in pending.select_related("owner").exclude(pk__in=already):
        title = _("Review of the agreement: %(text)s (%(owner)s)") % {
            "text": agreement.text,
            "owner": agreement.owner.full_name,
        }
        items.append(AgendaItem(meeting=meeting, title=title[:300], review_of=agreement, position=position))
        position += 1
    AgendaItem.objects.bulk_create(items)
    return len(items)


def _next_meeting(community: Community, after: datetime) -> Meeting | None:
    return community.meetings.upcoming().filter(starts_at__gt=after).order_by("starts_at").first()


@transaction.atomic
def add_agenda_item(*, actor: User, meeting: Meeting, title: str) -> AgendaItem:
    """A member proposes a topic before the session starts."""
    # Lock the meeting so two members adding at once do not share a position.
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.PARTICIPATE)
    _ensure_changeable(meeting, _("Topics are added before the meeting starts."))
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Write the topic.")})
    position = (meeting.agenda.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem.objects.create(meeting=meeting, title=title[:300], added_by=actor, position=position)
    record_event(community=meeting.community, actor=actor, verb=Event.Verb.AGENDA_ITEM_ADDED, subject=item.title)
    return item


@transaction.atomic
def move_agenda_item(*, actor: User, item: AgendaItem, up: bool) -> None:
    """The director or the tutor reorders the agenda, one step at a time, before
    the session starts."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=item.meeting_id)
    access.require(actor, meeting, Need.LEAD)
    _ensure_changeable(meeting, _("The agenda is ordered before the meeting starts."))
    items = list(meeting.agenda.order_by("position", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, candidate in enumerate(items, start=1):
        candidate.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    record_event(
        community=meeting.community,
        actor=actor,
        verb=Event.Verb.AGENDA_REORDERED,
        subject=item.title,
        old=index + 1,
        new=other + 1,
    )


@transaction.atomic
def assign_session_roles(*, actor: User, meeting: Meeting, people: Mapping[SessionRole.Kind, User | None]) -> None:
    """Name who moderates, who writes the minutes and who keeps time (None: nobody).
    Each change leaves an audit row with the person before and after."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.LEAD)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    unknown = set(people) - set(SessionRole.Kind.values)
    if unknown:
        raise ValidationError(_("Unknown session role."))
    members = meeting.community.member_ids()
    errors = {
        kind: _("%(name)s is not a member of this CAS.") % {"name": person}
        for kind, person in people.items()
        if person is not None and person.pk not in members
    }
    if errors:
        raise ValidationError(errors)
    current = {role.kind: role.person for role in meeting.roles.select_related("person")}
    for kind, person in people.items():
        before = current.get(kind)
        if before == person:
            continue
        if person is None:
            meeting.roles.filter(kind=kind).delete()
        else:
            SessionRole.objects.update_or_create(meeting=meeting, kind=kind, defaults={"person": person})
        record_event(
            community=meeting.community,
            actor=actor,
            verb=Event.Verb.SESSION_ROLE_ASSIGNED,
            person=person or before,
            subject=kind,
            old=before.full_name if before else "",
            new=person.full_name if person else "",
        )


@transaction.atomic
def record_attendance(*, actor: User, meeting: Meeting, statuses: Mapping[int, Attendance.Status]) -> int:
    """Record who was present, absent or excused; only members of the CAS. Each
    change leaves an audit row; returns how many changed."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.RECORD)
    _ensure_held(meeting)
    members = {person.pk: person for person in meeting.community.members()}
    strangers = set(statuses) - set(members)
    if strangers:
        names = ", ".join(User.objects.filter(pk__in=strangers).values_list("full_name", flat=True)) or "?"
        raise ValidationError(_("Attendance is only for members of the CAS: %(names)s is not.") % {"names": names})
    if any(status not in Attendance.Status.values for status in statuses.values()):
        raise ValidationError(_("Choose present, absent or excused."))
    current = dict(meeting.attendance.values_list("person_id", "status"))
    changed = 0
    for person_id, status in statuses.items():
        if current.get(person_id) == status:
            continue
        Attendance.objects.update_or_create(
            meeting=meeting, person_id=person_id, defaults={"status": status, "recorded_by": actor}
        )
        record_event(
            community=meeting.community,
            actor=actor,
            verb=Event.Verb.ATTENDANCE_RECORDED,
            subject=members[person_id].full_name,
            old=current.get(person_id, ""),
            new=status,
        )
        changed += 1
    return changed


@transaction.atomic
def write_minutes(*, actor: User, meeting: Meeting, text: str) -> Meeting:
    """The relator writes the acta. A new text needs the members' approval again."""
    meeting = Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.RECORD)
    _ensure_held(meeting)
    text = text.strip()
    if not text:
        raise ValidationError({"minutes": _("Write the minutes.")})
    if text != meeting.minutes:
        meeting.minutes_approvals.all().delete()
        meeting.minutes, meeting.minutes_written_by, meeting.minutes_updated_at = text, actor, timezone.now()
        meeting.save(update_fields=["minutes", "minutes_written_by", "minutes_updated_at", "updated_at"])
        record_event(community=meeting.community, actor=actor, verb=Event.Verb.MINUTES_WRITTEN, subject=meeting.purpose)
        notices.minutes_written(meeting=meeting, actor=actor)
    return meeting


@transaction.atomic
def approve_minutes(*, actor: User, meeting: Meeting) -> MinutesApproval:
    """A member marks the minutes as a faithful record."""
    meeting = Meeting.objects.select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.PARTICIPATE)
    if not meeting.minutes:
        raise ValidationError(_("There are no minutes to approve yet."))
    approval, created = MinutesApproval.objects.get_or_create(meeting=meeting, person=actor)
    if created:
        record_event(
            community=meeting.community, actor=actor, verb=Event.Verb.MINUTES_APPROVED, subject=meeting.purpose
        )
    members = len(meeting.community.member_ids())
    by_majority = meeting.minutes_approved_by(meeting.minutes_approvals.count(), members)
    notices.minutes_approved(meeting=meeting, person=actor, by_majority=by_majority)
    return approval


def minutes_are_approved(meeting: Meeting) -> bool:
    """Approved once a majority of the current members approved them."""
    meeting = Meeting.objects.select_related("community").get(pk=meeting.pk)
    return meeting.minutes_approved_by(meeting.minutes_approvals.count(), len(meeting.community.member_ids()))


@transaction.atomic
def add_agreement(*, actor: User, meeting: Meeting, text: str, owner: User, due_date: date) -> Agreement:
    """Record an agreement with its owner and due date; if a later session is
    already scheduled, it goes on that agenda for review."""
    meeting = Meeting.objects.select_related("community").get(pk=meeting.pk)
    access.require(actor, meeting, Need.RECORD)
    _ensure_held(meeting)
    errors = {}
    text = " ".join(text.split())
    if not text:
        errors["text"] = _("Write the agreement.")
    if not access.is_member(meeting.community, owner):
        errors["owner"] = _("The owner must be a member of this CAS.")
    if due_date < timezone.localtime(meeting.starts_at).date():
        errors["due_date"] = _("The due date cannot be before the meeting.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement.objects.create(
        community=meeting.community, meeting=meeting, text=text, owner=owner, due_date=due_date, created_by=actor
    )
    record_event(community=meeting.community, actor=actor, verb=Event.Verb.AGREEMENT_ADDED, subject=text)
    notices.agreement_added(agreement=agreement, actor=actor)
    following = _next_meeting(meeting.community, after=meeting.starts_at)
    if following is not None:
        carry_pending_agreements(meeting=following)
    return agreement


@transaction.atomic
def take_agreement(
    *, actor: User, community: Community, text: str, owner: User, due_date: date, origin: str
) -> Agreement:
    """Record an agreement the CAS made outside its meetings (in the school's
    workshop, named by `origin`), with its owner and due date; it goes on the
    next scheduled session's agenda for review. Its director or tutor records it."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    access.require(actor, community, Need.LEAD)
    errors = {}
    text = " ".join(text.split())
    if not text:
        errors["text"] = _("Write the agreement.")
    if not access.is_member(community, owner):
        errors["owner"] = _("The owner must be a member of this CAS.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement.objects.create(
        community=community, origin=origin[:200], text=text[:500], owner=owner, due_date=due_date, created_by=actor
    )
    record_event(community=community, actor=actor, verb=Event.Verb.AGREEMENT_ADDED, subject=text)
    notices.agreement_added(agreement=agreement, actor=actor)
    following = _next_meeting(community, after=timezone.now())
    if following is not None:
        carry_pending_agreements(meeting=following)
    return agreement


@transaction.atomic
def set_agreement_status(*, actor: User, agreement: Agreement, status: Agreement.Status) -> Agreement:
    """The owner, the director or the tutor marks an agreement done or cancelled
    (or pending again); the audit row keeps the status before and after."""
    agreement = Agreement.objects.select_for_update().select_related("community").get(pk=agreement.pk)
    access.require(actor, agreement, Need.UPDATE)
    if status not in Agreement.Status.values:
        raise ValidationError(_("Choose pending, done or cancelled."))
    if agreement.status != status:
        before = agreement.status
        agreement.status = status
        agreement.closed_at = None if status == Agreement.Status.PENDING else timezone.now()
        agreement.save(update_fields=["status", "closed_at"])
        verb = Event.Verb.AGREEMENT_REOPENED if status == Agreement.Status.PENDING else Event.Verb.AGREEMENT_CLOSED
        if not agreement.is_pending:
            notices.agreement_closed(agreement=agreement)
        record_event(
            community=agreement.community, actor=actor, verb=verb, subject=agreement.text, old=before, new=status
        )
    return agreement

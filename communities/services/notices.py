"""Notices (avisos): a line in a person's notifications for what waits on them
(an invitation to answer, a proposal to vote on, minutes to approve, a phase
change to review, an agreement of theirs) or what happened to something of
theirs (a comment on their entry).

- The service that creates the thing leaves its notices, in its transaction,
  through one function here. Who gets them comes from communities.access.
- Each notice has a key naming its thing (`proposal:12`): leaving it twice
  changes nothing, so every caller (and the overdue job) may repeat itself.
- Once the thing is done (the invitation answered, the proposal decided, the
  minutes approved, the phase change reviewed, the agreement closed) its
  notices are marked read: they no longer wait on anyone.
- The message is written in the language active when the notice is left.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import date

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communities import access
from communities.access import Need
from communities.models import (
    Agreement,
    Channel,
    Community,
    Invitation,
    Meeting,
    Notification,
    PhaseReview,
    Proposal,
    ReflectionComment,
    User,
)
from communities.services import delivery

Kind = Notification.Kind
QUOTED_LENGTH = 120  # of a proposal's or an agreement's text inside a message


# --- Leaving and resolving notices -----------------------------------------------------------


def notify(*, recipient: User, kind: Kind, key: str | None, message: str | Callable[[], str], url: str) -> None:
    """Leave one notice, unless the person already has the one with this key."""
    notify_all(recipients=[recipient], kind=kind, key=key, message=message, url=url)


def notify_all(
    *,
    recipients: Iterable[User],
    kind: Kind,
    key: str | None,
    message: str | Callable[[], str],
    url: str,
    actor: User | None = None,
    renew: bool = False,
    channel: str | None = None,
) -> int:
    """Leave the same notice for each person, never for the `actor` (people
    are not told of what they did), and send it the way each chose (an e-mail,
    a line in their digest: `delivery.deliver`). `message`, a callable, is
    written in each recipient's language. Whoever already has it keeps theirs;
    with `renew` (the thing changed and waits on them again) it comes back
    unread, as new, and is sent again. Returns how many people were addressed."""
    people = {person.pk: person for person in recipients if person != actor}
    if not people:
        return 0
    text = message if callable(message) else (lambda: message)
    occurrence = timezone.now().isoformat() if renew else "1"
    delivery.deliver(
        delivery.Delivery(
            kind=kind,
            recipient_id=pk,
            key=f"{kind}:{key}:{pk}:{occurrence}" if key else f"{kind}:{uuid.uuid4().hex}:{pk}",
            message=text,
            url=url,
            notice_key=key,
            renew=renew,
            channel=channel,
        )
        for pk in people
    )
    return len(people)


def resolve(*, keys: Iterable[str], recipient: User | None = None) -> int:
    """The thing is done (or `recipient` did their part): its notices, or that
    person's, are marked read and stop waiting."""
    notices = Notification.objects.about(*keys).unread()
    if recipient is not None:
        notices = notices.for_recipient(recipient)
    return notices.update(read_at=timezone.now())


def mark_all_read(*, actor: User) -> int:
    """The person has seen all their notices ("marcar todo como leído")."""
    return Notification.objects.for_recipient(actor).unread().update(read_at=timezone.now())


def open_notice(*, actor: User, notice: Notification) -> Notification:
    """The person opens one of their notices: it is read from now on. The
    notice comes from the person's own (Notification.objects.for_recipient)."""
    if notice.is_unread:
        notice.read_at = timezone.now()
        Notification.objects.for_recipient(actor).filter(pk=notice.pk).update(read_at=notice.read_at)
    return notice


def _people_who_may(community: Community, need: Need) -> list[User]:
    """The community's members whose role lets them `need` it (access decides)."""
    return [person for person in access.members_of(community) if access.allows(person, community, need)]


def _quote(text: str) -> str:
    return Truncator(text.rstrip(" .")).chars(QUOTED_LENGTH)


def _date(day: date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


# --- Invitations ---------------------------------------------------------------------------


def invitation_key(invitation: Invitation) -> str:
    return f"invitation:{invitation.pk}"


def invitation_sent(*, invitation: Invitation) -> None:
    """The invitee has an invitation to answer."""
    notify(
        recipient=invitation.invitee,
        kind=Kind.INVITATION,
        key=invitation_key(invitation),
        message=lambda: (
            _("%(director)s invites you to the CAS of %(school)s. Answer before %(date)s.")
            % {
                "director": invitation.invited_by.full_name,
                "school": invitation.community.school.name,
                "date": _date(timezone.localtime(invitation.expires_at).date()),
            }
        ),
        url=reverse("communities:invitation_detail", args=[invitation.pk]),
    )


def invitation_closed(*, invitation: Invitation) -> None:
    """Answered or withdrawn: nothing waits on the invitee any more."""
    resolve(keys=[invitation_key(invitation)])


def invitations_closed(*, invitations: QuerySet) -> int:
    """Invitations that lapsed unanswered: their notices stop waiting."""
    return resolve(keys=[f"invitation:{pk}" for pk in invitations.values_list("pk", flat=True)])


# --- Proposals -----------------------------------------------------------------------------


def proposal_key(proposal: Proposal) -> str:
    return f"proposal:{proposal.pk}"


def proposal_made(*, proposal: Proposal, actor: User) -> None:
    """Every current member who has not voted yet has a proposal to vote on."""
    voters = proposal.votes.values("voter_id")
    notify_all(
        recipients=access.members_of(proposal.community).exclude(pk__in=voters).filter(is_active=True),
        kind=Kind.PROPOSAL,
        key=proposal_key(proposal),
        message=lambda: (
            _("%(name)s proposes «%(text)s». Do you agree?") % {"name": actor.full_name, "text": _quote(proposal.text)}
        ),
        url=reverse("communities:proposals", args=[proposal.community_id]) + f"#proposal-{proposal.pk}",
        actor=actor,
    )


def proposal_voted(*, proposal: Proposal, voter: User) -> None:
    resolve(keys=[proposal_key(proposal)], recipient=voter)


def proposal_decided(*, proposal: Proposal) -> None:
    resolve(keys=[proposal_key(proposal)])


# --- Meetings: minutes and agreements ------------------------------------------------------


def minutes_key(meeting: Meeting) -> str:
    return f"minutes:{meeting.pk}"


def minutes_written(*, meeting: Meeting, actor: User) -> None:
    """New minutes (or a new text, whose earlier approvals were dropped): every
    other current member has them to approve, again if they had approved."""
    notify_all(
        recipients=access.members_of(meeting.community).filter(is_active=True),
        kind=Kind.MINUTES,
        key=minutes_key(meeting),
        message=lambda: (
            _("%(name)s wrote the minutes of «%(meeting)s». Read them and approve them.")
            % {"name": actor.full_name, "meeting": _quote(meeting.purpose)}
        ),
        url=reverse("communities:meeting", args=[meeting.community_id, meeting.pk]) + "#minutes",
        actor=actor,
        renew=True,
    )


def minutes_approved(*, meeting: Meeting, person: User, by_majority: bool) -> None:
    """The person approved; once a majority has, the minutes wait on nobody."""
    resolve(keys=[minutes_key(meeting)], recipient=None if by_majority else person)


def agreement_keys(agreement: Agreement) -> tuple[str, str]:
    return f"agreement:{agreement.pk}:assigned", f"agreement:{agreement.pk}:overdue"


def agreement_added(*, agreement: Agreement, actor: User) -> None:
    """The owner of a new agreement is told, unless they recorded it themselves."""
    notify_all(
        recipients=[agreement.owner],
        kind=Kind.AGREEMENT_ASSIGNED,
        key=agreement_keys(agreement)[0],
        message=lambda: (
            _("%(name)s recorded an agreement for you: «%(text)s», due on %(date)s.")
            % {"name": actor.full_name, "text": _quote(agreement.text), "date": _date(agreement.due_date)}
        ),
        url=reverse("communities:agreements", args=[agreement.community_id]) + "#mine",
        actor=actor,
    )


def agreement_closed(*, agreement: Agreement) -> None:
    """Done or cancelled: the agreement waits on nobody."""
    resolve(keys=agreement_keys(agreement))


def _overdue_agreements(today: date) -> QuerySet:
    """Overdue agreements of open CASes whose owner has not been told yet."""
    told = Notification.objects.filter(
        recipient=OuterRef("owner"),
        key=Concat(Value("agreement:"), Cast(OuterRef("pk"), CharField()), Value(":overdue")),
    )
    return (
        Agreement.objects.overdue(today)
        .in_active_communities()
        .exclude(Exists(told))
        .select_related("owner", "community")
        .order_by("community_id", "due_date", "pk")
    )


def notify_overdue_agreements(*, today: date | None = None) -> int:
    """Tell the owner and the director of each overdue agreement, once: the
    notices' keys make a second run (or two workers at once) change nothing.
    Returns how many agreements were newly told about."""
    today = today or timezone.localdate()
    managers: dict[int, list[User]] = {}
    told = 0
    # A job has no request: notices are written in the platform's language.
    with translation.override(settings.LANGUAGE_CODE):
        for agreement in _overdue_agreements(today):
            community = agreement.community
            if community.pk not in managers:
                managers[community.pk] = _people_who_may(community, Need.MANAGE)
            assigned, key = agreement_keys(agreement)
            resolve(keys=[assigned], recipient=agreement.owner)  # the overdue notice says it all now
            url = reverse("communities:agreements", args=[community.pk])
            details = {"text": _quote(agreement.text), "date": _date(agreement.due_date)}
            notify(
                recipient=agreement.owner,
                kind=Kind.AGREEMENT_OVERDUE,
                key=key,
                message=lambda details=details: (
                    _("Your agreement «%(text)s» was due on %(date)s. Mark it done or talk it over with the CAS.")
                    % details
                ),
                url=url + "#mine",
            )
            notify_all(
                recipients=managers[community.pk],
                kind=Kind.AGREEMENT_OVERDUE,
                key=key,
                message=lambda details=details, owner=agreement.owner.full_name: (
                    _("The agreement «%(text)s» of %(owner)s was due on %(date)s.") % {**details, "owner": owner}
                ),
                url=url + "#all",
                channel=Channel.DIGEST,  # the director reads the overdue ones in the day's digest
            )  # an owner who directs the CAS keeps the owner's notice: same key
            told += 1
    return told


# --- The phase change ----------------------------------------------------------------------


def phase_review_key(review: PhaseReview) -> str:
    return f"phase_review:{review.pk}"


def phase_change_requested(*, review: PhaseReview, actor: User) -> None:
    """The tutor has a phase change to review; an earlier request sent back no
    longer waits on the director."""
    community = review.community
    returned = community.phase_reviews.filter(status=PhaseReview.Status.RETURNED).values_list("pk", flat=True)
    resolve(keys=[f"phase_returned:{pk}" for pk in returned])
    notify_all(
        recipients=_people_who_may(community, Need.REVIEW),
        kind=Kind.PHASE_REVIEW,
        key=phase_review_key(review),
        message=lambda: (
            _("%(name)s asks to move the CAS of %(school)s to %(phase)s. Review the evidence.")
            % {"name": actor.full_name, "school": community.school.name, "phase": review.get_to_phase_display()}
        ),
        url=reverse("communities:phase_review", args=[community.pk]),
        actor=actor,
    )


def phase_change_reviewed(*, review: PhaseReview) -> None:
    resolve(keys=[phase_review_key(review)])


def phase_change_returned(*, review: PhaseReview, actor: User) -> None:
    """The director has a request sent back to improve and send again."""
    phase_change_reviewed(review=review)
    community = review.community
    notify_all(
        recipients=_people_who_may(community, Need.MANAGE),
        kind=Kind.PHASE_RETURNED,
        key=f"phase_returned:{review.pk}",
        message=lambda: (
            _("%(name)s sent back the request to move to %(phase)s: %(comment)s")
            % {
                "name": actor.full_name,
                "phase": review.get_to_phase_display(),
                "comment": _quote(review.review_comment),
            }
        ),
        url=reverse("communities:detail", args=[community.pk]),
        actor=actor,
    )


# --- The journal ---------------------------------------------------------------------------


def comment_added(*, comment: ReflectionComment, actor: User) -> None:
    """The author of the entry is told of a comment that is not their own."""
    entry = comment.reflection
    notify_all(
        recipients=[entry.author],
        kind=Kind.COMMENT,
        key=f"comment:{comment.pk}",
        message=lambda: (
            _("%(name)s commented on your entry «%(title)s».") % {"name": actor.full_name, "title": entry.title}
        ),
        url=reverse("communities:reflection", args=[entry.pk]) + f"#comment-{comment.pk}",
        actor=actor,
    )

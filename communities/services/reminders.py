"""The reminders Celery beat sends on its own, each kind a function that says
who is due one now (`Delivery` rows, with their ledger keys); `send_reminders`
asks every kind registered (the core's here, the satellites' through
`extensions.NoticeKind`) and hands the rows to `delivery.deliver`, which
delivers each once. Asking twice, or from two beats at once, delivers nothing
more. Times are the schools' (central Mexico)."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from communities import extensions
from communities.models import Agreement, Community, Invitation, Meeting, Membership, PhaseReview, Reflection
from communities.models.journal import NoticeKind
from communities.services.delivery import CORE_DEFAULTS, Delivery, Outcome, deliver
from communities.services.tutor_week import tutor_week

MEETING_SOON = timedelta(hours=24)
MEETING_NOW = timedelta(hours=1)
AGREEMENT_NOTICE_DAYS = 2
QUIET_DAYS = 7
PHASE_WAITING = timedelta(days=3)
INVITATION_WAITING = timedelta(days=5)


def _time(moment: datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


def _meetings_starting(now: datetime, within: timedelta, kind: str, message) -> Iterator[Delivery]:
    """Each member of each meeting that starts within `within` from now. The
    occurrence is the start: a rescheduled session is reminded of again."""
    meetings = Meeting.objects.upcoming(now).filter(starts_at__lte=now + within).select_related("community__school")
    for meeting in meetings:
        url = reverse("communities:meeting", args=[meeting.community_id, meeting.pk])
        start = meeting.starts_at.strftime("%Y%m%dT%H%M")
        for person_id in meeting.community.members().filter(is_active=True).values_list("pk", flat=True):
            yield Delivery(
                kind=kind,
                recipient_id=person_id,
                key=f"{kind}:{meeting.pk}:{person_id}:{start}",
                message=lambda meeting=meeting: message(meeting),
                url=url,
                notice_key=f"{kind}:{meeting.pk}:{start}",
            )


def meeting_soon(now: datetime) -> Iterator[Delivery]:
    return _meetings_starting(
        now,
        MEETING_SOON,
        NoticeKind.MEETING_SOON,
        lambda m: (
            _("«%(purpose)s» of the CAS of %(school)s is on %(day)s at %(time)s, %(place)s.")
            % {
                "purpose": m.purpose,
                "school": m.community.school.name,
                "day": formats.date_format(timezone.localtime(m.starts_at), "DATE_FORMAT"),
                "time": _time(m.starts_at),
                "place": m.place or _("place to be confirmed"),
            }
        ),
    )


def meeting_now(now: datetime) -> Iterator[Delivery]:
    return _meetings_starting(
        now,
        MEETING_NOW,
        NoticeKind.MEETING_NOW,
        lambda m: (
            _("«%(purpose)s» starts at %(time)s, %(place)s.")
            % {"purpose": m.purpose, "time": _time(m.starts_at), "place": m.place or _("place to be confirmed")}
        ),
    )


def agreement_due(now: datetime) -> Iterator[Delivery]:
    """The owner of each pending agreement due today or within two days."""
    today = timezone.localdate(now)
    due = (
        Agreement.objects.pending()
        .in_active_communities()
        .filter(due_date__gte=today, due_date__lte=today + timedelta(days=AGREEMENT_NOTICE_DAYS))
        .only("pk", "text", "due_date", "owner_id", "community_id")
    )
    boards: dict[int, str] = {}
    for agreement in due:
        if agreement.community_id not in boards:
            boards[agreement.community_id] = reverse("communities:agreements", args=[agreement.community_id])
        yield Delivery(
            kind=NoticeKind.AGREEMENT_DUE,
            recipient_id=agreement.owner_id,
            key=f"agreement_due:{agreement.pk}:{agreement.owner_id}:{agreement.due_date.isoformat()}",
            message=lambda a=agreement: (
                _("Your agreement «%(text)s» is due on %(date)s.")
                % {"text": a.text[:120], "date": formats.date_format(a.due_date, "DATE_FORMAT")}
            ),
            url=boards[agreement.community_id] + "#mine",
            notice_key=f"agreement_due:{agreement.pk}:{agreement.due_date.isoformat()}",
        )


def journal_quiet(now: datetime) -> Iterator[Delivery]:
    """Each teacher of an open CAS who has written nothing in the journal for a
    week (or since they joined): once for each quiet stretch."""
    today = timezone.localdate(now)
    last_entry = Reflection.objects.filter(author=OuterRef("teacher")).order_by().values("author")
    last_entry = last_entry.annotate(last=Max("written_on")).values("last")
    rows = (
        Membership.objects.current()
        .filter(community__in=Community.objects.active(), teacher__is_active=True)
        .annotate(last=Subquery(last_entry))
        .values_list("pk", "teacher_id", "community_id", "joined_at", "last")
    )
    cutoff = today - timedelta(days=QUIET_DAYS)
    for membership_id, teacher_id, _community_id, joined_at, last in rows:
        since = last or timezone.localtime(joined_at).date()
        if since > cutoff:
            continue
        yield Delivery(
            kind=NoticeKind.JOURNAL_QUIET,
            recipient_id=teacher_id,
            key=f"journal_quiet:{membership_id}:{teacher_id}:{since.isoformat()}",
            message=lambda since=since: (
                _("You have not written in your journal since %(day)s: a few lines about this week are enough.")
                % {"day": formats.date_format(since, "DATE_FORMAT")}
            ),
            url=reverse("communities:reflection_create"),
            notice_key=f"journal_quiet:{teacher_id}",
            renew=True,
        )


def phase_waiting(now: datetime) -> Iterator[Delivery]:
    """The tutor of each CAS whose phase change has waited more than three days."""
    waiting = (
        PhaseReview.objects.pending().filter(requested_at__lt=now - PHASE_WAITING).select_related("community__school")
    )
    for review in waiting:
        community = review.community
        yield Delivery(
            kind=NoticeKind.PHASE_WAITING,
            recipient_id=community.tutor_id,
            key=f"phase_waiting:{review.pk}:{community.tutor_id}",
            message=lambda review=review: (
                _("The CAS of %(school)s has been waiting since %(day)s for you to review its phase change.")
                % {
                    "school": review.community.school.name,
                    "day": formats.date_format(timezone.localtime(review.requested_at), "DATE_FORMAT"),
                }
            ),
            url=reverse("communities:phase_review", args=[community.pk]),
            notice_key=f"phase_waiting:{review.pk}",
        )


def invitation_waiting(now: datetime) -> Iterator[Delivery]:
    """The invitee of each invitation unanswered for more than five days."""
    waiting = (
        Invitation.objects.pending(now)
        .filter(created_at__lt=now - INVITATION_WAITING)
        .select_related("community__school")
    )
    for invitation in waiting:
        yield Delivery(
            kind=NoticeKind.INVITATION_WAITING,
            recipient_id=invitation.invitee_id,
            key=f"invitation_waiting:{invitation.pk}:{invitation.invitee_id}",
            message=lambda i=invitation: (
                _("The CAS of %(school)s is still waiting for your answer. It expires on %(day)s.")
                % {
                    "school": i.community.school.name,
                    "day": formats.date_format(timezone.localtime(i.expires_at), "DATE_FORMAT"),
                }
            ),
            url=reverse("communities:invitation_detail", args=[invitation.pk]),
            notice_key=f"invitation_waiting:{invitation.pk}",
        )


CORE_REMINDERS = {
    NoticeKind.MEETING_SOON: meeting_soon,
    NoticeKind.MEETING_NOW: meeting_now,
    NoticeKind.AGREEMENT_DUE: agreement_due,
    NoticeKind.JOURNAL_QUIET: journal_quiet,
    NoticeKind.PHASE_WAITING: phase_waiting,
    NoticeKind.INVITATION_WAITING: invitation_waiting,
    NoticeKind.TUTOR_WEEKLY: tutor_week,
}


def register_core_reminders() -> None:
    for kind, due in CORE_REMINDERS.items():
        extensions.register(extensions.NoticeKind(code=kind, label=kind.label, defaults=CORE_DEFAULTS[kind], due=due))


def send_reminders(*, now: datetime | None = None, kinds: set[str] | None = None) -> dict[str, Outcome]:
    """Deliver every reminder due now, of every registered kind (or of `kinds`)."""
    now = now or timezone.now()
    outcomes = {}
    for kind in list(extensions.registry.notice_kinds.values()):
        if kind.due is None or (kinds is not None and kind.code not in kinds):
            continue
        outcomes[kind.code] = deliver(kind.due(now))
    return outcomes

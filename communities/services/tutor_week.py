"""The tutor's weekly summary across the communities they guide: what moved in
the last seven days, what is stuck, and what waits on the tutor. Beat asks
every five minutes (`reminders.send_reminders`); from Monday 7:00 central
Mexico time each tutor is due one, keyed by ISO week, so it goes out once a
week however often beat asks. Counted in SQL: a fixed number of queries for
all the tutors at once."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import (
    Agreement,
    Community,
    Event,
    Meeting,
    Notification,
    PhaseReview,
    Reflection,
    Reminder,
)
from communities.models.journal import NoticeKind
from communities.services.delivery import Delivery

SENDS_ON = 1  # Monday (ISO weekday)
SENDS_FROM_HOUR = 7
WEEK = timedelta(days=7)
STUCK_WITHOUT_SESSION = timedelta(days=30)


@dataclass
class CommunityWeek:
    community: Community
    sessions: int = 0
    entries: int = 0
    milestones: int = 0
    agreements_closed: int = 0
    overdue: int = 0
    last_session: datetime | None = None
    next_session: datetime | None = None
    review_since: datetime | None = None  # the phase change waiting on the tutor

    @property
    def moved(self) -> bool:
        return bool(self.sessions or self.entries or self.milestones or self.agreements_closed)

    def stuck_because(self, now: datetime) -> list[str]:
        reasons = []
        if self.next_session is None and (self.last_session is None or now - self.last_session > STUCK_WITHOUT_SESSION):
            reasons.append(_("no session in 30 days and none scheduled"))
        if self.overdue:
            reasons.append(
                ngettext("%(count)s agreement overdue", "%(count)s agreements overdue", self.overdue)
                % {"count": self.overdue}
            )
        return reasons


@dataclass
class TutorWeek:
    communities: list[CommunityWeek] = field(default_factory=list)
    unread: int = 0

    def headline(self, now: datetime) -> str:
        moved = sum(1 for c in self.communities if c.moved)
        stuck = sum(1 for c in self.communities if c.stuck_because(now))
        waiting = sum(1 for c in self.communities if c.review_since) + (1 if self.unread else 0)
        return _("Your week in %(total)s CAS: %(moved)s moved, %(stuck)s stuck; waiting on you: %(waiting)s.") % {
            "total": len(self.communities),
            "moved": moved,
            "stuck": stuck,
            "waiting": waiting,
        }

    def sections(self, now: datetime) -> list[tuple[str, list[str]]]:
        """(heading, lines) for the e-mail, in the tutor's language."""
        moved, stuck, waiting = [], [], []
        for week in self.communities:
            name = week.community.school.name
            if week.moved:
                parts = []
                if week.sessions:
                    parts.append(ngettext("%(n)s session", "%(n)s sessions", week.sessions) % {"n": week.sessions})
                if week.entries:
                    parts.append(
                        ngettext("%(n)s journal entry", "%(n)s journal entries", week.entries) % {"n": week.entries}
                    )
                if week.milestones:
                    parts.append(
                        ngettext("%(n)s milestone met", "%(n)s milestones met", week.milestones)
                        % {"n": week.milestones}
                    )
                if week.agreements_closed:
                    parts.append(
                        ngettext("%(n)s agreement closed", "%(n)s agreements closed", week.agreements_closed)
                        % {"n": week.agreements_closed}
                    )
                moved.append(f"{name}: {', '.join(parts)}")
            if reasons := week.stuck_because(now):
                stuck.append(f"{name}: {'; '.join(reasons)}")
            if week.review_since:
                days = (now - week.review_since).days
                waiting.append(
                    ngettext(
                        "%(school)s asks to move to the next phase (for %(days)s day)",
                        "%(school)s asks to move to the next phase (for %(days)s days)",
                        days,
                    )
                    % {"school": name, "days": days}
                )
        if self.unread:
            waiting.append(
                ngettext("%(count)s notice unread", "%(count)s notices unread", self.unread) % {"count": self.unread}
            )
        return [
            (_("What moved"), moved or [_("No CAS recorded activity this week.")]),
            (_("What is stuck"), stuck or [_("Nothing is stuck.")]),
            (_("What waits on you"), waiting or [_("Nothing waits on you.")]),
        ]


def occurrence(now: datetime) -> str:
    year, week, _weekday = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def weeks_of(tutor_ids: list[int], now: datetime) -> dict[int, TutorWeek]:
    """Each tutor's week, for all the tutors at once (nine queries)."""
    communities = list(
        Community.objects.active().filter(tutor_id__in=tutor_ids).select_related("school").order_by("school__name")
    )
    rows = {c.pk: CommunityWeek(c) for c in communities}
    since, today = now - WEEK, timezone.localdate(now)

    def per_community(queryset, **annotations):
        return queryset.filter(community_id__in=rows).values("community_id").order_by().annotate(**annotations)

    held = Meeting.objects.filter(status=Meeting.Status.SCHEDULED)
    for row in per_community(
        held,
        sessions=Count("pk", filter=Q(starts_at__gte=since, starts_at__lte=now)),
        last=Max("starts_at", filter=Q(starts_at__lte=now)),
    ):
        week = rows[row["community_id"]]
        week.sessions, week.last_session = row["sessions"], row["last"]
    for row in per_community(held.filter(starts_at__gt=now), first=Min("starts_at")):
        rows[row["community_id"]].next_session = row["first"]
    for row in per_community(Reflection.objects.filter(created_at__gte=since), n=Count("pk")):
        rows[row["community_id"]].entries = row["n"]
    for row in per_community(
        Event.objects.filter(created_at__gte=since),
        milestones=Count("pk", filter=Q(verb=Event.Verb.MILESTONE_COMPLETED)),
        closed=Count("pk", filter=Q(verb=Event.Verb.AGREEMENT_CLOSED)),
    ):
        week = rows[row["community_id"]]
        week.milestones, week.agreements_closed = row["milestones"], row["closed"]
    for row in per_community(Agreement.objects.overdue(today), n=Count("pk")):
        rows[row["community_id"]].overdue = row["n"]
    for review in PhaseReview.objects.pending().filter(community_id__in=rows).values("community_id", "requested_at"):
        rows[review["community_id"]].review_since = review["requested_at"]
    unread = dict(
        Notification.objects.unread()
        .filter(recipient_id__in=tutor_ids)
        .values_list("recipient_id")
        .annotate(n=Count("pk"))
    )
    weeks: dict[int, TutorWeek] = {}
    for community in communities:
        weeks.setdefault(community.tutor_id, TutorWeek(unread=unread.get(community.tutor_id, 0)))
        weeks[community.tutor_id].communities.append(rows[community.pk])
    return weeks


def tutor_week(now: datetime) -> Iterator[Delivery]:
    """Each tutor of an active CAS, once per ISO week, from Monday morning."""
    local = timezone.localtime(now)
    if local.isoweekday() != SENDS_ON or local.hour < SENDS_FROM_HOUR:
        return
    week = occurrence(now)
    tutors = set(Community.objects.active().values_list("tutor_id", flat=True))
    keys = {tutor: f"{NoticeKind.TUTOR_WEEKLY}:{tutor}:{week}" for tutor in tutors}
    done = set(Reminder.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    due = [tutor for tutor, key in keys.items() if key not in done]
    if not due:
        return
    url = reverse("communities:home")
    for tutor, summary in weeks_of(due, now).items():
        yield Delivery(
            kind=NoticeKind.TUTOR_WEEKLY,
            recipient_id=tutor,
            key=keys[tutor],
            message=lambda summary=summary: summary.headline(now),
            details=lambda summary=summary: summary.sections(now),
            url=url,
            notice_key=f"{NoticeKind.TUTOR_WEEKLY}:{week}",
        )

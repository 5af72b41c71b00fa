"""The platform's state and national figures, for its administrators (the page
`staff/figures/`, its CSV and its XLSX): per state, or for one state, the
active communities per phase and the participation of the last 30 days,
counted in SQL. Seven queries whatever the data: `overview.figures`'s five
and two here. Satellites add their sections to the same document through
`extensions.ReportSection("figures", …)`, given the state's code or "" for
the whole country.

Participation, as the page explains it:

- teachers: the current members of an active CAS (one who belongs to two CAS
  counts in each, as on the admin home);
- who wrote: those of them with an entry in that CAS's journal dated in the
  last 30 days, today included. Entries are counted whatever their
  visibility and never read: the figure says that someone wrote, not what
  nor who;
- sessions: those of an active CAS held in the last 30 days (started in
  them, over, not cancelled: `Meeting.objects.past`);
- attendance: of the attendance recorded for those sessions, the share
  marked present (absent and excused count as not present).

A share of fewer than `MIN_GROUP` people or records is not shown, like the
diagnostic's small groups: with four teachers, a share names almost each one."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from communities import overview
from communities.models import Attendance, Community, Meeting, Membership, Phase, Reflection
from communities.models.schools import State
from communities.replica import reading_from_replica

DAYS = 30
MIN_GROUP = 5
SUPPRESSED = _("fewer than 5")


def share(part: int, whole: int) -> int | None:
    """A percentage, rounded; None (not shown) for a group under MIN_GROUP."""
    if whole < MIN_GROUP:
        return None
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Participation:
    teachers: int = 0
    writers: int = 0
    sessions: int = 0
    recorded: int = 0  # attendance rows of those sessions
    present: int = 0

    def __add__(self, other: "Participation") -> "Participation":
        return Participation(
            teachers=self.teachers + other.teachers,
            writers=self.writers + other.writers,
            sessions=self.sessions + other.sessions,
            recorded=self.recorded + other.recorded,
            present=self.present + other.present,
        )

    @property
    def writers_share(self) -> int | None:
        return share(self.writers, self.teachers)

    @property
    def writers_shown(self) -> int | None:
        """How many wrote, shown only where the share is: with its share hidden,
        the count would tell it."""
        return self.writers if self.writers_share is not None else None

    @property
    def attendance_rate(self) -> int | None:
        return share(self.present, self.recorded)


@dataclass(frozen=True)
class StateFigures:
    """One row of the figures: a state's, or the total (`state` None)."""

    state: State | None
    counts: list[tuple[Phase, int]]
    participation: Participation

    @property
    def total(self) -> int:
        return sum(count for _phase, count in self.counts)

    @property
    def label(self) -> str:
        return self.state.label if self.state is not None else str(_("National"))


@dataclass(frozen=True)
class Figures:
    state: State | None  # the state chosen; None for the whole country
    since: date  # the first day of the last 30
    phases: list[Phase]
    rows: list[StateFigures]  # the states with a CAS (the chosen one, always)
    total: StateFigures  # the country's, or the chosen state's
    schools: int
    schools_with_cas: int
    awaiting_review: int

    @property
    def scope(self) -> str:
        return self.state.label if self.state is not None else str(_("National"))

    @property
    def participation_note(self) -> str:
        return _(
            "Since %(day)s. Teachers: current members of an active CAS. Wrote in their journal: those with an "
            "entry dated in these days (counted, never read). Sessions held: started in these days, over and not "
            "cancelled. Present: the share of the attendance recorded for those sessions. Shares of fewer than 5 "
            "people or records are not shown."
        ) % {"day": formats.date_format(self.since, "DATE_FORMAT")}


@reading_from_replica()
def figures(state: str = "", *, now=None) -> Figures:
    """The figures of the whole country, or of one state (its code, already
    validated by the caller); read from the replica when there is one."""
    now = now or timezone.now()
    since = timezone.localdate(now) - timedelta(days=DAYS - 1)
    counted = overview.figures(state)
    participation = _participation(state, now=now, since=since)
    phases = counted["phases"]
    counts = {row.state.value: row.counts for row in counted["rows"]}
    codes = counts.keys() | participation.keys() | ({state} if state else set())
    rows = [
        StateFigures(
            state=each,
            counts=counts.get(each.value, [(phase, 0) for phase in phases]),
            participation=participation.get(each.value, Participation()),
        )
        for each in State
        if each.value in codes
    ]
    total = StateFigures(
        state=State(state) if state else None,
        counts=counted["totals"],
        participation=sum(participation.values(), Participation()),
    )
    return Figures(
        state=State(state) if state else None,
        since=since,
        phases=phases,
        rows=rows,
        total=total,
        schools=counted["schools"],
        schools_with_cas=counted["schools_with_cas"],
        awaiting_review=counted["awaiting_review"],
    )


def _participation(state: str, *, now, since: date) -> dict[str, Participation]:
    """Per state code: the members and who wrote (one query), the sessions and
    their attendance (one query)."""
    active = Community.objects.active()
    members = Membership.objects.current().filter(community__in=active)
    sessions = Meeting.objects.past(now).filter(community__in=active, starts_at__gte=now - timedelta(days=DAYS))
    if state:
        members = members.filter(community__school__state=state)
        sessions = sessions.filter(community__school__state=state)
    wrote = Exists(
        Reflection.objects.filter(
            author=OuterRef("teacher_id"),
            community=OuterRef("community_id"),
            written_on__gte=since,
            written_on__lte=timezone.localdate(now),
        )
    )
    found: dict[str, dict[str, int]] = {}
    for row in (
        members.values("community__school__state")
        .annotate(teachers=Count("pk"), writers=Count("pk", filter=Q(wrote)))
        .order_by()
    ):
        found.setdefault(row["community__school__state"], {}).update(teachers=row["teachers"], writers=row["writers"])
    for row in (
        sessions.values("community__school__state")
        .annotate(
            sessions=Count("pk", distinct=True),
            recorded=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
        )
        .order_by()
    ):
        found.setdefault(row["community__school__state"], {}).update(
            sessions=row["sessions"], recorded=row["recorded"], present=row["present"]
        )
    return {code: Participation(**values) for code, values in found.items()}

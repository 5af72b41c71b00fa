"""What the platform administrator reads: communities per state and phase,
schools with and without a CAS, and the latest activity, counted in SQL."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from communities import page_cache
from communities.models import Community, Event, Membership, Phase, PhaseReview, School
from communities.models.community import is_current
from communities.models.schools import State

LATEST_ACTIVITY = 15
SCHOOLS_WITHOUT_CAS_SHOWN = 8


@dataclass(frozen=True)
class StateRow:
    state: State
    counts: list[tuple[Phase, int]]


def _has_active_cas() -> Exists:
    return Exists(Community.objects.active().filter(school=OuterRef("pk")))


def figures(state: str = "") -> dict:
    """The platform at a glance, or one state's (its `State` code): five
    aggregate queries whatever its size."""
    active = Community.objects.active()
    schools = School.objects.all()
    reviews = PhaseReview.objects.pending()
    teachers = Membership.objects.current().filter(community__closed_at__isnull=True)
    if state:
        active = active.filter(school__state=state)
        schools = schools.filter(state=state)
        reviews = reviews.filter(community__school__state=state)
        teachers = teachers.filter(community__school__state=state)
    per_state: dict[str, dict[str, int]] = {}
    for row in active.values("school__state", "phase").annotate(n=Count("pk")):
        per_state.setdefault(row["school__state"], {})[row["phase"]] = row["n"]
    phases = list(Phase)
    rows = [
        StateRow(state=each, counts=[(phase, per_state[each.value].get(phase.value, 0)) for phase in phases])
        for each in State
        if each.value in per_state
    ]
    totals = [(phase, sum(row_counts.get(phase.value, 0) for row_counts in per_state.values())) for phase in phases]
    counted = schools.aggregate(total=Count("pk"), with_cas=Count("pk", filter=Q(_has_active_cas())))
    return {
        "phases": phases,
        "rows": rows,
        "totals": totals,
        "total": sum(count for _, count in totals),
        "schools": counted["total"],
        "schools_with_cas": counted["with_cas"],
        "schools_without_cas": counted["total"] - counted["with_cas"],
        "awaiting_review": reviews.count(),
        "teachers": teachers.count(),
    }


def schools(filters: dict) -> QuerySet:
    """Schools by CCT or name, with their active CAS if they have one."""
    queryset = School.objects.annotate(has_cas=_has_active_cas()).order_by("name")
    if query := (filters.get("q") or "").strip():
        queryset = queryset.filter(Q(cct__istartswith=query) | Q(name__icontains=query))
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("without_cas"):
        queryset = queryset.filter(has_cas=False)
    return queryset.prefetch_related(_active_communities())


def _active_communities() -> Prefetch:
    return Prefetch("communities", queryset=Community.objects.active(), to_attr="active_communities")


def schools_without_cas() -> list[School]:
    return list(schools({"without_cas": True})[:SCHOOLS_WITHOUT_CAS_SHOWN])


def at_a_glance() -> dict:
    """The overview's figures and its first schools without a CAS, kept in the
    cache until anything on the platform changes (`page_cache`)."""
    return page_cache.fetch(
        "overview",
        person_id=None,
        everything=True,
        build=lambda: {"figures": figures(), "without_cas": schools_without_cas()},
    )


def communities(filters: dict) -> QuerySet:
    """Active communities by state, phase and school, each with its teacher count."""
    queryset = (
        Community.objects.active()
        .select_related("school", "director", "tutor")
        .annotate(teacher_count=Count("memberships", filter=is_current("memberships__")))
        .order_by("school__state", "school__name")
    )
    if query := (filters.get("q") or "").strip():
        queryset = queryset.filter(Q(school__cct__istartswith=query) | Q(school__name__icontains=query))
    if filters.get("state"):
        queryset = queryset.filter(school__state=filters["state"])
    if filters.get("phase"):
        queryset = queryset.filter(phase=filters["phase"])
    return queryset


def latest_activity() -> list[Event]:
    return list(
        Event.objects.select_related("actor", "community__school", "school").order_by("-created_at", "-pk")[
            :LATEST_ACTIVITY
        ]
    )

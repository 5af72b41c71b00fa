"""Reads of the workshop's pages: who took part in each space, and each
space's products, counted in SQL (a fixed number of queries whatever the
number of contributions)."""

from collections import Counter

from django.db.models import Count, Prefetch, Q, Value

from communities import page_cache
from communities.models import User
from workshops.models import (
    AxisRating,
    CalligramWord,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    Dot,
    Moment,
    PathMilestone,
    ProposalAction,
    Situation,
    SpaceRun,
    TemplateSpace,
    Workshop,
    WorkSpace,
)


def contributors(workshop: Workshop) -> dict[str, set[int]]:
    """The people who added something to each space (work space → user pks),
    in one query: a UNION of who wrote, rated, voted or joined a team."""

    def who(queryset, space: str, person: str):
        rows = queryset.filter(**{f"{person}__isnull": False}).order_by()
        return rows.annotate(space=Value(space.value)).values_list(person, "space")

    team = CollaborativeProposal.team.through.objects.filter(collaborativeproposal__workshop=workshop)
    rows = who(PathMilestone.objects.filter(workshop=workshop), WorkSpace.HUELLA_COLECTIVA, "author_id").union(
        who(AxisRating.objects.filter(workshop=workshop), WorkSpace.HUELLA_COLECTIVA, "rater_id"),
        who(Situation.objects.filter(workshop=workshop), WorkSpace.PRACTICA_BAJO_LA_LUPA, "author_id"),
        who(Dot.objects.filter(workshop=workshop), WorkSpace.PRACTICA_BAJO_LA_LUPA, "voter_id"),
        who(team, WorkSpace.CONSTRUYENDO_EN_COLECTIVO, "user_id"),
        who(CalligramWord.objects.filter(workshop=workshop), WorkSpace.CALIGRAMA, "author_id"),
    )
    by_space: dict[str, set[int]] = {space: set() for space in WorkSpace}
    for pk, space in rows.order_by():
        by_space[space].add(pk)
    return by_space


def space_runs(workshop: Workshop) -> list[SpaceRun]:
    """The workshop's spaces in order, each with `contributors` (how many people
    added something) and `contributor_names` (their names, by name)."""
    people = contributors(workshop)
    everyone = set().union(*people.values())
    names = dict(User.objects.filter(pk__in=everyone).values_list("pk", "full_name")) if everyone else {}
    runs = list(workshop.spaces.select_related("space").prefetch_related("space__moments"))
    for run in runs:
        run.workshop = workshop
        pks = people.get(run.space.workspace, set())
        run.contributors = len(pks)
        run.contributor_names = sorted(names[pk] for pk in pks if pk in names)
    return runs


def timeline_milestones(workshop: Workshop) -> list[PathMilestone]:
    return list(workshop.pathmilestones.select_related("author").order_by("year", "pk"))


def axis_counts(workshop: Workshop) -> dict[tuple[int, str], int]:
    rows = AxisRating.objects.filter(workshop=workshop).values("axis_id", "light").annotate(n=Count("pk"))
    return {(row["axis_id"], row["light"]): row["n"] for row in rows}


def moments(space: TemplateSpace) -> list[Moment]:
    """The moments of a template's space, from the cache while the catalogues
    stay as they are (templates change only in the admin, which is audited and
    so bumps the catalogue version)."""
    return page_cache.fetch(f"catalogue:moments:{space.pk}", person_id=None, build=lambda: list(space.moments.all()))


def problems(workshop: Workshop, voter: User | None = None, *, with_situations: bool = True):
    """The common problems with `votes_count` (and `mine`, the voter's dots),
    their dimensions and (`with_situations`) situations, ranked once the vote
    closed."""
    rows = (
        workshop.problems.annotate(
            votes_count=Count("votes", distinct=True),
            mine=Count("votes", filter=Q(votes__voter=voter), distinct=True)
            if voter
            else Count("pk", filter=Q(pk=None)),
        )
        .prefetch_related("dimensions")
        .order_by("rank", "pk")
    )
    if with_situations:
        rows = rows.prefetch_related(
            Prefetch("situations", Situation.objects.select_related("author").prefetch_related("dimensions"))
        )
    rows = list(rows)
    for row in rows:
        row.workshop = workshop
    return rows


def matrix_of(situations: list[Situation], dimensions, problem_rows: list[CommonProblem]) -> list:
    """The problematisation matrix: per common problem, how many of its
    situations touch each dimension, counted from situations already loaded
    with their dimensions (the space's page lists them all; the Carpeta has
    them with the problems)."""
    counts = Counter(
        (situation.problem_id, dimension.pk)
        for situation in situations
        if situation.problem_id is not None
        for dimension in situation.dimensions.all()
    )
    return [(problem, [counts[(problem.pk, d.pk)] for d in dimensions]) for problem in problem_rows]


def proposals(workshop: Workshop) -> list[CollaborativeProposal]:
    return list(
        workshop.proposals.select_related("problem", "updated_by")
        .prefetch_related(
            "team",
            Prefetch("actions", queryset=ProposalAction.objects.select_related("owner")),
            Prefetch("agreements", queryset=ContinuityAgreement.objects.select_related("owner", "agreement")),
        )
        .order_by("pk")
    )


def continuity_agreements(workshop: Workshop) -> list[ContinuityAgreement]:
    return list(
        ContinuityAgreement.objects.filter(proposal__workshop=workshop)
        .select_related("owner", "agreement", "goal", "proposal")
        .order_by("horizon", "due_on", "pk")
    )


def word_counts(workshop: Workshop) -> list[tuple[str, int]]:
    """(word as first written, times said), counted by the database."""
    rows = CalligramWord.objects.filter(workshop=workshop).values("key").annotate(n=Count("pk")).order_by("-n", "key")
    # Newest first, so that the dict keeps each word as it was first written.
    spelled = dict(CalligramWord.objects.filter(workshop=workshop).order_by("-pk").values_list("key", "text"))
    return [(spelled.get(row["key"], row["key"]), row["n"]) for row in rows]

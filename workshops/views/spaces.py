"""A work space's page: its moments with their prompts and times, what the
group has added (each space its own), the forms to add more while it is in
progress, and the synthesis written together. The sala shows the same
products, large."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from communities import access
from workshops import selectors
from workshops.calligram import layout, svg
from workshops.charts import axes_chart, timeline
from workshops.forms import (
    ActionForm,
    CalligramForm,
    ContinuityForm,
    GroupForm,
    PathMilestoneForm,
    ProblemForm,
    ProposalStartForm,
    RatingsForm,
    SituationForm,
    SynthesisForm,
    WordsForm,
)
from workshops.models import AxisRating, Calligram, Shape, SpaceRun, Workshop, WorkSpace
from workshops.services.common import EditConflict
from workshops.services.lupa import dots_left


def huella(request: HttpRequest, workshop: Workshop, run: SpaceRun, bound: dict) -> dict:
    milestones = selectors.timeline_milestones(workshop)
    axes = list(workshop.template.axes.all())
    mine = {r.axis_id: r.light for r in AxisRating.objects.filter(workshop=workshop, rater=request.user)}
    return {
        "timeline": timeline(milestones),
        "milestones": access.attach_contribution_permissions(request.user, workshop, milestones),
        "axes": axes_chart(axes, selectors.axis_counts(workshop)),
        "raters": AxisRating.objects.filter(workshop=workshop).values("rater").distinct().count(),
        "milestone_form": bound.get("milestone_form") or PathMilestoneForm(),
        "ratings_form": bound.get("ratings_form")
        or RatingsForm(axes=axes, initial={f"axis_{k}": v for k, v in mine.items()}),
    }


def lupa(request: HttpRequest, workshop: Workshop, run: SpaceRun, bound: dict) -> dict:
    dimensions = list(workshop.template.dimensions.order_by("position"))
    situations = list(
        workshop.situations.select_related("author", "problem").prefetch_related("dimensions").order_by("pk")
    )
    problems = selectors.problems(workshop, voter=request.user, with_situations=False)
    ungrouped = workshop.situations.filter(problem__isnull=True).order_by("pk")
    return {
        "dimensions": dimensions,
        "situations": access.attach_contribution_permissions(request.user, workshop, situations),
        "problems": problems,
        "matrix": selectors.matrix_of(situations, dimensions, problems),
        "dots_left": dots_left(workshop, request.user) if workshop.is_voting_open else None,
        "situation_form": bound.get("situation_form") or SituationForm(dimensions=workshop.template.dimensions.all()),
        "problem_form": bound.get("problem_form") or ProblemForm(dimensions=workshop.template.dimensions.all()),
        "group_form": bound.get("group_form") or GroupForm(situations=ungrouped),
        "has_ungrouped": any(s.problem_id is None for s in situations),
    }


def construyendo(request: HttpRequest, workshop: Workshop, run: SpaceRun, bound: dict) -> dict:
    people = list(access.participants_of(workshop.school))
    prioritised = workshop.problems.filter(rank__isnull=False, rank__lte=workshop.prioritised).order_by("rank")
    proposals = selectors.proposals(workshop)
    for proposal in proposals:
        proposal.action_form = ActionForm(people=people, prefix=f"a{proposal.pk}")
        proposal.continuity_form = ContinuityForm(people=people, prefix=f"c{proposal.pk}")
    return {
        "proposals": proposals,
        "prioritised": list(prioritised),
        "start_form": bound.get("start_form") or ProposalStartForm(problems=prioritised),
    }


def caligrama(request: HttpRequest, workshop: Workshop, run: SpaceRun, bound: dict) -> dict:
    calligram = Calligram.objects.filter(workshop=workshop).first()
    counts = selectors.word_counts(workshop)
    shape = calligram.shape if calligram else Shape.TREE
    picture = layout(counts, shape)
    mine = list(workshop.calligramwords.filter(author=request.user).order_by("pk"))
    initial = {
        "shape": shape,
        "commitment": calligram.commitment if calligram else "",
        "revision": calligram.revision if calligram else 0,
    }
    return {
        "calligram": calligram,
        "word_counts": counts,
        "picture": svg(picture, commitment=initial["commitment"], title=str(workshop)),
        "left_out": picture.left_out,
        "my_words": access.attach_contribution_permissions(request.user, workshop, mine),
        "words_form": bound.get("words_form") or WordsForm(),
        "calligram_form": bound.get("calligram_form") or CalligramForm(initial=initial),
    }


SPACE_PAGES = {
    WorkSpace.HUELLA_COLECTIVA: huella,
    WorkSpace.PRACTICA_BAJO_LA_LUPA: lupa,
    WorkSpace.CONSTRUYENDO_EN_COLECTIVO: construyendo,
    WorkSpace.CALIGRAMA: caligrama,
}


def space_page(
    request: HttpRequest,
    workshop: Workshop,
    run: SpaceRun,
    *,
    status: int = 200,
    conflict: EditConflict | None = None,
    **bound: forms.Form,
) -> HttpResponse:
    """The page of one space; `bound` replaces a form with the one the person
    sent (its errors shown), `conflict` shows an edit conflict."""
    context = {
        "workshop": workshop,
        "school": workshop.school,
        "run": run,
        "moments": selectors.moments(run.space),
        "synthesis_form": bound.get("synthesis_form")
        or SynthesisForm(initial={"text": run.synthesis, "revision": run.revision}),
        "conflict": conflict,
    }
    context |= SPACE_PAGES[run.space.workspace](request, workshop, run, bound)
    return render(request, f"workshops/spaces/{run.space.workspace}.html", context, status=status)

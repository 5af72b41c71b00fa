"""The workshop's cast is the project's (tests/conftest.py): here, the default
template, the workshop the school's director sets up from it, a second teacher
and a named facilitator, and helpers that move a workshop's spaces along the
way its facilitator would."""

from datetime import date

import pytest

from communities.models import StaffMembership, TeachingDimension
from tests.factories import StaffMembershipFactory, UserFactory
from workshops.catalogue import ensure_default_template
from workshops.models import (
    AssessmentAxis,
    CommonProblem,
    Moment,
    SpaceRun,
    TemplateSpace,
    Workshop,
    WorkshopTemplate,
    WorkSpace,
)
from workshops.services import lupa, runs

STARTS_ON, ENDS_ON, DIRECTORS_DAY = date(2026, 1, 8), date(2026, 1, 9), date(2026, 1, 7)


def staff(school, role, email, name):
    user = UserFactory(email=email, full_name=name)
    StaffMembershipFactory(user=user, school=school, role=role)
    return user


@pytest.fixture
def template(catalogue) -> WorkshopTemplate:
    """The SEP's January 2026 workshop, published (installed by the data
    migration; ensured here, after the dimensions of practice, in case a
    transactional test emptied the tables)."""
    return ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)


@pytest.fixture
def workshop(template, school, director) -> Workshop:
    """Set up by the school's director for 8 and 9 January 2026; the director facilitates."""
    return runs.set_up_workshop(
        actor=director,
        school=school,
        template=template,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        directors_day=DIRECTORS_DAY,
    )


@pytest.fixture
def second_teacher(school):
    return staff(school, StaffMembership.Role.TEACHER, "segundo@escuela.test", "Sergio Segundo Docente")


@pytest.fixture
def facilitator(school, workshop, director):
    """A teacher of the school the director names facilitator of the workshop."""
    person = staff(school, StaffMembership.Role.TEACHER, "fabiola@escuela.test", "Fabiola Facilitadora")
    runs.change_workshop(
        actor=director,
        workshop=workshop,
        starts_on=workshop.starts_on,
        ends_on=workshop.ends_on,
        directors_day=workshop.directors_day,
        facilitator=person,
        votes_per_participant=workshop.votes_per_participant,
    )
    workshop.refresh_from_db()
    return person


def dimensions(*codes: str) -> list[TeachingDimension]:
    return list(TeachingDimension.objects.filter(code__in=codes).order_by("code"))


def run_of(workshop: Workshop, workspace: str) -> SpaceRun:
    return SpaceRun.objects.select_related("space").get(workshop=workshop, space__workspace=workspace)


def open_space(workshop: Workshop, workspace: str, actor) -> SpaceRun:
    """Open the space as `actor`, concluding whichever is in progress first."""
    for other in workshop.spaces.in_progress():
        runs.conclude_space(actor=actor, run=other)
    return runs.open_space(actor=actor, run=run_of(workshop, workspace))


def conclude(workshop: Workshop, workspace: str, actor) -> SpaceRun:
    return runs.conclude_space(actor=actor, run=run_of(workshop, workspace))


def problems(workshop: Workshop, actor, count: int) -> list[CommonProblem]:
    """`count` common problems named by the facilitator, in order, in an open Lupa."""
    return [
        lupa.add_problem(
            actor=actor,
            workshop=workshop,
            title=f"Problema común {n}",
            description="",
            dimensions=dimensions("didactica"),
        )
        for n in range(1, count + 1)
    ]


def vote_on(workshop: Workshop, actor, voters_and_picks) -> list[CommonProblem]:
    """Open the Lupa, name problems, let each voter place their dots, close the
    vote and return the ranked problems. `voters_and_picks` is a list of
    (voter, [problem index, …])."""
    open_space(workshop, WorkSpace.PRACTICA_BAJO_LA_LUPA, actor)
    named = problems(workshop, actor, 4)
    lupa.open_voting(actor=actor, workshop=workshop)
    for voter, picks in voters_and_picks:
        for index in picks:
            lupa.place_dot(actor=voter, problem=named[index])
    return lupa.close_voting(actor=actor, workshop=workshop)

"""The writes of each work space: Huella colectiva, La práctica bajo la lupa,
Construyendo en colectivo, Caligrama de la comunidad; the directors' day; and
a product taken as the evidence of a milestone of the school's CAS."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from communities.models import Agreement, Event, MilestoneKind, Phase, StaffMembership
from communities.services.communities import create_community
from tests.conftest import join
from tests.workshops.conftest import conclude, dimensions, open_space, problems, run_of, staff, vote_on
from workshops.models import (
    AxisRating,
    Calligram,
    CalligramWord,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    DirectorCommitment,
    Dot,
    ExampleChallenge,
    Light,
    PathMilestone,
    ProposalAction,
    Shape,
    Situation,
    WorkSpace,
)
from workshops.services import calligram, directors, huella, lupa, proposals, runs
from workshops.services.common import VERB_AGREEMENTS_TAKEN, VERB_EVIDENCE, EditConflict
from workshops.services.evidence import take_product_as_evidence

pytestmark = pytest.mark.django_db

HUELLA = WorkSpace.HUELLA_COLECTIVA
LUPA = WorkSpace.PRACTICA_BAJO_LA_LUPA
CONSTRUYENDO = WorkSpace.CONSTRUYENDO_EN_COLECTIVO
CALIGRAMA = WorkSpace.CALIGRAMA


# --- Huella colectiva ------------------------------------------------------------------------


@pytest.fixture
def huella_open(workshop, director):
    return open_space(workshop, HUELLA, director)


def milestone_of(actor, workshop, **changes):
    arguments = {
        "actor": actor,
        "workshop": workshop,
        "year": 2008,
        "title": "Primer grupo a mi cargo",
        "meaning": "Aprendí a escuchar antes de planear.",
        "kind": PathMilestone.Kind.EXPERIENCE,
    }
    return huella.add_path_milestone(**(arguments | changes))


def changed(actor, milestone, **changes):
    arguments = {
        "actor": actor,
        "milestone": milestone,
        "year": milestone.year,
        "title": milestone.title,
        "meaning": milestone.meaning,
        "kind": milestone.kind,
    }
    return huella.change_path_milestone(**(arguments | changes))


def test_a_participant_adds_changes_and_removes_their_milestone(workshop, huella_open, teacher):
    milestone = milestone_of(teacher, workshop)
    assert (milestone.author, milestone.year, milestone.kind) == (teacher, 2008, PathMilestone.Kind.EXPERIENCE)
    milestone = changed(teacher, milestone, year=2010, title="Diplomado en evaluación formativa", kind="formacion")
    milestone.refresh_from_db()
    assert (milestone.year, milestone.title) == (2010, "Diplomado en evaluación formativa")
    huella.remove_path_milestone(actor=teacher, milestone=milestone)
    assert not PathMilestone.objects.exists()


def test_the_director_takes_part_in_the_huella_too(workshop, huella_open, director):
    assert milestone_of(director, workshop).author == director


def test_another_s_milestone_is_not_changed_nor_removed(workshop, huella_open, teacher, second_teacher, director):
    milestone = milestone_of(teacher, workshop)
    for person in (second_teacher, director):
        with pytest.raises(PermissionDenied):
            changed(person, milestone, title="Reescrito por otra persona")
        with pytest.raises(PermissionDenied):
            huella.remove_path_milestone(actor=person, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.title == "Primer grupo a mi cargo"


@pytest.mark.parametrize("who", ["tutor", "outsider", "admin_user"])
def test_people_who_do_not_take_part_add_no_milestone(request, who, workshop, huella_open):
    with pytest.raises(PermissionDenied):
        milestone_of(request.getfixturevalue(who), workshop)
    assert not PathMilestone.objects.exists()


def test_a_space_not_open_takes_no_milestones(workshop, director, teacher):
    with pytest.raises(ValidationError):
        milestone_of(teacher, workshop)
    open_space(workshop, HUELLA, director)
    milestone = milestone_of(teacher, workshop)
    conclude(workshop, HUELLA, director)
    with pytest.raises(ValidationError):
        milestone_of(teacher, workshop)
    with pytest.raises(ValidationError):
        changed(teacher, milestone, title="Cambio tardío")
    with pytest.raises(ValidationError):
        huella.remove_path_milestone(actor=teacher, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.title == "Primer grupo a mi cargo"
    assert PathMilestone.objects.count() == 1


@pytest.mark.parametrize(
    "year", [1949, 0, -5, timezone.localdate().year + 2, 10**9, True, "2008", 2008.0, None], ids=repr
)
def test_a_year_out_of_range_is_refused(workshop, huella_open, teacher, year):
    with pytest.raises(ValidationError) as excinfo:
        milestone_of(teacher, workshop, year=year)
    assert "year" in excinfo.value.message_dict
    assert not PathMilestone.objects.exists()


def test_the_first_and_the_next_year_are_accepted(workshop, huella_open, teacher):
    milestone_of(teacher, workshop, year=1950)
    milestone_of(teacher, workshop, year=timezone.localdate().year + 1)
    assert PathMilestone.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   \n\t "}, "title"),
        ({"title": "\x00\x00"}, "title"),
        ({"title": "x" * 100_000}, "title"),
        ({"meaning": "x" * 100_000}, "meaning"),
        ({"meaning": ""}, "meaning"),
        ({"kind": "otro"}, "kind"),
    ],
    ids=["empty", "blank", "nul-only", "100k-title", "100k-meaning", "no-meaning", "unknown-kind"],
)
def test_bad_milestone_text_is_refused_on_its_field(workshop, huella_open, teacher, changes, field):
    with pytest.raises(ValidationError) as excinfo:
        milestone_of(teacher, workshop, **changes)
    assert field in excinfo.value.message_dict
    assert not PathMilestone.objects.exists()


def test_nul_bytes_never_reach_the_database(workshop, huella_open, teacher):
    try:
        milestone_of(teacher, workshop, title="Curso\x00 de\x00 tutoría", meaning="Lo\x00 que aprendí")
    except ValidationError as error:
        assert "title" in error.message_dict
    for title, meaning in PathMilestone.objects.values_list("title", "meaning"):
        assert "\x00" not in title + meaning


def test_bad_changes_leave_the_milestone_as_it_was(workshop, huella_open, teacher):
    milestone = milestone_of(teacher, workshop)
    with pytest.raises(ValidationError):
        changed(teacher, milestone, year=1800, title="")
    milestone.refresh_from_db()
    assert (milestone.year, milestone.title) == (2008, "Primer grupo a mi cargo")


def test_rating_the_axes_counts_one_light_per_person_per_axis_and_replaces(
    workshop, huella_open, teacher, second_teacher
):
    first, second = list(workshop.template.axes.order_by("position"))[:2]
    assert huella.rate_axes(actor=teacher, workshop=workshop, lights={first.pk: Light.GREEN, second.pk: Light.RED}) == 2
    huella.rate_axes(actor=teacher, workshop=workshop, lights={first.pk: Light.YELLOW})
    huella.rate_axes(actor=second_teacher, workshop=workshop, lights={first.pk: Light.GREEN})
    mine = dict(AxisRating.objects.filter(rater=teacher).values_list("axis", "light"))
    assert mine == {first.pk: Light.YELLOW, second.pk: Light.RED}
    assert AxisRating.objects.filter(axis=first).count() == 2
    assert AxisRating.objects.count() == 3


def test_rating_refuses_unknown_axes_and_lights(workshop, huella_open, teacher, admin_user):
    axis = workshop.template.axes.first()
    draft = runs.new_template_draft(actor=admin_user, template=workshop.template)
    foreign_axis = draft.axes.first()
    for lights in ({}, {axis.pk: "azul"}, {foreign_axis.pk: Light.GREEN}, {axis.pk: Light.GREEN, 10**9: Light.RED}):
        with pytest.raises(ValidationError):
            huella.rate_axes(actor=teacher, workshop=workshop, lights=lights)
    assert not AxisRating.objects.exists()


def test_rating_needs_the_huella_open_and_a_participant(workshop, director, teacher, tutor):
    axis = workshop.template.axes.first()
    with pytest.raises(ValidationError):
        huella.rate_axes(actor=teacher, workshop=workshop, lights={axis.pk: Light.GREEN})
    open_space(workshop, HUELLA, director)
    with pytest.raises(PermissionDenied):
        huella.rate_axes(actor=tutor, workshop=workshop, lights={axis.pk: Light.GREEN})
    assert not AxisRating.objects.exists()


# --- La práctica docente bajo la lupa --------------------------------------------------------


@pytest.fixture
def lupa_open(workshop, director):
    return open_space(workshop, LUPA, director)


def situation_of(actor, workshop, dims=("didactica",), **changes):
    arguments = {
        "actor": actor,
        "workshop": workshop,
        "description": "Mis estudiantes no entregan tareas.",
        "observed": "Solo un tercio entrega.",
        "reasons": "Las tareas no tienen sentido para ellos.",
        "change": "Diseñar tareas ligadas a su comunidad.",
        "dimensions": dimensions(*dims),
    }
    return lupa.describe_situation(**(arguments | changes))


def test_a_situation_is_problematised_along_the_workshop_s_dimensions(workshop, lupa_open, teacher):
    situation = situation_of(teacher, workshop, dims=("didactica", "valoral"))
    assert set(situation.dimensions.values_list("code", flat=True)) == {"didactica", "valoral"}


def test_a_dimension_outside_the_workshop_s_set_is_refused(workshop, lupa_open, teacher):
    # The journal has Fierro's six dimensions; the workshop uses the seed's five.
    assert dimensions("interpersonal")
    for dims in (("interpersonal",), ("didactica", "interpersonal"), ()):
        with pytest.raises(ValidationError) as excinfo:
            situation_of(teacher, workshop, dims=dims)
        assert "dimensions" in excinfo.value.message_dict
    assert not Situation.objects.exists()


def test_changing_a_situation_keeps_to_the_workshop_s_dimensions(workshop, lupa_open, teacher, second_teacher):
    situation = situation_of(teacher, workshop)
    with pytest.raises(ValidationError):
        lupa.change_situation(
            actor=teacher,
            situation=situation,
            description="Otra",
            observed="o",
            reasons="r",
            change="c",
            dimensions=dimensions("interpersonal"),
        )
    with pytest.raises(PermissionDenied):
        lupa.change_situation(
            actor=second_teacher,
            situation=situation,
            description="Ajena",
            observed="o",
            reasons="r",
            change="c",
            dimensions=dimensions("social"),
        )
    situation.refresh_from_db()
    assert situation.description == "Mis estudiantes no entregan tareas."
    assert list(situation.dimensions.values_list("code", flat=True)) == ["didactica"]


def test_only_the_facilitator_names_problems_and_groups_situations(workshop, lupa_open, director, teacher, facilitator):
    situation = situation_of(teacher, workshop)
    with pytest.raises(PermissionDenied):
        lupa.add_problem(
            actor=teacher, workshop=workshop, title="Tareas", description="", dimensions=dimensions("social")
        )
    problem = lupa.add_problem(
        actor=facilitator,
        workshop=workshop,
        title="Tareas sin sentido",
        description="",
        dimensions=dimensions("social"),
    )
    with pytest.raises(PermissionDenied):
        lupa.group_situations(actor=teacher, problem=problem, situations=[situation])
    assert lupa.group_situations(actor=director, problem=problem, situations=[situation]) == 1
    situation.refresh_from_db()
    assert situation.problem == problem
    assert CommonProblem.objects.count() == 1


def test_a_problem_s_dimensions_come_from_the_workshop_s_set(workshop, lupa_open, director):
    with pytest.raises(ValidationError) as excinfo:
        lupa.add_problem(
            actor=director, workshop=workshop, title="T", description="", dimensions=dimensions("interpersonal")
        )
    assert "dimensions" in excinfo.value.message_dict
    assert not CommonProblem.objects.exists()


def test_the_vote_opens_with_two_problems_at_least(workshop, lupa_open, director):
    problems(workshop, director, 1)
    with pytest.raises(ValidationError):
        lupa.open_voting(actor=director, workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.voting_opened_at is None
    problems(workshop, director, 1)
    assert lupa.open_voting(actor=director, workshop=workshop).is_voting_open


def test_once_the_vote_opened_the_problems_no_longer_change(workshop, lupa_open, director):
    problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    workshop.refresh_from_db()  # as the next request would fetch it
    with pytest.raises(ValidationError):
        lupa.add_problem(
            actor=director, workshop=workshop, title="Tarde", description="", dimensions=dimensions("social")
        )
    with pytest.raises(ValidationError):
        lupa.open_voting(actor=director, workshop=workshop)
    assert CommonProblem.objects.count() == 2


def test_a_teacher_does_not_open_the_vote(workshop, lupa_open, director, teacher):
    problems(workshop, director, 2)
    with pytest.raises(PermissionDenied):
        lupa.open_voting(actor=teacher, workshop=workshop)


def test_dots_beyond_the_allowance_are_refused(workshop, lupa_open, director, teacher):
    first, second = problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    assert [lupa.place_dot(actor=teacher, problem=p) for p in (first, first, second)] == [2, 1, 0]
    with pytest.raises(ValidationError):
        lupa.place_dot(actor=teacher, problem=second)
    assert Dot.objects.filter(voter=teacher).count() == 3


def test_a_dot_is_placed_only_while_the_vote_is_open(workshop, lupa_open, director, teacher):
    first, _second = problems(workshop, director, 2)
    with pytest.raises(ValidationError):
        lupa.place_dot(actor=teacher, problem=first)
    lupa.open_voting(actor=director, workshop=workshop)
    lupa.place_dot(actor=teacher, problem=first)
    lupa.close_voting(actor=director, workshop=workshop)
    with pytest.raises(ValidationError):
        lupa.place_dot(actor=teacher, problem=first)
    with pytest.raises(ValidationError):
        lupa.take_back_dot(actor=teacher, problem=first)
    assert Dot.objects.count() == 1


def test_people_who_do_not_take_part_do_not_vote(workshop, lupa_open, director, tutor, outsider):
    first, _second = problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    for person in (tutor, outsider):
        with pytest.raises(PermissionDenied):
            lupa.place_dot(actor=person, problem=first)
    assert not Dot.objects.exists()


def test_a_dot_taken_back_can_be_placed_again(workshop, lupa_open, director, teacher):
    first, second = problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    for problem in (first, first, second):
        lupa.place_dot(actor=teacher, problem=problem)
    assert lupa.take_back_dot(actor=teacher, problem=first) == 1
    assert lupa.place_dot(actor=teacher, problem=second) == 0
    assert sorted(Dot.objects.values_list("problem", flat=True)) == sorted([first.pk, second.pk, second.pk])
    lupa.take_back_dot(actor=teacher, problem=first)
    with pytest.raises(ValidationError):
        lupa.take_back_dot(actor=teacher, problem=first)  # none left on it


def test_closing_the_vote_ranks_by_votes_ties_in_creation_order(workshop, director, teacher, second_teacher, colleague):
    ranked = vote_on(
        workshop,
        director,
        [(teacher, [1, 1, 0]), (second_teacher, [1, 2, 3]), (colleague, [0, 3])],
    )
    # Votes: problem 1: 2, problem 2: 3, problem 3: 1, problem 4: 2.
    assert [p.title for p in ranked] == ["Problema común 2", "Problema común 1", "Problema común 4", "Problema común 3"]
    stored = list(CommonProblem.objects.filter(workshop=workshop).order_by("rank").select_related("workshop"))
    assert [(p.title, p.rank) for p in stored] == [(p.title, n) for n, p in enumerate(ranked, start=1)]
    assert [p.is_prioritised for p in stored] == [True, True, True, False]
    workshop.refresh_from_db()
    assert workshop.is_voting_closed


def test_ties_are_broken_by_the_order_the_problems_were_named(workshop, director, teacher):
    ranked = vote_on(workshop, director, [(teacher, [3, 2, 1])])
    assert [p.title for p in ranked] == ["Problema común 2", "Problema común 3", "Problema común 4", "Problema común 1"]


def test_only_the_facilitator_closes_the_vote(workshop, lupa_open, director, teacher):
    problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    with pytest.raises(PermissionDenied):
        lupa.close_voting(actor=teacher, workshop=workshop)
    workshop.refresh_from_db()
    assert workshop.is_voting_open
    assert not CommonProblem.objects.filter(rank__isnull=False).exists()


# --- Construyendo en colectivo ---------------------------------------------------------------


@pytest.fixture
def ranked(workshop, director, teacher, second_teacher):
    """The Lupa's vote closed (problems 1, 2, 3 prioritised, 4 not), and
    Construyendo en colectivo open."""
    ranked = vote_on(workshop, director, [(teacher, [0, 0, 1]), (second_teacher, [1, 2, 2])])
    open_space(workshop, CONSTRUYENDO, director)
    return ranked


def start(actor, workshop, **challenge):
    return proposals.start_proposal(actor=actor, workshop=workshop, title="Familias en el aula", **challenge)


def test_a_proposal_starts_from_exactly_one_challenge(workshop, ranked, teacher):
    proposal = start(teacher, workshop, problem=ranked[0])
    assert (proposal.problem, proposal.revision, list(proposal.team.all())) == (ranked[0], 1, [teacher])
    assert start(teacher, workshop, example=ExampleChallenge.FAMILIES).example == ExampleChallenge.FAMILIES
    assert start(teacher, workshop, own_challenge="Convivencia en el recreo").challenge == "Convivencia en el recreo"
    for challenge in (
        {},
        {"problem": ranked[0], "example": ExampleChallenge.FAMILIES},
        {"example": ExampleChallenge.FAMILIES, "own_challenge": "Otro"},
        {"problem": ranked[1], "own_challenge": "Otro"},
        {"own_challenge": "   "},
    ):
        with pytest.raises(ValidationError) as excinfo:
            start(teacher, workshop, **challenge)
        assert "problem" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        start(teacher, workshop, example="inventado")
    assert "example" in excinfo.value.message_dict
    assert CollaborativeProposal.objects.count() == 3


def test_a_problem_the_group_did_not_prioritise_is_refused(workshop, ranked, teacher):
    assert ranked[3].rank == 4
    with pytest.raises(ValidationError) as excinfo:
        start(teacher, workshop, problem=ranked[3])
    assert "problem" in excinfo.value.message_dict
    assert not CollaborativeProposal.objects.exists()


def test_proposals_start_only_while_construyendo_is_open(workshop, ranked, director, teacher):
    conclude(workshop, CONSTRUYENDO, director)
    with pytest.raises(ValidationError):
        start(teacher, workshop, own_challenge="Convivencia")
    assert not CollaborativeProposal.objects.exists()


def test_two_saves_from_the_same_revision_are_a_conflict_and_the_first_text_stays(
    workshop, ranked, teacher, second_teacher
):
    proposal = start(teacher, workshop, problem=ranked[0])
    based_on = proposal.revision
    proposals.save_proposal(
        actor=teacher, proposal=proposal, based_on=based_on, title="Familias en el aula", objective="La de Teresa"
    )
    with pytest.raises(EditConflict) as excinfo:
        proposals.save_proposal(
            actor=second_teacher, proposal=proposal, based_on=based_on, title="Otro título", objective="La de Sergio"
        )
    conflict = excinfo.value
    assert conflict.theirs["objective"] == "La de Teresa"
    assert (conflict.revision, conflict.by) == (2, teacher)
    proposal.refresh_from_db()
    assert (proposal.title, proposal.objective, proposal.revision) == ("Familias en el aula", "La de Teresa", 2)
    assert list(proposal.team.all()) == [teacher]
    # Based on the text now saved, the second person's save goes through and joins the team.
    proposals.save_proposal(
        actor=second_teacher,
        proposal=proposal,
        based_on=conflict.revision,
        title="Familias en el aula",
        objective="La de Teresa, con lo de Sergio",
    )
    proposal.refresh_from_db()
    assert (proposal.objective, proposal.revision) == ("La de Teresa, con lo de Sergio", 3)
    assert set(proposal.team.all()) == {teacher, second_teacher}


def test_a_proposal_needs_its_title_and_keeps_to_its_fields(workshop, ranked, teacher):
    proposal = start(teacher, workshop, problem=ranked[0])
    with pytest.raises(ValidationError) as excinfo:
        proposals.save_proposal(actor=teacher, proposal=proposal, based_on=1, title="", objective="x" * 100_000)
    assert {"title", "objective"} <= set(excinfo.value.message_dict)
    with pytest.raises(TypeError):
        proposals.save_proposal(actor=teacher, proposal=proposal, based_on=1, title="T", revision="99")
    proposal.refresh_from_db()
    assert (proposal.title, proposal.revision) == ("Familias en el aula", 1)


def test_actions_and_agreements_go_to_owners_who_take_part(workshop, ranked, teacher, second_teacher, director):
    proposal = start(teacher, workshop, problem=ranked[0])
    action = proposals.add_action(
        actor=second_teacher, proposal=proposal, text="Reunión con familias", owner=director, due_on=workshop.ends_on
    )
    assert (action.owner, action.due_on) == (director, workshop.ends_on)
    agreement = proposals.add_continuity_agreement(
        actor=teacher, proposal=proposal, horizon=15, text="Primera reunión de familias", owner=second_teacher
    )
    assert agreement.due_on == workshop.ends_on + timedelta(days=15)
    assert set(proposal.team.all()) == {teacher, second_teacher}


@pytest.mark.parametrize("who", ["tutor", "outsider", "admin_user"])
def test_an_owner_who_does_not_take_part_in_the_school_is_refused(request, who, workshop, ranked, teacher):
    owner = request.getfixturevalue(who)
    proposal = start(teacher, workshop, problem=ranked[0])
    with pytest.raises(ValidationError) as excinfo:
        proposals.add_action(actor=teacher, proposal=proposal, text="Acción", owner=owner, due_on=workshop.ends_on)
    assert "owner" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        proposals.add_continuity_agreement(actor=teacher, proposal=proposal, horizon=30, text="Acuerdo", owner=owner)
    assert "owner" in excinfo.value.message_dict
    assert not ProposalAction.objects.exists()
    assert not ContinuityAgreement.objects.exists()


def test_dates_before_the_workshop_and_other_horizons_are_refused(workshop, ranked, teacher):
    proposal = start(teacher, workshop, problem=ranked[0])
    before = workshop.starts_on - timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        proposals.add_action(actor=teacher, proposal=proposal, text="Acción", owner=teacher, due_on=before)
    assert "due_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        proposals.add_continuity_agreement(actor=teacher, proposal=proposal, horizon=20, text="Acuerdo", owner=teacher)
    assert "horizon" in excinfo.value.message_dict
    assert not ProposalAction.objects.exists()
    assert not ContinuityAgreement.objects.exists()


def agreements_for(workshop, author, proposal_title, owners):
    proposal = proposals.start_proposal(actor=author, workshop=workshop, title=proposal_title, own_challenge="Reto")
    return [
        proposals.add_continuity_agreement(
            actor=author, proposal=proposal, horizon=15, text=f"Acuerdo de {owner.full_name}", owner=owner
        )
        for owner in owners
    ]


def test_agreements_whose_owners_are_in_the_cas_become_its_agreements(
    workshop, ranked, cas, school, director, teacher, colleague
):
    mine, theirs, directors_own = agreements_for(workshop, teacher, "Familias", [teacher, colleague, director])
    taken, left = proposals.take_agreements_to_cas(actor=director, workshop=workshop)
    assert (taken, [row.pk for row in left]) == (2, [theirs.pk])
    rows = Agreement.objects.filter(community=cas).order_by("pk")
    assert [(row.owner, row.text, row.meeting) for row in rows] == [
        (teacher, mine.text, None),
        (director, directors_own.text, None),
    ]
    assert all(workshop.template.title in row.origin and "Familias" in row.origin for row in rows)
    assert all(row.due_date == mine.due_on for row in rows)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.agreement == rows[0]
    assert theirs.agreement is None
    assert Event.objects.filter(school=school, verb=VERB_AGREEMENTS_TAKEN, new_value="2").exists()


def test_taking_the_agreements_again_takes_only_the_new_ones(
    workshop, ranked, cas, director, tutor, teacher, colleague
):
    agreements_for(workshop, teacher, "Familias", [teacher, colleague])
    proposals.take_agreements_to_cas(actor=director, workshop=workshop)
    (new,) = agreements_for(workshop, teacher, "Evaluación", [teacher])
    taken, left = proposals.take_agreements_to_cas(actor=tutor, workshop=workshop)
    assert taken == 1
    assert [row.owner for row in left] == [colleague]
    assert Agreement.objects.filter(community=cas).count() == 2
    new.refresh_from_db()
    assert new.agreement.origin.endswith("Evaluación")
    assert proposals.take_agreements_to_cas(actor=director, workshop=workshop)[0] == 0
    assert Agreement.objects.filter(community=cas).count() == 2


def test_only_the_cas_s_director_or_tutor_take_the_agreements(
    workshop, ranked, cas, director, teacher, colleague, facilitator
):
    agreements_for(workshop, teacher, "Familias", [teacher])
    for person in (teacher, colleague, facilitator):
        with pytest.raises(PermissionDenied):
            proposals.take_agreements_to_cas(actor=person, workshop=workshop)
    assert not Agreement.objects.exists()
    assert not ContinuityAgreement.objects.filter(agreement__isnull=False).exists()


def test_without_an_active_cas_the_agreements_stay_in_the_workshop(workshop, ranked, director, teacher):
    agreements_for(workshop, teacher, "Familias", [teacher])
    with pytest.raises(ValidationError):
        proposals.take_agreements_to_cas(actor=director, workshop=workshop)
    assert not Agreement.objects.exists()


def test_the_cas_of_another_school_is_not_used(workshop, ranked, other_school, outsider, teacher):
    other_director = staff(other_school, StaffMembership.Role.DIRECTOR, "otra@otra.test", "Olga Otra Directora")
    other_tutor = staff(other_school, StaffMembership.Role.TUTOR, "otro@otra.test", "Otto Otro Tutor")
    create_community(actor=other_director, school=other_school, school_year="2026-2027", tutor=other_tutor)
    agreements_for(workshop, teacher, "Familias", [teacher])
    with pytest.raises((ValidationError, PermissionDenied)):
        proposals.take_agreements_to_cas(actor=other_director, workshop=workshop)
    assert not Agreement.objects.exists()


def goal_fields(skills, owner):
    return {
        "statement": "Que las familias participen en tres sesiones.",
        "skill": skills["colaboracion"],
        "indicator": "Familias que asisten",
        "unit": "familias",
        "baseline": Decimal(5),
        "target": Decimal(20),
        "due_date": timezone.localdate() + timedelta(days=60),
        "owner": owner,
    }


def test_a_continuity_agreement_becomes_a_goal_of_the_cas(workshop, ranked, cas, director, teacher, skills):
    (agreement,) = agreements_for(workshop, teacher, "Familias", [teacher])
    goal = proposals.make_goal(actor=director, agreement=agreement, **goal_fields(skills, teacher))
    agreement.refresh_from_db()
    assert (agreement.goal, goal.community) == (goal, cas)
    with pytest.raises(ValidationError):
        proposals.make_goal(actor=director, agreement=agreement, **goal_fields(skills, teacher))
    assert cas.goals.count() == 1


def test_a_teacher_does_not_make_a_goal(workshop, ranked, cas, teacher, skills):
    (agreement,) = agreements_for(workshop, teacher, "Familias", [teacher])
    with pytest.raises(PermissionDenied):
        proposals.make_goal(actor=teacher, agreement=agreement, **goal_fields(skills, teacher))
    agreement.refresh_from_db()
    assert agreement.goal is None
    assert not cas.goals.exists()


# --- Caligrama de la comunidad ---------------------------------------------------------------


@pytest.fixture
def caligrama_open(workshop, director):
    return open_space(workshop, CALIGRAMA, director)


def test_words_are_split_on_commas_and_lines(workshop, caligrama_open, teacher):
    words = calligram.add_words(actor=teacher, workshop=workshop, text="Diálogo, respeto\n  confianza  ,,\n\nEscucha")
    assert [w.text for w in words] == ["Diálogo", "respeto", "confianza", "Escucha"]
    assert [w.key for w in CalligramWord.objects.order_by("pk")] == ["diálogo", "respeto", "confianza", "escucha"]


def test_words_of_any_script_are_welcome(workshop, caligrama_open, teacher):
    words = calligram.add_words(actor=teacher, workshop=workshop, text="مجتمع\nקהילה\nTlamachtiliztli, Ñandú")
    assert [w.text for w in words] == ["مجتمع", "קהילה", "Tlamachtiliztli", "Ñandú"]


@pytest.mark.parametrize(
    "text",
    ["😀", "Comunidad ❤️", "👍🏽", "🇲🇽", "1️⃣", "#️⃣", "✨ juntos", "👨‍👩‍👧", "respeto, 🙌"],
)
def test_emoji_are_refused(workshop, caligrama_open, teacher, text):
    with pytest.raises(ValidationError) as excinfo:
        calligram.add_words(actor=teacher, workshop=workshop, text=text)
    assert "text" in excinfo.value.message_dict
    assert not CalligramWord.objects.exists()


@pytest.mark.parametrize("text", ["a" * 2000, "Comunidad, " + "b" * 2000, ",\n , ", "", "\x00\x00"])
def test_a_word_too_long_or_no_word_at_all_is_refused(workshop, caligrama_open, teacher, text):
    with pytest.raises(ValidationError) as excinfo:
        calligram.add_words(actor=teacher, workshop=workshop, text=text)
    assert "text" in excinfo.value.message_dict
    assert not CalligramWord.objects.exists()


def test_each_participant_contributes_up_to_thirty_words(workshop, caligrama_open, teacher, second_teacher):
    calligram.add_words(actor=teacher, workshop=workshop, text=", ".join(f"palabra{n}" for n in range(29)))
    with pytest.raises(ValidationError) as excinfo:
        calligram.add_words(actor=teacher, workshop=workshop, text="una, dos")
    assert "text" in excinfo.value.message_dict
    calligram.add_words(actor=teacher, workshop=workshop, text="última")
    with pytest.raises(ValidationError):
        calligram.add_words(actor=teacher, workshop=workshop, text="otra")
    assert CalligramWord.objects.filter(author=teacher).count() == 30
    with pytest.raises(ValidationError):
        calligram.add_words(actor=second_teacher, workshop=workshop, text="\n".join(["sí"] * 31))
    calligram.add_words(actor=second_teacher, workshop=workshop, text="comunidad")
    assert CalligramWord.objects.filter(author=second_teacher).count() == 1


def test_a_word_is_removed_by_its_author_or_the_facilitator_only(
    workshop, caligrama_open, teacher, second_teacher, facilitator, director
):
    first, second, third = calligram.add_words(actor=teacher, workshop=workshop, text="uno, dos, tres")
    with pytest.raises(PermissionDenied):
        calligram.remove_word(actor=second_teacher, word=first)
    calligram.remove_word(actor=teacher, word=first)
    calligram.remove_word(actor=facilitator, word=second)
    calligram.remove_word(actor=director, word=third)
    assert not CalligramWord.objects.exists()


def test_words_go_to_an_open_calligram_only(workshop, director, teacher):
    with pytest.raises(ValidationError):
        calligram.add_words(actor=teacher, workshop=workshop, text="pronto")
    open_space(workshop, CALIGRAMA, director)
    (word,) = calligram.add_words(actor=teacher, workshop=workshop, text="a tiempo")
    conclude(workshop, CALIGRAMA, director)
    with pytest.raises(ValidationError):
        calligram.remove_word(actor=teacher, word=word)
    assert CalligramWord.objects.count() == 1


def test_the_group_saves_its_shape_and_commitment(workshop, caligrama_open, teacher, second_teacher):
    saved = calligram.save_calligram(
        actor=teacher, workshop=workshop, shape=Shape.HEART, commitment="Nos escuchamos.", based_on=0
    )
    assert (saved.shape, saved.revision) == (Shape.HEART, 1)
    saved = calligram.save_calligram(
        actor=second_teacher, workshop=workshop, shape=Shape.TREE, commitment="Crecemos juntos.", based_on=1
    )
    assert (saved.shape, saved.commitment, saved.revision, saved.updated_by) == (
        Shape.TREE,
        "Crecemos juntos.",
        2,
        second_teacher,
    )


@pytest.mark.parametrize("shape", ["estrella", "", "ARBOL", "<script>"])
def test_an_unknown_shape_is_refused(workshop, caligrama_open, teacher, shape):
    with pytest.raises(ValidationError) as excinfo:
        calligram.save_calligram(actor=teacher, workshop=workshop, shape=shape, commitment="", based_on=0)
    assert "shape" in excinfo.value.message_dict
    assert not Calligram.objects.exists()


def test_saving_the_calligram_from_an_old_revision_is_a_conflict(workshop, caligrama_open, teacher, second_teacher):
    calligram.save_calligram(actor=teacher, workshop=workshop, shape=Shape.HEART, commitment="De Teresa", based_on=0)
    with pytest.raises(EditConflict) as excinfo:
        calligram.save_calligram(
            actor=second_teacher, workshop=workshop, shape=Shape.HANDS, commitment="De Sergio", based_on=0
        )
    assert excinfo.value.theirs["commitment"] == "De Teresa"
    assert excinfo.value.by == teacher
    stored = Calligram.objects.get(workshop=workshop)
    assert (stored.shape, stored.commitment, stored.revision) == (Shape.HEART, "De Teresa", 1)


def test_a_commitment_too_long_is_refused(workshop, caligrama_open, teacher):
    with pytest.raises(ValidationError) as excinfo:
        calligram.save_calligram(
            actor=teacher, workshop=workshop, shape=Shape.TREE, commitment="x" * 100_000, based_on=0
        )
    assert "commitment" in excinfo.value.message_dict
    assert not Calligram.objects.exists()


@pytest.mark.parametrize("who", ["tutor", "outsider", "admin_user"])
def test_people_who_do_not_take_part_add_no_words(request, who, workshop, caligrama_open):
    with pytest.raises(PermissionDenied):
        calligram.add_words(actor=request.getfixturevalue(who), workshop=workshop, text="intruso")
    assert not CalligramWord.objects.exists()


# --- The directors' day ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher", "tutor", "outsider", "admin_user"])
def test_only_directors_write_the_directors_day(request, who, workshop):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        directors.save_directors_day(actor=actor, workshop=workshop, reflection="Intento", poster_title="Afiche")
    with pytest.raises(PermissionDenied):
        directors.add_commitment(actor=actor, workshop=workshop, text="Intento")
    assert not DirectorCommitment.objects.exists()
    assert not workshop.directors_days.exists()


def test_each_director_has_their_own_page_and_poster(workshop, school, director):
    other = staff(school, StaffMembership.Role.DIRECTOR, "subdirector@escuela.test", "Saúl Subdirector")
    mine = directors.save_directors_day(
        actor=director, workshop=workshop, reflection="La comunidad se forma escuchando.", poster_title="Juntos"
    )
    theirs = directors.save_directors_day(actor=other, workshop=workshop, reflection="", poster_title="Otro")
    assert mine.pk != theirs.pk
    again = directors.save_directors_day(actor=director, workshop=workshop, reflection="Cambio", poster_title="Juntos")
    assert again.pk == mine.pk and again.reflection == "Cambio"
    first = directors.add_commitment(actor=director, workshop=workshop, text="Dar tiempo a la CAS cada semana.")
    with pytest.raises(PermissionDenied):
        directors.remove_commitment(actor=other, commitment=first)
    directors.remove_commitment(actor=director, commitment=first)
    assert not DirectorCommitment.objects.exists()


def test_a_poster_holds_up_to_eight_commitments(workshop, director):
    for n in range(1, 9):
        directors.add_commitment(actor=director, workshop=workshop, text=f"Compromiso {n}")
    with pytest.raises(ValidationError) as excinfo:
        directors.add_commitment(actor=director, workshop=workshop, text="Compromiso 9")
    assert "text" in excinfo.value.message_dict
    rows = list(DirectorCommitment.objects.values_list("position", "text"))
    assert rows == [(n, f"Compromiso {n}") for n in range(1, 9)]


def test_bad_commitments_and_reflections_are_refused(workshop, director):
    for text in ("", "   ", "x" * 100_000, "\x00"):
        with pytest.raises(ValidationError):
            directors.add_commitment(actor=director, workshop=workshop, text=text)
    with pytest.raises(ValidationError) as excinfo:
        directors.save_directors_day(actor=director, workshop=workshop, reflection="x" * 100_000, poster_title="")
    assert "reflection" in excinfo.value.message_dict
    assert not DirectorCommitment.objects.exists()


# --- A product as evidence -------------------------------------------------------------------


def test_a_concluded_space_s_product_completes_a_milestone_of_the_school_s_cas(workshop, cas, school, director):
    open_space(workshop, HUELLA, director)
    conclude(workshop, HUELLA, director)
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    completed = take_product_as_evidence(actor=director, workshop=workshop, workspace=HUELLA, milestone=milestone)
    assert completed.is_completed and completed.completed_by == director
    assert run_of(workshop, HUELLA).space.product in completed.evidence_text
    assert HUELLA in completed.evidence_url
    assert Event.objects.filter(school=school, verb=VERB_EVIDENCE, actor=director).exists()


def test_a_space_not_concluded_gives_no_evidence(workshop, cas, director):
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    for step in ("not started", "in progress"):
        if step == "in progress":
            open_space(workshop, HUELLA, director)
        with pytest.raises(ValidationError) as excinfo:
            take_product_as_evidence(actor=director, workshop=workshop, workspace=HUELLA, milestone=milestone)
        assert "workspace" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        take_product_as_evidence(actor=director, workshop=workshop, workspace="inventado", milestone=milestone)
    milestone.refresh_from_db()
    assert not milestone.is_completed


def test_only_a_milestone_of_the_current_phase_is_completed(workshop, cas, director):
    open_space(workshop, LUPA, director)
    conclude(workshop, LUPA, director)
    later = cas.milestones.get(kind=MilestoneKind.PRACTICES)
    assert later.phase == Phase.DEVELOPMENT
    with pytest.raises(ValidationError):
        take_product_as_evidence(actor=director, workshop=workshop, workspace=LUPA, milestone=later)
    later.refresh_from_db()
    assert not later.is_completed


def test_a_milestone_of_another_school_s_cas_is_refused(workshop, cas, director, other_school, outsider):
    other_director = staff(other_school, StaffMembership.Role.DIRECTOR, "otra@otra.test", "Olga Otra Directora")
    other_tutor = staff(other_school, StaffMembership.Role.TUTOR, "otro@otra.test", "Otto Otro Tutor")
    elsewhere = create_community(actor=other_director, school=other_school, school_year="2026-2027", tutor=other_tutor)
    join(elsewhere, outsider)
    open_space(workshop, HUELLA, director)
    conclude(workshop, HUELLA, director)
    theirs = elsewhere.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    for actor in (director, other_director):
        with pytest.raises(ValidationError) as excinfo:
            take_product_as_evidence(actor=actor, workshop=workshop, workspace=HUELLA, milestone=theirs)
        assert "milestone" in excinfo.value.message_dict
    theirs.refresh_from_db()
    assert not theirs.is_completed


def test_a_teacher_does_not_complete_the_leaders_milestone(workshop, cas, director, teacher):
    open_space(workshop, HUELLA, director)
    conclude(workshop, HUELLA, director)
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    with pytest.raises(PermissionDenied):
        take_product_as_evidence(actor=teacher, workshop=workshop, workspace=HUELLA, milestone=milestone)
    milestone.refresh_from_db()
    assert not milestone.is_completed

"""Setting the workshop up at a school, changing it, its sessions' light roles,
opening and concluding its spaces, the synthesis written together, and the
audit trail those writes leave."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from communities.models import Event, Notification, SessionRole, StaffMembership
from tests.workshops.conftest import DIRECTORS_DAY, ENDS_ON, STARTS_ON, open_space, problems, run_of, staff
from workshops.models import SessionRoleAssignment, SpaceRun, Workshop, WorkshopSession, WorkSpace
from workshops.services import lupa, runs
from workshops.services.common import (
    VERB_FACILITATOR,
    VERB_PROBLEM,
    VERB_SET_UP,
    VERB_SPACE_CONCLUDED,
    VERB_SPACE_OPENED,
    VERB_VOTE_CLOSED,
    VERB_VOTE_OPENED,
    EditConflict,
)

pytestmark = pytest.mark.django_db

HUELLA, LUPA = WorkSpace.HUELLA_COLECTIVA, WorkSpace.PRACTICA_BAJO_LA_LUPA


def set_up(actor, school, template, **changes):
    arguments = {
        "actor": actor,
        "school": school,
        "template": template,
        "starts_on": STARTS_ON,
        "ends_on": ENDS_ON,
        "directors_day": DIRECTORS_DAY,
    }
    return runs.set_up_workshop(**(arguments | changes))


def change(workshop, actor, **changes):
    arguments = {
        "actor": actor,
        "workshop": workshop,
        "starts_on": workshop.starts_on,
        "ends_on": workshop.ends_on,
        "directors_day": workshop.directors_day,
        "facilitator": workshop.facilitator,
        "votes_per_participant": workshop.votes_per_participant,
    }
    return runs.change_workshop(**(arguments | changes))


# --- Setting it up ---------------------------------------------------------------------------


def test_the_director_sets_the_workshop_up_with_a_session_per_day_and_its_four_spaces(template, school, director):
    workshop = set_up(director, school, template)
    assert (workshop.school_year, workshop.created_by, workshop.facilitator) == ("2025-2026", director, None)
    assert workshop.votes_per_participant == template.votes_per_participant
    assert workshop.prioritised == template.prioritised
    sessions = list(WorkshopSession.objects.filter(workshop=workshop).values_list("number", "day"))
    assert sessions == [(1, STARTS_ON), (2, ENDS_ON)]
    spaces = list(workshop.spaces.order_by("space__position"))
    assert [run.space.workspace for run in spaces] == [HUELLA, LUPA, WorkSpace.CONSTRUYENDO_EN_COLECTIVO, "caligrama"]
    assert all(run.state == SpaceRun.State.NOT_STARTED for run in spaces)


@pytest.mark.parametrize("who", ["teacher", "tutor", "outsider", "admin_user"])
def test_only_the_school_director_sets_the_workshop_up(request, who, template, school, director):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        set_up(actor, school, template)
    assert not Workshop.objects.filter(school=school).exists()


def test_the_director_of_another_school_cannot_set_it_up_here(template, school, other_school):
    elsewhere = staff(other_school, StaffMembership.Role.DIRECTOR, "otra@otra.test", "Olga Otra Directora")
    with pytest.raises(PermissionDenied):
        set_up(elsewhere, school, template)
    assert not Workshop.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": STARTS_ON - timedelta(days=1)}, "ends_on"),
        ({"directors_day": STARTS_ON + timedelta(days=1)}, "directors_day"),
        ({"ends_on": STARTS_ON + timedelta(days=6)}, "ends_on"),
        ({"votes_per_participant": 0}, "votes_per_participant"),
        ({"votes_per_participant": 11}, "votes_per_participant"),
    ],
)
def test_bad_dates_and_votes_are_refused_on_their_field(template, school, director, changes, field):
    with pytest.raises(ValidationError) as excinfo:
        set_up(director, school, template, **changes)
    assert field in excinfo.value.message_dict
    assert not Workshop.objects.exists()
    assert not WorkshopSession.objects.exists()


def test_a_workshop_of_six_days_has_six_sessions(template, school, director):
    workshop = set_up(director, school, template, ends_on=STARTS_ON + timedelta(days=5))
    assert workshop.sessions.count() == 6


@pytest.mark.parametrize("who", ["tutor", "outsider", "admin_user"])
def test_the_facilitator_is_a_teacher_or_a_director_of_the_school(request, who, template, school, director):
    with pytest.raises(ValidationError) as excinfo:
        set_up(director, school, template, facilitator=request.getfixturevalue(who))
    assert "facilitator" in excinfo.value.message_dict
    assert not Workshop.objects.exists()


def test_a_named_facilitator_is_told(template, school, director, teacher):
    workshop = set_up(director, school, template, facilitator=teacher)
    assert workshop.facilitator == teacher
    notice = Notification.objects.get(key=f"workshop-facilitator:{workshop.pk}")
    assert notice.recipient == teacher


def test_the_same_template_twice_in_one_school_year_is_refused(template, school, director):
    set_up(director, school, template)
    with pytest.raises(ValidationError) as excinfo:
        set_up(director, school, template, starts_on=date(2026, 3, 2), ends_on=date(2026, 3, 3), directors_day=None)
    assert "template" in excinfo.value.message_dict
    assert Workshop.objects.filter(school=school).count() == 1


def test_the_school_runs_it_again_in_a_later_school_year(template, school, director):
    set_up(director, school, template)
    later = set_up(director, school, template, starts_on=date(2027, 1, 7), ends_on=date(2027, 1, 8), directors_day=None)
    assert later.school_year == "2026-2027"


def test_another_school_runs_the_same_template_the_same_year(template, school, director, other_school):
    set_up(director, school, template)
    elsewhere = staff(other_school, StaffMembership.Role.DIRECTOR, "otra@otra.test", "Olga Otra Directora")
    assert set_up(elsewhere, other_school, template).school == other_school


def test_a_draft_template_is_refused(template, school, director, admin_user):
    draft = runs.new_template_draft(actor=admin_user, template=template)
    with pytest.raises(ValidationError) as excinfo:
        set_up(director, school, draft)
    assert "template" in excinfo.value.message_dict


# --- Changing it ------------------------------------------------------------------------------


def test_the_director_changes_the_days_and_the_votes(workshop, director):
    changed = change(workshop, director, directors_day=None, votes_per_participant=5)
    assert (changed.directors_day, changed.votes_per_participant) == (None, 5)
    workshop.refresh_from_db()
    assert workshop.votes_per_participant == 5


def test_changing_the_dates_is_checked_like_setting_them(workshop, director):
    with pytest.raises(ValidationError) as excinfo:
        change(workshop, director, ends_on=workshop.starts_on - timedelta(days=1))
    assert "ends_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        change(workshop, director, directors_day=workshop.starts_on + timedelta(days=1))
    assert "directors_day" in excinfo.value.message_dict
    workshop.refresh_from_db()
    assert (workshop.ends_on, workshop.directors_day) == (ENDS_ON, DIRECTORS_DAY)


def test_changing_the_dates_keeps_the_six_day_limit(workshop, director):
    with pytest.raises(ValidationError) as excinfo:
        change(workshop, director, ends_on=workshop.starts_on + timedelta(days=30))
    assert "ends_on" in excinfo.value.message_dict
    workshop.refresh_from_db()
    assert workshop.ends_on == ENDS_ON


def test_moving_the_workshop_moves_its_sessions_days(workshop, director):
    week_later = timedelta(days=7)
    change(workshop, director, starts_on=STARTS_ON + week_later, ends_on=ENDS_ON + week_later, directors_day=None)
    days = list(workshop.sessions.values_list("day", flat=True))
    assert all(STARTS_ON + week_later <= day <= ENDS_ON + week_later for day in days), days


def test_moving_the_workshop_to_another_school_year_keeps_one_run_per_year(workshop, director, template, school):
    change(workshop, director, starts_on=date(2027, 1, 7), ends_on=date(2027, 1, 8), directors_day=None)
    with pytest.raises(ValidationError):  # the school already runs it in 2026-2027
        set_up(director, school, template, starts_on=date(2027, 1, 14), ends_on=date(2027, 1, 15), directors_day=None)
    workshop.refresh_from_db()
    assert workshop.school_year == "2026-2027"


@pytest.mark.parametrize("who", ["teacher", "tutor", "outsider", "admin_user"])
def test_only_the_director_changes_the_workshop(request, who, workshop):
    with pytest.raises(PermissionDenied):
        change(workshop, request.getfixturevalue(who), votes_per_participant=7)
    workshop.refresh_from_db()
    assert workshop.votes_per_participant == 3


def test_the_votes_are_frozen_once_the_vote_opened(workshop, director):
    open_space(workshop, LUPA, director)
    problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    workshop.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        change(workshop, director, votes_per_participant=5)
    assert "votes_per_participant" in excinfo.value.message_dict
    workshop.refresh_from_db()
    assert workshop.votes_per_participant == 3
    # Everything else still changes, with the same number of votes.
    change(workshop, director, directors_day=None)
    workshop.refresh_from_db()
    assert workshop.directors_day is None


def test_naming_the_facilitator_is_recorded_and_told(workshop, school, director, teacher):
    change(workshop, director, facilitator=teacher)
    event = Event.objects.get(school=school, verb=VERB_FACILITATOR)
    assert (event.actor, event.old_value, event.new_value) == (director, "", teacher.full_name)
    assert Notification.objects.get(key=f"workshop-facilitator:{workshop.pk}").recipient == teacher


def test_the_facilitator_must_take_part_in_the_school(workshop, director, tutor, outsider):
    for person in (tutor, outsider):
        with pytest.raises(ValidationError) as excinfo:
            change(workshop, director, facilitator=person)
        assert "facilitator" in excinfo.value.message_dict
    workshop.refresh_from_db()
    assert workshop.facilitator is None


# --- The named facilitator -------------------------------------------------------------------


def test_a_named_facilitator_opens_and_concludes_the_spaces(workshop, facilitator):
    run = runs.open_space(actor=facilitator, run=run_of(workshop, HUELLA))
    assert run.is_in_progress
    run = runs.conclude_space(actor=facilitator, run=run)
    assert run.is_concluded


def test_a_named_facilitator_does_not_change_the_workshop(workshop, facilitator):
    workshop.refresh_from_db()
    with pytest.raises(PermissionDenied):
        change(workshop, facilitator, votes_per_participant=6)
    with pytest.raises(PermissionDenied):
        change(workshop, facilitator, facilitator=None)
    workshop.refresh_from_db()
    assert (workshop.votes_per_participant, workshop.facilitator) == (3, facilitator)


def test_a_facilitator_who_left_the_school_no_longer_facilitates(workshop, facilitator, school):
    StaffMembership.objects.filter(user=facilitator, school=school).delete()
    with pytest.raises(PermissionDenied):
        runs.open_space(actor=facilitator, run=run_of(workshop, HUELLA))


# --- Opening and concluding the spaces -------------------------------------------------------


def test_opening_a_space_tells_the_participants(
    workshop, director, teacher, colleague, second_teacher, tutor, outsider
):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    assert run.is_in_progress and run.opened_at is not None
    told = set(Notification.objects.filter(key=f"workshop-space:{run.pk}").values_list("recipient", flat=True))
    assert told == {teacher.pk, colleague.pk, second_teacher.pk}  # not the director who opened it, nor the tutor


def test_one_space_is_in_progress_at_a_time(workshop, director):
    runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    with pytest.raises(ValidationError):
        runs.open_space(actor=director, run=run_of(workshop, LUPA))
    assert run_of(workshop, LUPA).is_not_started
    with pytest.raises(ValidationError):
        runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    assert list(workshop.spaces.in_progress().values_list("space__workspace", flat=True)) == [HUELLA]


@pytest.mark.parametrize("who", ["teacher", "tutor", "outsider", "admin_user"])
def test_only_the_facilitator_or_the_director_opens_a_space(request, who, workshop):
    with pytest.raises(PermissionDenied):
        runs.open_space(actor=request.getfixturevalue(who), run=run_of(workshop, HUELLA))
    assert run_of(workshop, HUELLA).is_not_started


def test_concluding_a_space_stops_its_notices_and_lets_the_next_open(workshop, director, teacher):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    run = runs.conclude_space(actor=director, run=run)
    assert run.is_concluded and run.concluded_at is not None
    assert not Notification.objects.filter(key=f"workshop-space:{run.pk}", read_at__isnull=True).exists()
    assert runs.open_space(actor=director, run=run_of(workshop, LUPA)).is_in_progress


def test_only_a_space_in_progress_is_concluded(workshop, director):
    with pytest.raises(ValidationError):
        runs.conclude_space(actor=director, run=run_of(workshop, HUELLA))
    assert run_of(workshop, HUELLA).is_not_started


def test_a_teacher_does_not_conclude_a_space(workshop, director, teacher):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    with pytest.raises(PermissionDenied):
        runs.conclude_space(actor=teacher, run=run)
    assert run_of(workshop, HUELLA).is_in_progress


def test_a_concluded_space_opens_again(workshop, director):
    run = runs.conclude_space(actor=director, run=runs.open_space(actor=director, run=run_of(workshop, HUELLA)))
    first_opened = run.opened_at
    run = runs.open_space(actor=director, run=run)
    assert run.is_in_progress and run.concluded_at is None and run.opened_at == first_opened


# --- Session roles --------------------------------------------------------------------------


def test_the_facilitator_gives_the_session_its_light_roles(workshop, facilitator, teacher, director, second_teacher):
    session = workshop.sessions.get(number=1)
    Kind = SessionRole.Kind
    runs.assign_session_roles(
        actor=facilitator,
        session=session,
        people={Kind.MODERATION: teacher, Kind.MINUTES: director, Kind.TIMEKEEPING: None},
    )
    assert dict(session.roles.values_list("kind", "person")) == {Kind.MODERATION: teacher.pk, Kind.MINUTES: director.pk}
    runs.assign_session_roles(
        actor=facilitator, session=session, people={Kind.MODERATION: second_teacher, Kind.MINUTES: None}
    )
    assert dict(session.roles.values_list("kind", "person")) == {Kind.MODERATION: second_teacher.pk}


def test_session_roles_go_to_people_who_take_part(workshop, director, teacher, tutor, outsider):
    session = workshop.sessions.get(number=1)
    for person in (tutor, outsider):
        with pytest.raises(ValidationError) as excinfo:
            runs.assign_session_roles(
                actor=director,
                session=session,
                people={SessionRole.Kind.MODERATION: teacher, SessionRole.Kind.MINUTES: person},
            )
        assert f"role_{SessionRole.Kind.MINUTES}" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        runs.assign_session_roles(actor=director, session=session, people={"lider": teacher})
    assert not SessionRoleAssignment.objects.exists()


def test_a_teacher_does_not_give_session_roles(workshop, teacher):
    with pytest.raises(PermissionDenied):
        runs.assign_session_roles(
            actor=teacher, session=workshop.sessions.first(), people={SessionRole.Kind.MODERATION: teacher}
        )
    assert not SessionRoleAssignment.objects.exists()


# --- The synthesis, written together ----------------------------------------------------------


def test_participants_write_the_synthesis_in_turn(workshop, director, teacher, second_teacher):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    run = runs.save_synthesis(actor=teacher, run=run, text="Venimos de trayectorias diversas.", based_on=0)
    run = runs.save_synthesis(actor=second_teacher, run=run, text="Y nos une la escuela.", based_on=run.revision)
    assert (run.synthesis, run.revision, run.synthesis_by) == ("Y nos une la escuela.", 2, second_teacher)


def test_a_synthesis_based_on_an_old_revision_is_a_conflict_and_overwrites_nothing(
    workshop, director, teacher, second_teacher
):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    runs.save_synthesis(actor=teacher, run=run, text="Lo que escribió Teresa.", based_on=0)
    with pytest.raises(EditConflict) as excinfo:
        runs.save_synthesis(actor=second_teacher, run=run, text="Lo que escribió Sergio.", based_on=0)
    conflict = excinfo.value
    assert conflict.theirs == {"text": "Lo que escribió Teresa."}
    assert (conflict.revision, conflict.by) == (1, teacher)
    run.refresh_from_db()
    assert (run.synthesis, run.revision, run.synthesis_by) == ("Lo que escribió Teresa.", 1, teacher)


def test_the_synthesis_is_written_only_while_the_space_is_in_progress(workshop, director, teacher):
    with pytest.raises(ValidationError):
        runs.save_synthesis(actor=teacher, run=run_of(workshop, HUELLA), text="Antes de abrir", based_on=0)
    run = runs.conclude_space(actor=director, run=runs.open_space(actor=director, run=run_of(workshop, HUELLA)))
    with pytest.raises(ValidationError):
        runs.save_synthesis(actor=teacher, run=run, text="Después de cerrar", based_on=0)
    run.refresh_from_db()
    assert (run.synthesis, run.revision) == ("", 0)


@pytest.mark.parametrize("who", ["tutor", "outsider", "admin_user"])
def test_people_who_do_not_take_part_do_not_write_the_synthesis(request, who, workshop, director):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    with pytest.raises(PermissionDenied):
        runs.save_synthesis(actor=request.getfixturevalue(who), run=run, text="Intruso", based_on=0)
    run.refresh_from_db()
    assert run.synthesis == ""


def test_a_synthesis_too_long_or_of_nul_bytes_is_cleaned_or_refused(workshop, director, teacher):
    run = runs.open_space(actor=director, run=run_of(workshop, HUELLA))
    with pytest.raises(ValidationError) as excinfo:
        runs.save_synthesis(actor=teacher, run=run, text="a" * 100_000, based_on=0)
    assert "text" in excinfo.value.message_dict
    run = runs.save_synthesis(actor=teacher, run=run, text="Con\x00 nulo", based_on=0)
    run.refresh_from_db()
    assert "\x00" not in run.synthesis


# --- The audit trail --------------------------------------------------------------------------


def test_the_workshop_s_decisions_leave_audit_rows_at_the_school(workshop, school, director, teacher):
    open_space(workshop, LUPA, director)
    named = problems(workshop, director, 2)
    lupa.open_voting(actor=director, workshop=workshop)
    lupa.place_dot(actor=teacher, problem=named[1])
    lupa.close_voting(actor=director, workshop=workshop)
    runs.conclude_space(actor=director, run=run_of(workshop, LUPA))
    verbs = list(Event.objects.filter(school=school, actor=director).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        VERB_SET_UP,
        VERB_SPACE_OPENED,
        VERB_PROBLEM,  # the two common problems, a product of the space
        VERB_PROBLEM,
        VERB_VOTE_OPENED,
        VERB_VOTE_CLOSED,
        VERB_SPACE_CONCLUDED,
    ]
    opened = Event.objects.get(school=school, verb=VERB_SPACE_OPENED)
    assert opened.subject == "La práctica docente bajo la lupa"
    assert (opened.old_value, opened.new_value) == (SpaceRun.State.NOT_STARTED, SpaceRun.State.IN_PROGRESS)
    closed = Event.objects.get(school=school, verb=VERB_VOTE_CLOSED)
    assert closed.new_value.startswith("Problema común 2")
    assert not Event.objects.filter(school=school, actor=teacher).exists()  # a vote is not audited by name

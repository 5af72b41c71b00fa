"""The home page of each role: what people see and do, bad input, query counts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import page_cache
from communities.models import Notification, ProposalVote
from communities.services.membership import accept_invitation, invite_teacher
from communities.services.phases import request_phase_change
from communities.services.proposals import propose, vote_on_proposal
from tests.conftest import complete_phase, grow, more_teachers, schedule
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_tutor_filters_by_school_and_phase(client, tutor, cas, school):
    second_school = SchoolFactory(name="Telebachillerato Comunitario 12")
    StaffMembershipFactory(user=tutor, school=second_school, role="tutor")
    director_b = UserFactory()
    StaffMembershipFactory(user=director_b, school=second_school, role="director")
    from communities.services.communities import create_community

    create_community(actor=director_b, school=second_school, school_year="2026-2027", tutor=tutor)
    client.force_login(tutor)
    url = reverse("communities:home")
    both = client.get(url).content.decode()
    assert school.name in both and second_school.name in both
    only = client.get(url, {"school": second_school.pk}).content.decode()
    assert second_school.name in only and f">{school.name}</a>" not in only
    none = client.get(url, {"phase": "development"}).content.decode()
    assert "Ninguna comunidad coincide con estos filtros." in none
    bad = client.get(url, {"phase": "nonsense"}).content.decode()
    assert "Ese filtro no es válido" in bad
    assert school.name in bad


def _meetings_agreements_and_goals(cas, skills, person):
    from datetime import timedelta

    from django.utils import timezone

    from communities.services.meetings import add_agreement
    from tests.conftest import held, schedule

    for n in range(2):
        meeting = held(schedule(cas, purpose=f"Pasada {n}"), days_ago=20 + n)
        add_agreement(
            actor=cas.director,
            meeting=meeting,
            text=f"Acuerdo vencido {n}",
            owner=person,
            due_date=timezone.localdate() - timedelta(days=2),
        )
        schedule(cas, days=3 + n)
    for n in range(2):
        _one_goal(cas, skills, person, statement=f"Meta {n}")


# Each role adds its own section of the home page, each a fixed number of queries
# when nothing is cached (the teacher's +1: the satellites' panel beside the
# journal question; the director's and the tutor's +1: whether they have a
# second factor yet; the tutor's +1: the schools of the filter).
@pytest.mark.parametrize(("role", "limit"), [("director", 12), ("tutor", 10), ("teacher", 11)])
def test_home_takes_a_fixed_number_of_queries_for_each_role(
    client, request, cas, school, role, limit, django_assert_max_num_queries
):
    person = request.getfixturevalue(role)
    client.force_login(person)
    url = reverse("communities:home")
    with django_assert_max_num_queries(limit):
        client.get(url)
    grow(cas, school, teachers=3)
    invite_teacher(actor=cas.director, community=cas, teacher=more_teachers(school, 1, start=50)[0])
    _meetings_agreements_and_goals(cas, request.getfixturevalue("skills"), person)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


# --- Cached sections: a write shows on the next page load ----------------------------


def _home(client, person) -> str:
    client.force_login(person)
    return client.get(reverse("communities:home")).content.decode()


def test_a_meeting_scheduled_shows_on_the_teachers_next_home(client, cas, teacher):
    assert "Planear la feria" not in _home(client, teacher)
    assert "Planear la feria" not in _home(client, teacher)  # now from the cache
    schedule(cas, purpose="Planear la feria")
    assert "Planear la feria" in _home(client, teacher)


def test_a_vote_takes_the_proposal_off_the_teachers_home(client, cas, teacher):
    proposal = propose(actor=cas.director, community=cas, text="Llegar puntuales a cada sesión")
    assert "Llegar puntuales" in _home(client, teacher)
    vote_on_proposal(actor=teacher, proposal=proposal, choice=ProposalVote.Choice.AGREE)
    assert "Llegar puntuales" not in _home(client, teacher)


def test_an_accepted_invitation_counts_on_the_directors_next_home(client, cas, school, director):
    newcomer = more_teachers(school, 1, start=70)[0]
    assert "1 de 5 docentes" in _home(client, director)
    invitation = invite_teacher(actor=director, community=cas, teacher=newcomer)
    assert "1 invitación pendiente" in _home(client, director)
    accept_invitation(actor=newcomer, invitation=invitation)
    home = _home(client, director)
    assert "2 de 5 docentes" in home and "0 invitaciones pendientes" in home


def test_a_phase_change_request_shows_on_the_tutors_next_home(client, cas, director, tutor):
    assert "Revisar el cambio de fase" not in _home(client, tutor)
    complete_phase(cas)
    request_phase_change(actor=director, community=cas)
    assert "Revisar el cambio de fase" in _home(client, tutor)


def test_a_read_notice_leaves_the_home_at_once(client, cas, teacher):
    notice = Notification.objects.create(recipient=teacher, kind=Notification.Kind.COMMENT, message="Te comentaron")
    assert "Te comentaron" in _home(client, teacher)
    notice.read_at = timezone.now()
    notice.save(update_fields=["read_at"])
    assert "Te comentaron" not in _home(client, teacher)


def test_nothing_cached_for_one_person_reaches_another(client, cas, teacher, director, school):
    other = more_teachers(school, 1, start=80)[0]
    schedule(cas, purpose="Sólo para miembros")
    assert "Sólo para miembros" in _home(client, teacher)
    assert "Sólo para miembros" not in _home(client, other)


@pytest.mark.parametrize("role", ["director", "tutor", "teacher"])
def test_the_home_takes_as_many_queries_with_more_data_and_fewer_once_cached(
    client, request, cas, school, role, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = request.getfixturevalue(role)
    # A goal with progress from the start: a list with nothing in it skips the
    # query of its relations, which would make "small" one query fewer.
    _one_goal(cas, request.getfixturevalue("skills"), person)
    client.force_login(person)
    url = reverse("communities:home")
    client.get(url)  # the session's first request writes its activity
    page_cache.changed(school_ids=[school.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    grow(cas, school, teachers=3)
    invite_teacher(actor=cas.director, community=cas, teacher=more_teachers(school, 1, start=50)[0])
    _meetings_agreements_and_goals(cas, request.getfixturevalue("skills"), person)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
    assert len(cached) <= 5 < len(small)


def _one_goal(cas, skills, person, statement="Meta inicial"):
    """A goal of the person's, at risk (19 of a target of 10 from 20, a month left)."""
    from datetime import timedelta
    from decimal import Decimal

    from communities.services.goals import record_progress, set_goal

    goal = set_goal(
        actor=cas.director,
        community=cas,
        statement=statement,
        skill=skills["colaboracion"],
        indicator="Reportes",
        unit="reportes",
        baseline=Decimal(20),
        target=Decimal(10),
        due_date=timezone.localdate() + timedelta(days=30),
        owner=person,
    )
    record_progress(actor=cas.director, goal=goal, value=Decimal(19), recorded_on=timezone.localdate())

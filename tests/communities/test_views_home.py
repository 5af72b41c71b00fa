"""The home page of each role: what people see and do, bad input, query counts."""

import pytest
from django.urls import reverse

from communities.services.membership import invite_teacher
from tests.conftest import grow, more_teachers
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
    from decimal import Decimal

    from django.utils import timezone

    from communities.services.goals import record_progress, set_goal
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
        goal = set_goal(
            actor=cas.director,
            community=cas,
            statement=f"Meta {n}",
            skill=skills["colaboracion"],
            indicator="Reportes",
            unit="reportes",
            baseline=Decimal(20),
            target=Decimal(10),
            due_date=timezone.localdate() + timedelta(days=30),
            owner=person,
        )
        record_progress(actor=cas.director, goal=goal, value=Decimal(19), recorded_on=timezone.localdate())


# Each role adds its own section of the home page, each a fixed number of queries
# (the teacher's +1: the satellites' panel beside the journal question; the
# director's and the tutor's +1: whether they have a second factor yet).
@pytest.mark.parametrize(("role", "limit"), [("director", 17), ("tutor", 12), ("teacher", 12)])
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

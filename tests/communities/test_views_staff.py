"""The platform administrator's home and the lists behind its figures: what
people see, who may, bad input, query counts."""

import pytest
from django.urls import reverse

from communities.models import Phase
from communities.services.communities import create_community
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _more_schools(count: int, *, with_cas: int = 0) -> None:
    for number in range(count):
        school = SchoolFactory()
        if number < with_cas:
            director = UserFactory()
            tutor = UserFactory()
            StaffMembershipFactory(user=director, school=school, role="director")
            StaffMembershipFactory(user=tutor, school=school, role="tutor")
            create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)


def test_an_administrator_without_a_school_lands_on_the_platform_overview(client, admin_user, cas):
    client.force_login(admin_user)
    response = client.get(reverse("communities:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:staff_overview")
    html = client.get(response["Location"]).content.decode()
    assert "Comunidades por entidad y fase" in html
    assert "Tu cuenta todavía no está vinculada" not in html


def test_each_count_links_to_the_communities_behind_it(client, admin_user, cas):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_overview")).content.decode()
    behind = reverse("communities:staff_communities") + f"?state=14&amp;phase={Phase.INTEGRATION}"
    assert f'href="{behind}">1</a>' in html
    listed = client.get(reverse("communities:staff_communities"), {"state": "14", "phase": Phase.INTEGRATION})
    assert cas.school.name in listed.content.decode()
    other_phase = client.get(reverse("communities:staff_communities"), {"phase": Phase.DEVELOPMENT})
    assert cas.school.name not in other_phase.content.decode()


def test_the_schools_without_a_cas_are_listed_and_counted(client, admin_user, cas, other_school):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_overview")).content.decode()
    assert other_school.name in html
    listed = client.get(reverse("communities:staff_schools"), {"without_cas": "on"}).content.decode()
    assert other_school.name in listed
    assert cas.school.name not in listed


@pytest.mark.parametrize("query", ["14ETV", "14etv0042b", "benito juárez"])
def test_a_school_is_found_by_cct_or_name(client, admin_user, cas, other_school, query):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_schools"), {"q": query}).content.decode()
    assert other_school.name in html
    assert cas.school.name not in html


def test_a_school_with_a_cas_links_to_it(client, admin_user, cas):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_schools"), {"q": cas.school.cct}).content.decode()
    assert reverse("communities:detail", args=[cas.pk]) in html


def test_the_latest_activity_names_the_school(client, admin_user, cas):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_overview")).content.decode()
    assert "Última actividad" in html
    assert cas.school.name in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 100_000},
        {"q": "nul\x00byte"},
        {"state": "99"},
        {"phase": "<script>alert(1)</script>"},
        {"without_cas": "99999999999999999999999"},
        {"page": "99999999999999999999999"},
    ],
)
@pytest.mark.parametrize("name", ["communities:staff_schools", "communities:staff_communities"])
def test_bad_filters_answer_with_a_message_never_a_500(client, admin_user, cas, name, params):
    client.force_login(admin_user)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize(
    "name", ["communities:staff_overview", "communities:staff_schools", "communities:staff_communities"]
)
def test_only_platform_administrators_see_these_pages(client, teacher, director, name):
    assert client.get(reverse(name)).status_code == 302
    for person in (teacher, director):
        client.force_login(person)
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize(
    ("name", "limit"),
    # (11: with the device that verified the admin's session, which django-otp reads)
    [("communities:staff_overview", 11), ("communities:staff_schools", 7), ("communities:staff_communities", 7)],
)
def test_the_pages_take_a_fixed_number_of_queries(client, admin_user, cas, name, limit, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name)).status_code == 200
    _more_schools(12, with_cas=6)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name)).status_code == 200


def test_a_new_cas_counts_on_the_next_overview(client, admin_user, cas):
    client.force_login(admin_user)
    url = reverse("communities:staff_overview")
    assert client.get(url).context["figures"]["total"] == 1
    assert client.get(url).context["figures"]["total"] == 1  # now from the cache
    _more_schools(1, with_cas=1)
    assert client.get(url).context["figures"]["total"] == 2

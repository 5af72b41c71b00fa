"""Forming a CAS and its page: what people see and do, bad input, query counts."""

import pytest
from django.urls import reverse

from communities.models import Community, Phase
from tests.conftest import grow

pytestmark = pytest.mark.django_db


def test_director_forms_the_cas_from_the_home_page(client, school, director, tutor):
    client.force_login(director)
    home = client.get(reverse("communities:home")).content.decode()
    assert "aún no tiene CAS en este ciclo escolar" in home
    url = reverse("communities:create", args=[school.pk])
    response = client.post(url, {"school_year": "2026-2027", "tutor": tutor.pk})
    community = Community.objects.get()
    assert response["Location"] == reverse("communities:invitations", args=[community.pk])
    assert (community.director, community.tutor, community.phase) == (director, tutor, Phase.INTEGRATION)


def test_a_second_cas_for_the_same_year_gets_a_message_next_to_the_year(client, cas, director, tutor):
    client.force_login(director)
    response = client.post(
        reverse("communities:create", args=[cas.school.pk]), {"school_year": cas.school_year, "tutor": tutor.pk}
    )
    assert response.status_code == 200
    assert "Esta escuela ya tiene una CAS activa para el ciclo escolar 2026-2027." in response.content.decode()
    assert Community.objects.count() == 1


def test_a_malformed_school_year_is_refused(client, school, director, tutor):
    client.force_login(director)
    response = client.post(reverse("communities:create", args=[school.pk]), {"school_year": "2026", "tutor": tutor.pk})
    assert "Escribe el ciclo escolar como dos años seguidos" in response.content.decode()
    assert not Community.objects.exists()


def test_a_cas_of_an_earlier_year_does_not_hide_the_form_button(client, school, director, tutor):
    from communities.models.community import current_school_year
    from communities.services.communities import create_community

    start = int(current_school_year()[:4])
    create_community(actor=director, school=school, school_year=f"{start - 1}-{start}", tutor=tutor)
    client.force_login(director)
    home = client.get(reverse("communities:home")).content.decode()
    assert "aún no tiene CAS en este ciclo escolar" in home
    create_community(actor=director, school=school, school_year=current_school_year(), tutor=tutor)
    home = client.get(reverse("communities:home")).content.decode()
    assert "aún no tiene CAS en este ciclo escolar" not in home


@pytest.mark.parametrize(
    ("page", "limit"),
    [("detail", 12), ("proposals", 10), ("invitations", 10), ("conditions", 9)],
)
def test_community_pages_take_a_fixed_number_of_queries(
    client, cas, school, page, limit, django_assert_max_num_queries
):
    client.force_login(cas.director)
    url = reverse(f"communities:{page}", args=[cas.pk])
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    grow(cas, school)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200

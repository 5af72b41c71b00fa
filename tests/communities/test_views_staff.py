"""The platform administrators' overview: what people see and do, bad input, query counts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_overview_counts_per_state_and_phase(client, admin_user, cas):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_overview")).content.decode()
    assert "Jalisco" in html
    assert "Comunidades por entidad y fase" in html


def test_staff_overview_takes_a_fixed_number_of_queries(client, admin_user, cas, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("communities:staff_overview")).status_code == 200

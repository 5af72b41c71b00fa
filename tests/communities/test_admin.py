import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from communities.models import Community, School

pytestmark = pytest.mark.django_db


COMMUNITY_MODELS = [model for model in admin.site._registry if model._meta.app_label == "communities"]


@pytest.fixture
def demo(demo_data):
    """The demo, seeded once for the module (`demo_data`)."""


@pytest.mark.parametrize("model", COMMUNITY_MODELS, ids=lambda m: m.__name__)
def test_every_changelist_loads_with_few_queries(client, admin_user, demo, model, django_assert_max_num_queries):
    client.force_login(admin_user)
    url = reverse(f"admin:communities_{model._meta.model_name}_changelist")
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    # The first row the admin itself lists (it hides private journal entries).
    request = RequestFactory().get("/")
    request.user = admin_user
    first = admin.site._registry[model].get_queryset(request).first()
    url = reverse(f"admin:communities_{model._meta.model_name}_change", args=[first.pk])
    assert client.get(url).status_code == 200


def test_admin_changes_the_teacher_cap_through_the_service(client, admin_user, demo):
    community = Community.objects.get(school__cct="14DCT0038K")
    client.force_login(admin_user)
    url = reverse("admin:communities_community_change", args=[community.pk])
    response = client.post(url, {"teacher_cap": "3", **_empty_inlines()})
    assert "La CAS ya tiene 5 docentes; el límite no puede ser menor." in response.content.decode()
    response = client.post(url, {"teacher_cap": "6", **_empty_inlines()})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.teacher_cap == 6
    assert community.events.filter(verb="cap_changed", actor=admin_user).exists()


def _empty_inlines():
    data = {}
    for prefix in ("memberships", "invitations", "milestones", "phase_reviews", "diffusion_summary"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_admin_is_closed_to_school_staff(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_adding_a_school_with_a_malformed_cct_shows_the_error_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:communities_school_add"),
        {
            "name": "Escuela Primaria Niños Héroes",
            "cct": "14DPR01X",
            "state": "14",
            "municipality": "Zapopan",
            "level": "basica",
            "shift": "matutino",
            "staff_memberships-TOTAL_FORMS": "0",
            "staff_memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "La CCT debe tener 10 caracteres" in response.content.decode()
    assert not School.objects.filter(name="Escuela Primaria Niños Héroes").exists()


def test_adding_a_school_accepts_a_cct_in_lower_case(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:communities_school_add"),
        {
            "name": "Escuela Primaria Niños Héroes",
            "cct": "14dpr0101x",
            "state": "14",
            "municipality": "Zapopan",
            "level": "basica",
            "shift": "matutino",
            "staff_memberships-TOTAL_FORMS": "0",
            "staff_memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert School.objects.get(name="Escuela Primaria Niños Héroes").cct == "14DPR0101X"


def test_outgoing_email_is_read_only(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:communities_outgoingemail_add")).status_code == 403


@pytest.mark.parametrize("model_name", ["user", "school"])
def test_the_people_and_schools_lists_take_the_same_queries_with_many_rows(
    client, admin_user, model_name, django_assert_max_num_queries
):
    """A page of the list, a search and a filter: no COUNT of every row beside
    the page's own, no query per row, whether there are 3 or 60 rows."""
    from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

    client.force_login(admin_user)
    url = reverse(f"admin:communities_{model_name}_changelist")

    def grow(n):
        for _ in range(n):
            StaffMembershipFactory(user=UserFactory(), school=SchoolFactory())

    grow(2)
    for query in ({}, {"q": "a"}):
        with django_assert_max_num_queries(5) as few:
            assert client.get(url, query).status_code == 200
        grow(30)
        with django_assert_max_num_queries(5) as many:
            assert client.get(url, query).status_code == 200
        assert len(many.captured_queries) == len(few.captured_queries)

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from communities.forms.accounts import UserAdminCreationForm
from communities.models import StaffMembership, User
from communities.selectors import schools_with_roles_for
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_user_stores_the_email_in_lower_case():
    user = User.objects.create_user("Maestra.Luna@Escuela.MX", "una-clave-larga-1", full_name="Luna Maestra")
    assert user.email == "maestra.luna@escuela.mx"
    assert user.check_password("una-clave-larga-1")
    assert not user.is_staff


def test_login_lookup_ignores_capitalisation():
    user = UserFactory(email="ana@escuela.test")
    assert User.objects.get_by_natural_key("  ANA@Escuela.Test ") == user


def test_users_have_no_username_field():
    assert not any(field.name == "username" for field in User._meta.get_fields())
    assert User.USERNAME_FIELD == "email"


def test_database_refuses_an_upper_case_email():
    with pytest.raises(IntegrityError):
        User.objects.bulk_create([User(email="Mayus@escuela.test", full_name="Mayúsculas")])


def test_duplicate_email_in_another_capitalisation_is_refused_with_a_spanish_message():
    UserFactory(email="ana@escuela.test")
    form = UserAdminCreationForm(
        data={
            "email": "ANA@escuela.test",
            "full_name": "Ana Repetida",
            "usable_password": "true",
            "password1": "otra-clave-muy-larga-7",
            "password2": "otra-clave-muy-larga-7",
        }
    )
    assert not form.is_valid()
    assert form.errors["email"] == ["Ya existe una cuenta con este correo electrónico."]
    assert User.objects.count() == 1


def test_full_name_is_required():
    user = User(email="sin.nombre@escuela.test", full_name="   ")
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean(exclude=["password"])
    assert "full_name" in excinfo.value.message_dict


def test_a_person_can_work_at_two_schools_in_different_roles():
    person = UserFactory()
    first, second = SchoolFactory(), SchoolFactory()
    StaffMembershipFactory(user=person, school=first, role=StaffMembership.Role.TEACHER)
    StaffMembershipFactory(user=person, school=first, role=StaffMembership.Role.DIRECTOR)
    StaffMembershipFactory(user=person, school=second, role=StaffMembership.Role.TUTOR)

    entries = schools_with_roles_for(person)

    assert {entry.school for entry in entries} == {first, second}
    roles = {entry.school: sorted(entry.roles) for entry in entries}
    assert roles[first] == ["Director(a)", "Docente"]
    assert roles[second] == ["Tutor Construye T"]


def test_the_same_role_twice_at_one_school_is_refused():
    membership = StaffMembershipFactory()
    with pytest.raises(IntegrityError):
        StaffMembership.objects.create(user=membership.user, school=membership.school, role=membership.role)


def test_schools_with_roles_takes_one_query_whatever_the_number_of_schools(django_assert_num_queries):
    person = UserFactory()
    for _ in range(6):
        StaffMembershipFactory(user=person)
    connection.queries_log.clear()
    with django_assert_num_queries(1):
        assert len(schools_with_roles_for(person)) == 6

"""The second factor as people use it: setting up an authenticator app with a
real code, signing in with it or with a recovery code, the platform's pages
closed to an administrator without it, and an administrator resetting
someone's lost factor. Codes are computed from the secret as the app would."""

import re
from binascii import unhexlify
from datetime import timedelta

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.models import Event, User
from communities.services import security
from communities.views.security import APP_KEY
from tests.conftest import current_code, with_second_factor
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG_CODE = "El código no es correcto"


def _code_for(key: str) -> str:
    """What an app set up with `key` shows now."""
    return f"{totp(unhexlify(key)):06d}"


def _enrol(client: Client, next_url: str = "") -> list[str]:
    """Set up the app through its page: open it, read the secret, type the
    app's code. Returns the recovery codes the page shows."""
    page = reverse("security_app") + (f"?next={next_url}" if next_url else "")
    response = client.get(page)
    assert response.status_code == 200
    key = client.session[APP_KEY]
    response = client.post(page, {"code": _code_for(key), "next": next_url})
    assert response.status_code == 200, response.content.decode()
    return re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', response.content.decode())


def _sign_in(client: Client, user: User, code: str | None = None, next_url: str = ""):
    data = {"username": user.email, "password": TEST_PASSWORD, "next": next_url}
    response = client.post(reverse("login"), data)
    if code is None:
        return response
    assert response["Location"].startswith(reverse("login_code"))
    return client.post(response["Location"], {"code": code})


def _signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def _app_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


# --- Setting up the app ---------------------------------------------------------------------


def test_a_teacher_sets_up_the_app_with_the_code_it_shows(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("security_app"))
    html = response.content.decode()
    assert "<svg" in html  # the QR code, drawn on the server
    key = client.session[APP_KEY]
    assert security.readable_key(key) in html  # the secret, to type by hand
    response = client.post(reverse("security_app"), {"code": _code_for(key)})
    assert response.status_code == 200
    codes = re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', response.content.decode())
    assert len(codes) == 10
    assert "esta es la única vez que se muestran" in response.content.decode()
    device = _app_of(teacher)
    assert device.key == key
    assert set(StaticToken.objects.filter(device__user=teacher).values_list("token", flat=True)) == set(codes)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # this session is verified
    event = Event.objects.get(verb=Event.Verb.FACTOR_ADDED)
    assert (event.person, event.actor) == (teacher, teacher)
    # Shown once: the security page tells how many are left, not which.
    html = client.get(reverse("security")).content.decode()
    assert "Te quedan 10 códigos de recuperación" in html
    assert codes[0] not in html


def test_a_wrong_code_sets_up_nothing(client, teacher):
    client.force_login(teacher)
    client.get(reverse("security_app"))
    wrong = _code_for(security.new_app_key())  # another app's code
    response = client.post(reverse("security_app"), {"code": wrong})
    assert response.status_code == 400
    assert "Ese código no es el que muestra tu app" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert not Event.objects.filter(person=teacher).exists()
    # Garbage and NUL bytes: a message, never a 500.
    for bad in ("", "12345\x00", "x" * 500):
        assert client.post(reverse("security_app"), {"code": bad}).status_code == 400


# --- Signing in -----------------------------------------------------------------------------


def test_signing_in_asks_for_the_code_after_the_password(client, teacher):
    with_second_factor(teacher)
    response = _sign_in(client, teacher, next_url=reverse("communities:journal"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login_code"))
    assert not _signed_in(client)  # not until the code is right
    assert client.get(reverse("communities:home"))["Location"].startswith(reverse("login"))

    wrong = "000000" if current_code(teacher.otp_device) != "000000" else "111111"
    response = client.post(response["Location"], {"code": wrong})
    assert response.status_code == 400
    assert WRONG_CODE in response.content.decode()
    assert not _signed_in(client)

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):  # past the wait after a wrong code
        response = client.post(reverse("login_code") + "?next=/journal/", {"code": current_code(teacher.otp_device)})
        assert response.status_code == 302
        assert response["Location"] == "/journal/"
        assert _signed_in(client)
        assert client.session[DEVICE_ID_SESSION_KEY] == teacher.otp_device.persistent_id


def test_people_without_a_factor_sign_in_with_their_password_alone(client, teacher):
    response = _sign_in(client, teacher)
    assert response["Location"] == reverse("communities:home")
    assert _signed_in(client)


def test_a_code_cannot_be_used_twice(client, teacher):
    with_second_factor(teacher)
    code = current_code(teacher.otp_device)
    _sign_in(client, teacher, code)
    assert _signed_in(client)
    other = Client()
    response = _sign_in(other, teacher, code)
    assert response.status_code == 400
    assert not _signed_in(other)


def test_a_recovery_code_signs_in_once(client, teacher):
    client.force_login(teacher)
    codes = _enrol(client)
    spare = Client()
    response = _sign_in(spare, teacher, codes[0].upper()[:4] + "-" + codes[0][4:])  # as people type them
    assert response.status_code == 302
    assert _signed_in(spare)
    assert StaticToken.objects.filter(device__user=teacher).count() == 9
    again = Client()
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        response = _sign_in(again, teacher, codes[0])
    assert response.status_code == 400
    assert WRONG_CODE in response.content.decode()
    assert not _signed_in(again)


def test_wrong_codes_slow_the_next_attempts(client, teacher):
    with_second_factor(teacher)
    with time_machine.travel(timezone.now(), tick=False):
        wrong = "000001" if current_code(teacher.otp_device) != "000001" else "000002"
        response = _sign_in(client, teacher, wrong)
        assert WRONG_CODE in response.content.decode()
        response = client.post(reverse("login_code"), {"code": current_code(teacher.otp_device)})
        assert response.status_code == 400
        assert "Demasiados códigos incorrectos. Espera 1 segundo" in response.content.decode()
        assert not _signed_in(client)
    device = _app_of(teacher)
    assert device.throttling_failure_count == 1


def test_the_pending_sign_in_expires(client, teacher):
    with_second_factor(teacher)
    _sign_in(client, teacher)
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.post(reverse("login_code"), {"code": current_code(teacher.otp_device)})
    assert response["Location"] == reverse("login")
    assert not _signed_in(client)


# --- The platform's pages -------------------------------------------------------------------


@pytest.fixture
def bare_admin():
    """A platform administrator who has not set up a second factor."""
    return UserFactory(email="admin@cas.test", full_name="Ada Administradora", is_staff=True, is_superuser=True)


def test_an_admin_without_a_factor_sets_it_up_before_admin_and_staff_pages(client, bare_admin):
    client.force_login(bare_admin)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('security_app')}?next=%2Fadmin%2F"
    assert "Los administradores de la plataforma necesitan un segundo factor" in response.content.decode()
    response = client.get(reverse("communities:staff_overview"))
    assert response["Location"] == f"{reverse('security_app')}?next=%2Fstaff%2Foverview%2F"
    assert client.get(reverse("communities:school_create")).status_code == 302

    _enrol(client, next_url="/admin/")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("communities:staff_overview")).status_code == 200


def test_an_admin_whose_session_is_not_verified_types_the_code(client, admin_user):
    client.force_login(User.objects.get(pk=admin_user.pk))  # signed in, not verified by the app
    response = client.get(reverse("communities:staff_overview"))
    assert response["Location"] == f"{reverse('login_code')}?next=%2Fstaff%2Foverview%2F"
    response = client.post(response["Location"], {"code": current_code(admin_user.otp_device)})
    assert response["Location"] == "/staff/overview/"
    assert client.get(reverse("communities:staff_overview")).status_code == 200


def test_the_admin_sign_in_is_the_apps_own(client, admin_user):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=/admin/"
    response = _sign_in(client, admin_user, next_url="/admin/")
    response = client.post(response["Location"], {"code": current_code(admin_user.otp_device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_school_staff_still_cannot_open_the_admin(client, director):
    with_second_factor(director)
    client.force_login(director)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(response["Location"]).status_code == 200  # Django's page: not allowed


def test_the_devices_are_not_in_the_admin():
    assert TOTPDevice not in admin.site._registry  # they hold each person's secret


# --- Losing the phone ---------------------------------------------------------------------------


def test_an_admin_resets_a_lost_factor_and_it_is_audited(client, admin_user, teacher):
    with_second_factor(teacher)
    phone = Client()
    phone.force_login(teacher)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:communities_user_changelist"),
        {"action": "reset_second_factor", helpers.ACTION_CHECKBOX_NAME: [teacher.pk]},
        follow=True,
    )
    assert "Segundo factor restablecido para: Teresa Docente Ramírez." in response.content.decode()
    assert not security.has_factor(teacher)
    event = Event.objects.get(verb=Event.Verb.FACTOR_RESET)
    assert (event.person, event.actor) == (teacher, admin_user)
    assert phone.get(reverse("communities:home"))["Location"].startswith(reverse("login"))  # signed out
    # Now the password alone signs in, until a new app is set up.
    assert _sign_in(Client(), teacher)["Location"] == reverse("communities:home")


def test_the_reset_is_for_platform_admins_only(teacher, director):
    with_second_factor(teacher)
    with pytest.raises(PermissionDenied, match="administración de la plataforma"):
        security.reset_factor(actor=director, person=teacher)
    assert security.has_factor(teacher)


def test_removing_the_factor_asks_for_the_password_or_a_code(client, teacher):
    client.force_login(teacher)
    codes = _enrol(client)
    response = client.post(reverse("security_remove"), {"secret": "no-es-la-clave"})
    assert response.status_code == 400
    assert "Eso no es tu contraseña ni un código válido" in response.content.decode()
    assert security.has_factor(teacher)
    response = client.post(reverse("security_remove"), {"secret": codes[3]})
    assert response["Location"] == reverse("security")
    assert not security.has_factor(teacher)
    assert not StaticToken.objects.filter(device__user=teacher).exists()
    assert Event.objects.filter(person=teacher, verb=Event.Verb.FACTOR_REMOVED, actor=teacher).exists()
    assert _signed_in(client)  # this session stays


def test_new_recovery_codes_replace_the_old_ones(client, teacher):
    client.force_login(teacher)
    old = _enrol(client)
    response = client.post(reverse("security_codes"))
    new = re.findall(r'<code class="fs-5">([a-z2-7]{8})</code>', response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert Event.objects.filter(person=teacher, verb=Event.Verb.RECOVERY_CODES_RENEWED).exists()
    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False) as clock:
        assert _sign_in(Client(), teacher, old[0]).status_code == 400
        clock.shift(timedelta(seconds=2))  # the wait after a wrong code
        assert _sign_in(Client(), teacher, new[0]).status_code == 302


def test_codes_cannot_be_renewed_without_a_factor(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("security_codes"), follow=True)
    assert "Primero configura una app de autenticación" in response.content.decode()
    assert not StaticToken.objects.exists()


# --- The home page suggests it to directors and tutors ------------------------------------------


def test_directors_and_tutors_are_offered_the_factor_until_they_have_it(client, director, tutor, teacher):
    card = "Protege tu cuenta con un segundo factor"
    client.force_login(teacher)
    assert card not in client.get(reverse("communities:home")).content.decode()
    for person in (director, tutor):
        client.force_login(person)
        assert card in client.get(reverse("communities:home")).content.decode()
    _enrol(client)
    assert card not in client.get(reverse("communities:home")).content.decode()


# --- The security page --------------------------------------------------------------------------


@pytest.mark.parametrize("has_factor", [False, True])
def test_the_security_page_takes_few_queries(client, teacher, has_factor, django_assert_max_num_queries):
    if has_factor:
        with_second_factor(teacher)
    client.force_login(teacher)
    client.get(reverse("security"))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("security"))
    assert response.status_code == 200
    assert ("Activado" in response.content.decode()) is has_factor

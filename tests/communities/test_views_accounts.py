import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from communities.models import OutgoingEmail
from tests.factories import TEST_PASSWORD, SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def _login(client, email, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def test_login_page_is_in_spanish_by_default(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response["Content-Language"] == "es-mx"
    html = response.content.decode()
    assert '<html lang="es-mx">' in html
    assert "Iniciar sesión" in html
    assert "Correo electrónico" in html


def test_teacher_logs_in_with_email_in_any_capitalisation(client, teacher):
    response = _login(client, "TERE@Escuela.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:home")
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_wrong_password_gets_a_spanish_message_and_no_session(client, teacher):
    response = _login(client, teacher.email, "no-es-la-clave")
    assert response.status_code == 200
    assert "El correo electrónico o la contraseña no son correctos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_locks_out_the_account_from_that_address_after_five_failures(client, teacher):
    for _ in range(5):
        _login(client, teacher.email, "no-es-la-clave", REMOTE_ADDR="10.1.1.1")

    response = _login(client, teacher.email, REMOTE_ADDR="10.1.1.1")

    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(client, teacher, director):
    for _ in range(5):
        _login(client, teacher.email, "no-es-la-clave", REMOTE_ADDR="10.1.1.1")

    assert _login(client, teacher.email, REMOTE_ADDR="10.2.2.2").status_code == 302
    client.logout()
    assert _login(client, director.email, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_logout_only_accepts_post(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert "Cerraste tu sesión" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_home_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("communities:home"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"


def test_home_lists_only_the_persons_own_schools_and_roles(client, teacher, school, outsider, other_school):
    client.force_login(teacher)
    html = client.get(reverse("communities:home")).content.decode()
    assert school.name in html
    assert school.cct in html
    assert "Docente" in html
    assert other_school.name not in html


def test_home_tells_a_person_without_schools_what_to_do(client):
    client.force_login(UserFactory())
    html = client.get(reverse("communities:home")).content.decode()
    assert "Tu cuenta todavía no está vinculada a ninguna escuela" in html


def test_home_query_count_does_not_grow_with_schools(client, teacher, django_assert_max_num_queries):
    for _ in range(10):
        StaffMembershipFactory(user=teacher, school=SchoolFactory())
    client.force_login(teacher)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("communities:home"))
    assert response.content.decode().count("school-card") == 11


def test_password_change_needs_the_old_password_and_a_strong_new_one(client, teacher):
    client.force_login(teacher)
    url = reverse("password_change")
    weak = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "La contraseña es demasiado corta" in weak.content.decode()

    strong = "montaña-azul-de-oaxaca"
    response = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(strong)


def _request_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def test_password_reset_mails_a_link_through_the_outbox(client, teacher, django_capture_on_commit_callbacks):
    response = _request_reset(client, "Tere@escuela.test", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email]
    assert message.subject == "Elige una nueva contraseña para CAS"
    assert "Hola, Teresa:" in message.body
    sent = OutgoingEmail.objects.get()
    assert sent.sent_at is not None
    assert sent.body == ""  # the link is not kept once delivered

    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "pirámide-del-sol-2026"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password(new_password)

    reused = client.get(link, follow=True)
    assert "Este enlace ya no funciona" in reused.content.decode()


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    response = _request_reset(client, "nadie@escuela.test", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    assert not OutgoingEmail.objects.exists()


def test_expired_reset_link_explains_and_changes_nothing(client, teacher, django_capture_on_commit_callbacks):
    with time_machine.travel("2026-03-02 09:00 -06:00", tick=False):
        _request_reset(client, teacher.email, django_capture_on_commit_callbacks)
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)

    with time_machine.travel("2026-03-03 09:00 -06:00", tick=False):
        response = client.get(link, follow=True)

    assert "Este enlace ya no funciona" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password(TEST_PASSWORD)


def test_language_switch_to_english_and_back(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "My schools" in html

    response = client.post(reverse("set_language"), {"language": "es-mx", "next": "/"}, follow=True)
    assert "Mis escuelas" in response.content.decode()


def test_an_english_browser_still_gets_spanish_until_the_person_switches(client):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "es-mx"
    assert "Iniciar sesión" in response.content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    response = client.get(LOGIN)
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_spanish(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get(LOGIN)["Content-Language"] == "es-mx"


def test_unknown_pages_get_a_spanish_404(client, teacher):
    client.force_login(teacher)
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_a_forged_reset_link_explains_and_the_done_page_invites_to_sign_in(client):
    bad = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]), follow=True)
    assert "Este enlace ya no funciona" in bad.content.decode()
    done = client.get(reverse("password_reset_complete")).content.decode()
    assert "Tu nueva contraseña está lista" in done

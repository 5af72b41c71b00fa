"""A person's sessions: two browsers of one person (a school computer and a
phone). Signing out, "cerrar sesión en todos mis dispositivos", a new password,
a second factor set up and a deactivated account end the other browser's
session on its next request; an unused session closes by itself."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from communities.models import Event, User
from tests.communities.test_second_factor import _enrol
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("communities:home")
NEW_PASSWORD = "otra-clave-para-la-cas-2027"


def _browser(person: User) -> Client:
    browser = Client()
    browser.force_login(person)
    assert browser.get(HOME).status_code == 200
    return browser


def _is_signed_out(browser: Client) -> bool:
    response = browser.get(HOME)
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def school_computer(teacher):
    return _browser(teacher)


@pytest.fixture
def phone(teacher):
    return _browser(teacher)


def test_signing_out_on_one_device_signs_out_on_all(school_computer, phone):
    school_computer.post(reverse("logout"))
    assert _is_signed_out(school_computer)
    assert _is_signed_out(phone)


def test_sign_out_on_all_my_devices(school_computer, phone, teacher):
    response = school_computer.post(reverse("security_sign_out_everywhere"), follow=True)
    assert "Cerraste la sesión en todos tus dispositivos" in response.content.decode()
    assert _is_signed_out(school_computer)
    assert _is_signed_out(phone)
    event = Event.objects.get(verb=Event.Verb.SESSIONS_ENDED)
    assert (event.person, event.actor) == (teacher, teacher)
    # Signing in again works as ever.
    again = Client()
    again.post(reverse("login"), {"username": teacher.email, "password": TEST_PASSWORD})
    assert again.get(HOME).status_code == 200


def test_a_new_password_keeps_this_device_and_ends_the_others(school_computer, phone, teacher):
    response = school_computer.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert school_computer.get(HOME).status_code == 200
    assert _is_signed_out(phone)
    assert Event.objects.filter(person=teacher, actor=teacher, verb=Event.Verb.PASSWORD_CHANGED).exists()


def _as_posted(form) -> dict:
    """A bound admin form's fields as the browser would post them, unchanged."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if field.disabled or value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def _admin_change_page_as_posted(response) -> dict:
    data = _as_posted(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= _as_posted(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= _as_posted(form)
    return data


def test_a_deactivated_account_is_signed_out_everywhere(client, admin_user, phone, teacher):
    client.force_login(admin_user)
    url = reverse("admin:communities_user_change", args=[teacher.pk])
    data = _admin_change_page_as_posted(client.get(url))
    del data["is_active"]  # the box unticked
    response = client.post(url, data)
    assert response.status_code == 302
    assert _is_signed_out(phone)
    # Turned on again, the old session stays ended.
    User.objects.filter(pk=teacher.pk).update(is_active=True)
    assert _is_signed_out(phone)


def test_the_session_key_changes_at_sign_in_and_when_the_factor_is_set_up(client, teacher):
    client.get(reverse("login"))
    before = client.session.session_key
    client.post(reverse("login"), {"username": teacher.email, "password": TEST_PASSWORD})
    signed_in = client.session.session_key
    assert signed_in != before
    phone = _browser(teacher)
    _enrol(client)
    assert client.session.session_key != signed_in
    assert client.get(HOME).status_code == 200  # this one stays, verified
    assert _is_signed_out(phone)  # the others sign in again, now with the code


# --- Closing by itself ------------------------------------------------------------------------


def test_an_unused_session_closes_after_two_hours_and_says_so(teacher):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = _browser(teacher)
        clock.shift(timedelta(minutes=119))
        assert browser.get(HOME).status_code == 200  # still there, and now fresh again
        clock.shift(timedelta(minutes=119))
        assert browser.get(HOME).status_code == 200
        clock.shift(timedelta(hours=2, minutes=1))
        response = browser.get(reverse("communities:journal"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert SESSION_KEY not in browser.session
    assert "Tu sesión se cerró tras 2 horas sin actividad" in response.content.decode()


def test_the_timeout_is_a_setting(teacher, settings):
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = _browser(teacher)
        clock.shift(timedelta(minutes=31))
        response = browser.get(HOME, follow=True)
    assert "Tu sesión se cerró tras 30 minutos sin actividad" in response.content.decode()


def test_activity_is_written_at_most_once_a_minute_and_polls_do_not_count(teacher):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        browser = _browser(teacher)
        seen = browser.session["cas_last_seen"]
        clock.shift(timedelta(seconds=50))
        browser.get(HOME)
        assert browser.session["cas_last_seen"] == seen  # not written again
        clock.shift(timedelta(minutes=5))
        browser.get(HOME, headers={"HX-Request": "true"})  # a report's status, polled
        assert browser.session["cas_last_seen"] == seen
        browser.get(HOME)
        assert browser.session["cas_last_seen"] == seen + 5 * 60 + 50
        # Polling alone does not keep a session alive.
        for _minute in range(121):
            clock.shift(timedelta(minutes=1))
            browser.get(HOME, headers={"HX-Request": "true"})
        assert _is_signed_out(browser)

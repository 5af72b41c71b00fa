"""Rate limits on the sign-in, the password reset and the activation link
(communities.ratelimits): each trips at its threshold and lets the next attempt
through once its window has slid by, answers the same for an address with and
without an account, tells an account's owner once when many addresses fail on
it, changes nothing when it refuses, and steps aside when the cache is down."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from communities.activation import activation_link
from communities.forms.accounts import EmailAuthenticationForm
from communities.models import Event, OutgoingEmail, QueuedTask
from tests import unreachable_cache
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
RESET = reverse("password_reset")
WRONG = "no-es-la-clave"
# The start of a window (windows are aligned to multiples of their length).
START = datetime.fromisoformat("2026-03-02T09:00:00-06:00")


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.RATE_LIMIT_WINDOW = timedelta(minutes=15)
    settings.RATE_LIMIT_SIGN_IN_PER_IP = 6
    settings.RATE_LIMIT_SIGN_IN_PER_ACCOUNT = 4
    settings.RATE_LIMIT_PASSWORD_RESET_PER_IP = 5
    settings.RATE_LIMIT_PASSWORD_RESET_PER_ADDRESS = 3
    settings.RATE_LIMIT_ACTIVATION_PER_IP = 3
    settings.RATE_LIMIT_ACTIVATION_PER_ACCOUNT = 3


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _login(client, email, password=WRONG, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _reset(client, email, ip="10.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=ip)


def _page(response) -> str:
    """The page without its CSRF token, which is masked afresh on every page."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


# --- Sign-in: per IP ------------------------------------------------------------------------------


def test_sign_in_failures_from_one_ip_pause_every_account_from_it(client, clock, teacher, director):
    for n in range(6):  # six addresses, so django-axes' lock per address never trips
        assert _login(client, f"persona{n}@escuela.test").status_code == 200

    refused = _login(client, teacher.email, TEST_PASSWORD)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "901"
    html = refused.content.decode()
    assert "Demasiados intentos" in html and "Intenta de nuevo en 15 minutos" in html
    assert "_auth_user_id" not in client.session
    assert _login(client, director.email, TEST_PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_ip_limit_lets_the_next_attempt_through_once_its_window_slides_by(client, clock, teacher):
    for n in range(6):
        _login(client, f"persona{n}@escuela.test")
    clock.move_to(START + timedelta(minutes=14))
    assert _login(client, teacher.email, TEST_PASSWORD).status_code == 429
    clock.move_to(START + timedelta(minutes=16))
    assert _login(client, teacher.email, TEST_PASSWORD).status_code == 302


def test_good_sign_ins_do_not_count(client, clock, teacher):
    for _ in range(10):
        assert _login(client, teacher.email, TEST_PASSWORD).status_code == 302
        client.logout()


# --- Sign-in: per account, across IPs -------------------------------------------------------------


def test_failures_from_many_ips_pause_the_account_and_tell_its_owner_once(
    client, clock, teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            assert _login(client, teacher.email, ip=f"10.0.1.{n}").status_code == 200
        refused = _login(client, teacher.email, TEST_PASSWORD, ip="10.0.2.1")  # the right password, a new IP
        for n in range(6):
            _login(client, teacher.email, ip=f"10.0.3.{n}")

    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    (email,) = OutgoingEmail.objects.all()
    assert email.to == teacher.email
    assert email.subject == "Pausamos por un rato el inicio de sesión de tu cuenta de CAS"
    (event,) = Event.objects.filter(verb=Event.Verb.SIGN_IN_PAUSED)
    assert (event.person, event.actor) == (teacher, None)

    clock.move_to(START + timedelta(minutes=16))
    assert _login(client, teacher.email, TEST_PASSWORD, ip="10.0.2.1").status_code == 302


def test_the_owner_is_told_again_in_a_later_window(client, clock, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(4):
            _login(client, teacher.email, ip=f"10.0.1.{n}")
        clock.move_to(START + timedelta(minutes=45))
        for n in range(4):
            _login(client, teacher.email, ip=f"10.0.4.{n}")
    assert OutgoingEmail.objects.filter(to=teacher.email).count() == 2
    assert teacher.account_events.filter(verb=Event.Verb.SIGN_IN_PAUSED).count() == 2


def test_an_address_without_account_gets_the_same_answer_and_nobody_is_told(client, clock, teacher):
    answers = {}
    for k, email in enumerate((teacher.email, "nadie@escuela.test")):
        statuses = [_login(client, email, ip=f"10.{k}.1.{n}").status_code for n in range(4)]
        refused = _login(client, email, ip=f"10.{k}.2.1")
        answers[email] = (statuses, refused.status_code, refused["Retry-After"], _page(refused))
    assert answers[teacher.email] == answers["nadie@escuela.test"]
    assert answers[teacher.email][1] == 429
    assert not OutgoingEmail.objects.exclude(to=teacher.email).exists()
    assert not Event.objects.filter(person__isnull=True, verb=Event.Verb.SIGN_IN_PAUSED).exists()


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast in tests) that counts how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_a_missing_account_costs_the_same_password_hashing(client, settings):
    settings.PASSWORD_HASHERS = ["tests.communities.test_rate_limits.CountingHasher"]
    UserFactory(email="tere@escuela.test", password=TEST_PASSWORD)
    costs = {}
    for email in ("tere@escuela.test", "nadie@escuela.test"):
        CountingHasher.calls = 0
        _login(client, email)
        costs[email] = CountingHasher.calls
    assert costs == {"tere@escuela.test": 1, "nadie@escuela.test": 1}


def test_a_new_password_by_e_mail_lifts_the_pause(client, clock, teacher, django_capture_on_commit_callbacks):
    for n in range(4):
        _login(client, teacher.email, ip=f"10.0.1.{n}")
    assert _login(client, teacher.email, TEST_PASSWORD, ip="10.0.2.1").status_code == 429

    with django_capture_on_commit_callbacks(execute=True):
        _reset(client, teacher.email, ip="10.0.2.1")
    (message,) = [m for m in mail.outbox if m.subject.startswith("Elige")]
    link = next(word for word in message.body.split() if "/password/reset/" in word)
    form_page = client.get(link[link.index("/accounts/") :], follow=True)
    new_password = "pirámide-del-sol-2026"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})

    assert _login(client, teacher.email, new_password, ip="10.0.2.1").status_code == 302


def test_the_form_refuses_too_whatever_view_shows_it(clock, teacher):
    for n in range(4):
        request = RequestFactory().post(LOGIN, REMOTE_ADDR=f"10.0.1.{n}")
        EmailAuthenticationForm(request, data={"username": teacher.email, "password": WRONG}).is_valid()
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.2.1")
    form = EmailAuthenticationForm(request, data={"username": teacher.email, "password": TEST_PASSWORD})
    assert not form.is_valid()
    assert form.has_error("__all__", code="rate_limited")
    assert "Demasiados intentos de iniciar sesión. Espera 15 minutos" in str(form.errors)


def test_a_refused_sign_in_leaves_no_trace(client, clock, teacher):
    for n in range(6):
        _login(client, f"persona{n}@escuela.test")
    attempts = AccessAttempt.objects.count()
    assert _login(client, teacher.email).status_code == 429
    assert AccessAttempt.objects.count() == attempts
    teacher.refresh_from_db()
    assert teacher.last_login is None


def test_no_address_is_a_cache_key(client, teacher, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "keys"}}
    _login(client, teacher.email, ip="203.0.113.9")
    _reset(client, teacher.email, ip="203.0.113.9")
    keys = " ".join(cache._cache.keys())  # locmem's store
    assert "ratelimit" in keys
    assert teacher.email not in keys and "203.0.113.9" not in keys


# --- Password reset -------------------------------------------------------------------------------


def test_reset_requests_are_limited_per_address_existing_or_not(
    client, clock, teacher, django_capture_on_commit_callbacks
):
    answers = {}
    with django_capture_on_commit_callbacks(execute=True):
        for n, email in enumerate((teacher.email, "nadie@escuela.test")):
            statuses = [_reset(client, email, ip=f"10.{n}.0.{i}").status_code for i in range(4)]
            refused = _reset(client, email, ip=f"10.{n}.1.1")
            answers[email] = (statuses, refused["Retry-After"], _page(refused))
    assert answers[teacher.email] == answers["nadie@escuela.test"]
    assert answers[teacher.email][0] == [302, 302, 302, 429]
    assert "Puedes volver a pedirla en 15 minutos" in answers[teacher.email][2]
    assert OutgoingEmail.objects.filter(to=teacher.email).count() == 3
    assert OutgoingEmail.objects.count() == 3

    clock.move_to(START + timedelta(minutes=16))
    assert _reset(client, teacher.email).status_code == 302


def test_reset_requests_are_limited_per_ip_whatever_the_address(client, clock, teacher):
    for n in range(5):
        assert _reset(client, f"persona{n}@escuela.test").status_code == 302
    assert _reset(client, teacher.email).status_code == 429
    assert not OutgoingEmail.objects.exists()
    assert _reset(client, teacher.email, ip="10.9.9.9").status_code == 302
    clock.move_to(START + timedelta(minutes=14))
    assert _reset(client, "otra@escuela.test").status_code == 429
    clock.move_to(START + timedelta(minutes=16))
    assert _reset(client, "otra@escuela.test").status_code == 302


# --- Activation -----------------------------------------------------------------------------------


@pytest.fixture
def newcomer():
    person = UserFactory(email="nuevo@escuela.test", full_name="Nuevo Docente")
    person.set_unusable_password()
    person.save()
    return person


def _path(link: str) -> str:
    return link[link.index("/accounts/") :]


def test_broken_activation_links_are_limited_per_ip(client, clock, newcomer):
    for n in range(3):
        uid = urlsafe_base64_encode(force_bytes(10_000 + n))
        wrong = client.get(reverse("account_activate", args=[uid, "abc-123"]), REMOTE_ADDR="10.0.0.1")
        assert wrong.status_code == 200 and "Este enlace ya no funciona" in wrong.content.decode()
    refused = client.get(_path(activation_link(newcomer)), REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429
    assert "Intenta de nuevo en 15 minutos" in refused.content.decode()
    assert client.get(_path(activation_link(newcomer)), REMOTE_ADDR="10.0.0.2").status_code == 302


def test_broken_links_for_one_account_pause_it_from_every_ip_and_change_nothing(client, clock, newcomer):
    link = _path(activation_link(newcomer))
    set_password = client.get(link, REMOTE_ADDR="10.0.0.1")["Location"]  # the token moves into the session
    uid = urlsafe_base64_encode(force_bytes(newcomer.pk))
    for n in range(3):
        client.get(reverse("account_activate", args=[uid, f"abc-{n}"]), REMOTE_ADDR=f"10.0.1.{n}")

    new_password = "montaña-azul-de-oaxaca"
    refused = client.post(
        set_password, {"new_password1": new_password, "new_password2": new_password}, REMOTE_ADDR="10.0.2.1"
    )
    assert refused.status_code == 429
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()

    clock.move_to(START + timedelta(minutes=16))
    done = client.get(link, REMOTE_ADDR="10.0.2.1", follow=True)
    response = client.post(done.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(new_password)


# --- The cache down -------------------------------------------------------------------------------


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": unreachable_cache.PATH}}


def test_with_the_cache_down_the_pages_work_without_limits(
    client, cache_down, teacher, newcomer, django_capture_on_commit_callbacks
):
    for n in range(8):
        assert _login(client, teacher.email, ip=f"10.0.1.{n}").status_code == 200
    assert _login(client, teacher.email, TEST_PASSWORD, ip="10.0.2.1").status_code == 302
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert _reset(client, teacher.email).status_code == 302
    assert OutgoingEmail.objects.filter(to=teacher.email).count() == 5
    assert client.get(_path(activation_link(newcomer))).status_code == 302


def test_a_reset_request_does_the_same_work_whatever_the_address(client, teacher):
    shapes = []
    for email, ip in ((teacher.email, "10.0.0.1"), ("nadie@escuela.test", "10.0.0.2")):
        with CaptureQueriesContext(connection) as queries:
            assert _reset(client, email, ip=ip).status_code == 302
        shapes.append([re.sub(r"'[^']*'|\w*\d\w*", "?", q["sql"]) for q in queries.captured_queries])
    assert shapes[0] == shapes[1]
    rows = QueuedTask.objects.filter(task="communities.tasks.send_password_reset").order_by("pk")
    assert [row.args for row in rows] == [[teacher.pk], [None]]
    assert teacher.email not in str([row.args for row in rows])

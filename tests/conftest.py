"""The cast: a school with its director, tutor and teacher, and an outsider who
works at another school and should see nothing of the first."""

import os
import shutil
import socket
import uuid
from datetime import timedelta
from io import StringIO
from unittest import mock
from urllib.parse import urlsplit

import django_otp
import pytest
from django.conf import settings as django_settings
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.db import connection, transaction
from django.dispatch import receiver
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings
from hypothesis.database import DirectoryBasedExampleDatabase

from cas_project.celery import app as celery_app
from communities.catalogue import ensure_catalogue
from communities.models import Meeting, Skill, SkillDimension, StaffMembership
from communities.services.communities import create_community
from communities.services.meetings import schedule_meeting
from communities.services.membership import accept_invitation, invite_teacher
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the database calls
# the tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

Role = StaffMembership.Role

# Property-based tests (tests/hostile/): CI draws the same examples on every
# run, so a failure there is reproduced by running the test again; on a laptop
# they vary, and a failing example is kept in var/ (ignored by git) and tried first.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.register_profile(
    "dev", database=DirectoryBasedExampleDatabase(os.path.join(os.path.dirname(__file__), "..", "var", "hypothesis"))
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))
# The hostile suite's count of examples per endpoint, printed at the end of the run.
from tests.hostile.tally import pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown  # noqa: E402, F401


def require(available: bool, what: str) -> None:
    """Skip a test whose service is missing on a laptop; fail it in CI, where
    the service must be there."""
    if available:
        return
    message = f"{what} is not available"
    if IN_CI:
        pytest.fail(f"{message}, and CI=true requires it.")
    pytest.skip(message)


def redis_is_reachable() -> bool:
    if not django_settings.REDIS_URL:
        return False
    parts = urlsplit(django_settings.REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def _media_of_the_run(tmp_path_factory) -> tuple[str, str]:
    """(the configured MEDIA_ROOT, a folder of this test run to use instead)."""
    return str(django_settings.MEDIA_ROOT), str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo (`seed_demo`), seeded once per module and xdist worker for
    modules whose tests only read it or change it in their own transaction:
    each test's transaction nests inside this one and is rolled back, so every
    test starts from the demo as seeded (seeding costs seconds; once per test
    it was minutes of the suite)."""
    media = tmp_path_factory.mktemp("demo-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    # A TestCase's teardown closes the connection, which on PostgreSQL would
    # end the demo's transaction: it stays open while the demo lives.
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        mock.patch.object(connection, "close", lambda: None),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fast_and_contained(settings, _media_of_the_run):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads and built reports (the demo's Carpeta) go to a folder of the test
    # run, not var/; a test or a module that chose its own folder keeps it.
    configured, of_the_run = _media_of_the_run
    if str(settings.MEDIA_ROOT) == configured:
        settings.MEDIA_ROOT = of_the_run
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    # Each test its own cache namespace: rate-limit counters (keyed by the test
    # client's one address) never carry over to the next test, another xdist
    # worker or, on Redis, the next run.
    namespace = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        name: {**conf, "KEY_PREFIX": f"{conf.get('KEY_PREFIX', '')}{namespace}"}
        for name, conf in django_settings.CACHES.items()
    }


@pytest.fixture
def school():
    return SchoolFactory(name="Escuela Secundaria Técnica No. 118", cct="14DST0118A")


@pytest.fixture
def other_school():
    return SchoolFactory(name="Telesecundaria Benito Juárez", cct="14ETV0042B")


def _staff(school, role, email, name):
    user = UserFactory(email=email, full_name=name)
    StaffMembershipFactory(user=user, school=school, role=role)
    return user


@pytest.fixture
def director(school):
    return _staff(school, Role.DIRECTOR, "dora@escuela.test", "Dora Elena Directora")


@pytest.fixture
def tutor(school):
    return _staff(school, Role.TUTOR, "tomas@escuela.test", "Tomás Tutor Construye T")


@pytest.fixture
def teacher(school):
    return _staff(school, Role.TEACHER, "tere@escuela.test", "Teresa Docente Ramírez")


@pytest.fixture
def outsider(other_school):
    """Works at another school and should have no access to `school`."""
    return _staff(other_school, Role.TEACHER, "oscar@otra.test", "Óscar Fuera Pérez")


def with_second_factor(user):
    """Give `user` a confirmed authenticator app, remembered as the device that
    verified them: `client.force_login(user)` then opens a session verified by
    it (`_verified_by_their_device`), as a sign-in with a code does."""
    user.otp_device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return user


@receiver(user_logged_in)
def _verified_by_their_device(sender, request, user, **kwargs):
    """django-otp verifies a session when `login()` is given a user carrying
    `otp_device`, but `Client.force_login` signs in through a bare request
    without `.user`, which its receiver needs: call `django_otp.login` with it."""
    device = getattr(user, "otp_device", None)
    if device is not None and not hasattr(request, "user"):
        request.user = user
        django_otp.login(request, device)


def current_code(device) -> str:
    """The code the person's app shows now for `device`."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def admin_user():
    """A platform administrator with a second factor: Django admin and the
    platform's pages ask for a verified session."""
    admin = UserFactory(email="admin@cas.test", full_name="Ada Administradora", is_staff=True, is_superuser=True)
    return with_second_factor(admin)


# --- Browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    require(shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def _page_in(browser, live_server, viewport):
    # Reduced motion turns transitions off, so a click never lands on
    # something still moving.
    context = browser.new_context(viewport=viewport, locale="es-MX", base_url=live_server.url, reduced_motion="reduce")
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A 360 px wide page, like the cheap phones many teachers use."""
    yield from _page_in(browser, live_server, {"width": 360, "height": 740})


@pytest.fixture
def desktop_page(browser, live_server):
    yield from _page_in(browser, live_server, {"width": 1280, "height": 800})


# --- The CAS -------------------------------------------------------------------------


@pytest.fixture
def colleague(school):
    """Teaches at the same school but is not in the CAS."""
    return _staff(school, Role.TEACHER, "carmen@escuela.test", "Carmen Colega Ruiz")


@pytest.fixture
def cas(school, director, tutor, teacher):
    """The school's CAS in Integración, with `teacher` as its one member so far."""
    community = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    join(community, teacher)
    return community


def join(community, teacher):
    """Invite and accept, as the director and the teacher would."""
    invitation = invite_teacher(actor=community.director, community=community, teacher=teacher)
    return accept_invitation(actor=teacher, invitation=invitation)


def complete_integration(community, *, admin=None):
    """Give every Integración milestone its proof the way a school does: the
    director records the diagnostic, sets a goal, the platform lowers the cap to
    the teachers who joined, and the members adopt a norm."""
    from decimal import Decimal

    from communities.models import MilestoneKind, ProposalVote
    from communities.services.communities import set_teacher_cap
    from communities.services.goals import set_goal
    from communities.services.phases import complete_milestone
    from communities.services.proposals import propose, vote_on_proposal

    director, tutor = community.director, community.tutor
    diagnostic = community.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    if not diagnostic.is_completed:
        complete_milestone(actor=director, milestone=diagnostic, text="Diagnóstico aplicado a 300 estudiantes.")
    ensure_catalogue(SkillDimension, Skill)
    set_goal(
        actor=director,
        community=community,
        statement="Que 70 % nombre sus emociones antes de un examen.",
        skill=Skill.objects.get(code="autorregulacion"),
        indicator="Estudiantes que nombran sus emociones",
        unit="%",
        baseline=Decimal(40),
        target=Decimal(70),
        due_date=timezone.localdate() + timedelta(days=90),
        owner=director,
    )
    admin = admin or UserFactory(email="plataforma@cas.test", full_name="Plataforma CAS", is_staff=True)
    set_teacher_cap(actor=admin, community=community, cap=max(1, community.current_teacher_count()))
    norm = propose(actor=director, community=community, text="Iniciamos y terminamos a tiempo.")
    vote_on_proposal(actor=tutor, proposal=norm, choice=ProposalVote.Choice.AGREE)
    return community


def complete_phase(community):
    """Every milestone of the community's current phase met, as the members would:
    Integración through its data, the later phases with evidence."""
    from communities.models import Phase
    from communities.services.phases import complete_milestone

    community.refresh_from_db()
    if community.phase == Phase.INTEGRATION:
        return complete_integration(community)
    for milestone in community.milestones.filter(phase=community.phase).pending():
        complete_milestone(actor=community.director, milestone=milestone, text="Evidencia registrada en la sesión.")
    return community


def more_teachers(school, count, start=1):
    return [
        _staff(school, Role.TEACHER, f"docente{n}@escuela.test", f"Docente Número {n}")
        for n in range(start, start + count)
    ]


def grow(community, school, teachers=4, proposals=6):
    """More of everything a community page lists: teachers, proposals, a milestone
    with its evidence (to show that query counts do not grow with the data)."""
    from communities.models import MilestoneKind
    from communities.services.phases import complete_milestone
    from communities.services.proposals import propose

    for teacher in more_teachers(school, teachers):
        join(community, teacher)
    for n in range(proposals):
        propose(actor=community.director, community=community, text=f"Propuesta número {n}")
    diagnostic = community.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    complete_milestone(actor=community.director, milestone=diagnostic, text="Hecho")


def schedule(community, *, days=3, hours=1, actor=None, **extra):
    """A meeting `days` from now at 13:00, through the service."""
    start = (timezone.localtime() + timedelta(days=days)).replace(hour=13, minute=0, second=0, microsecond=0)
    return schedule_meeting(
        actor=actor or community.director,
        community=community,
        purpose=extra.pop("purpose", "Sesión de seguimiento"),
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        place=extra.pop("place", "Biblioteca"),
        **extra,
    )


def held(meeting, days_ago=1):
    """Move a scheduled meeting into the past, as if it had taken place."""
    length = meeting.ends_at - meeting.starts_at
    start = timezone.now() - timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + length)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def skills():
    ensure_catalogue(SkillDimension, Skill)
    return {skill.code: skill for skill in Skill.objects.all()}


@pytest.fixture
def catalogue(skills):
    """The dimensions of practice, the phase prompts and the strategies."""
    from communities.catalogue import ensure_journal_catalogue
    from communities.models import ReflectionPrompt, Strategy, TeachingDimension

    ensure_journal_catalogue(TeachingDimension, ReflectionPrompt, Strategy, Skill)

"""Reach (issue 14): on the demo data, with JavaScript off and a 360 px phone,
the core flows work through the real pages: a teacher signs in, reads the home,
the CAS, a meeting's minutes and the journal, writes an entry; a student answers
the diagnostic with a code; a teacher adds a situation in a workshop space.
Nothing on the way is wider than the phone.

The flows follow the links of the pages and the main menu (a <details>: it
opens on a phone without a script). Each step leaves a screenshot in /tmp/nojs/
to look at."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from communities.models import Community, Meeting, Reflection, User, Visibility
from diagnostics.models import Audience, Campaign, Item, Response
from diagnostics.services import issue_codes
from workshops.models import Situation, Workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SHOTS = Path("/tmp/nojs")  # noqa: S108 (screenshots for a person to look at, not a secret)
TEACHER = "docente1@escuela-a.demo"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def no_js(browser, live_server):
    """A 360 px phone with JavaScript off. Playwright's own evaluate still works
    (through the DevTools protocol), the page's scripts never run."""
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(
        viewport=PHONE, locale="es-MX", base_url=live_server.url, java_script_enabled=False, reduced_motion="reduce"
    )
    yield context.new_page()
    context.close()


def _look(page, name: str) -> None:
    """The page fits the phone's width; a screenshot of the whole of it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _open(page, path: str, name: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    _look(page, name)


def _follow(page, link) -> None:
    with page.expect_navigation():
        link.click()


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    _look(page, "01-sign-in")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(settings.DEMO_PASSWORD)
    _follow(page, page.get_by_role("button", name="Iniciar sesión"))
    assert "/accounts/login/" not in page.url, page.content()[-2000:]


def test_a_teacher_reads_and_writes_in_the_journal_without_javascript(demo, no_js):
    page = no_js
    community = Community.objects.get(school__cct="14DCT0038K")
    meeting = Meeting.objects.filter(community=community, minutes__gt="").latest("starts_at")
    entry = Reflection.objects.filter(author__email=TEACHER).latest("created_at")

    _sign_in(page, TEACHER)
    _look(page, "02-home")
    _follow(page, page.locator(f"main a[href='/cas/{community.pk}/']").first)
    _look(page, "03-cas")
    _follow(page, page.get_by_role("link", name="Sesiones", exact=True))
    _look(page, "04-meetings")
    _follow(page, page.locator(f"a[href='/cas/{community.pk}/meetings/{meeting.pk}/']").first)
    assert meeting.minutes.split()[0] in page.inner_text("main")
    _look(page, "05-meeting-minutes")
    _follow(page, page.get_by_role("button", name="Apruebo esta acta"))
    page.get_by_text("Aprobaste el acta.").wait_for()
    assert meeting.minutes_approvals.filter(person__email=TEACHER).exists()

    page.locator("details.main-menu > summary").click()  # the phone's menu, no script needed
    _look(page, "06-menu-open")
    _follow(page, page.locator("#main-nav").get_by_role("link", name="Bitácora", exact=True))
    _look(page, "06-journal")
    _follow(page, page.get_by_role("link", name=entry.title).first)
    assert entry.title in page.inner_text("h1")
    _look(page, "07-entry")
    _follow(page, page.get_by_role("link", name="Bitácora", exact=True))
    _follow(page, page.get_by_role("link", name="Nueva entrada"))
    _look(page, "08-new-entry")
    page.get_by_label("Título").fill("Sin JavaScript también se escribe")
    page.get_by_label("Lo que quiero recordar").fill("Escribí esta entrada desde un teléfono *sin scripts*.")
    page.get_by_label("Toda la CAS").check()
    page.get_by_label("Personal", exact=True).check()
    _follow(page, page.get_by_role("button", name="Guardar la entrada"))
    written = Reflection.objects.get(title="Sin JavaScript también se escribe")
    assert page.url.endswith(f"/journal/{written.pk}/")  # redirected after the POST: a reload does not send it again
    page.get_by_text("Entrada guardada.").wait_for()
    assert page.locator(".reflection-body em").inner_text() == "sin scripts"
    _look(page, "09-entry-saved")
    _follow(page, page.get_by_role("link", name="Bitácora", exact=True))
    assert page.get_by_role("link", name="Sin JavaScript también se escribe").count() == 1
    _look(page, "10-journal-with-the-entry")
    assert (written.author.email, written.visibility, written.community) == (TEACHER, Visibility.COMMUNITY, community)


def test_a_student_answers_the_diagnostic_without_javascript(demo, no_js):
    page = no_js
    campaign = Campaign.objects.get(school__cct="14DCT0038K", kind=Campaign.Kind.FOLLOW_UP)  # open in the demo
    assert campaign.is_open
    director = User.objects.get(email="director@escuela-a.demo")
    (code,) = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)
    before = set(campaign.responses.values_list("pk", flat=True))
    questions = Item.objects.filter(version=campaign.version).for_audience(Audience.STUDENTS).count()

    _open(page, "/d/", "20-code")
    page.get_by_label("Tu código de acceso").fill(code)
    _follow(page, page.get_by_role("button", name="Empezar"))
    _look(page, "21-start")
    _follow(page, page.get_by_role("link", name="Empezar"))
    number = 1
    while True:
        for radio in page.locator('input[type="radio"][value="4"]').all():
            page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
        _look(page, f"22-section-{number}")
        if page.get_by_role("button", name="Guardar y revisar").count():
            _follow(page, page.get_by_role("button", name="Guardar y revisar"))
            break
        _follow(page, page.get_by_role("button", name="Guardar y seguir"))
        number += 1
    _look(page, "23-review")
    _follow(page, page.get_by_role("button", name="Enviar mis respuestas"))
    assert page.url.endswith("/d/gracias/")
    _look(page, "24-thanks")

    (response,) = campaign.responses.exclude(pk__in=before)  # ids are random: the new one is the one not there before
    assert (response.audience, response.channel) == (Audience.STUDENTS, Response.Channel.ONLINE)
    assert list(response.answers.values_list("value", flat=True).distinct()) == [4]
    assert response.answers.count() == questions and number > 1


def test_a_teacher_adds_a_situation_in_a_workshop_space_without_javascript(demo, no_js):
    page = no_js
    workshop = Workshop.objects.get(school__cct="14DCT0038K")
    space = f"/taller/{workshop.pk}/espacios/practica-bajo-la-lupa/"

    _sign_in(page, TEACHER)
    _follow(page, page.locator(f"main a[href='/cas/{workshop.school.communities.get().pk}/']").first)
    _follow(page, page.locator(f"main a[href='/taller/{workshop.pk}/']").first)
    _look(page, "30-workshop")
    _follow(page, page.get_by_role("link", name="La práctica docente bajo la lupa"))
    assert page.url.endswith(space)
    _look(page, "31-lupa")
    page.get_by_text("Describir una situación de mi práctica").click()  # a <details>: no script needed
    page.get_by_label("Una situación o reto de mi práctica").fill("En la tarde, el grupo no entrega tareas.")
    page.get_by_label("Lo que observo").fill("Llegan cansados del trabajo.")
    page.get_by_label("Por qué creo que sucede").fill("Muchos trabajan por la mañana.")
    page.get_by_label("Lo que podría cambiar").fill("Dar tiempo de trabajo en clase.")
    page.locator("form[action$='/situaciones/'] input[type=checkbox]").first.check()
    _look(page, "32-lupa-form")
    _follow(page, page.locator("form[action$='/situaciones/'] button[type=submit]"))
    assert page.url.endswith(f"{space}#situations")  # redirected after the POST
    page.get_by_text("Tu situación ya está compartida con el grupo.").wait_for()
    assert "En la tarde, el grupo no entrega tareas." in page.inner_text("main")
    _look(page, "33-lupa-shared")
    situation = Situation.objects.get(description="En la tarde, el grupo no entrega tareas.")
    assert (situation.workshop, situation.author.email) == (workshop, TEACHER)

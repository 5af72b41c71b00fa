"""On a 360 px phone with JavaScript off: a student answers the diagnostic with
a code, the same code is refused afterwards, and once the campaign is closed
the director sees the results and sets a goal from a dimension."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import Goal
from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import Audience, Dimension, GoalDimension, Instrument, InstrumentVersion, Item
from diagnostics.services import close_campaign, issue_codes, open_campaign
from tests.diagnostics.conftest import add_responses
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="es-MX", java_script_enabled=False
    )
    return context, context.new_page()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_a_student_answers_and_the_director_sets_a_goal_from_a_dimension(
    browser, live_server, cas, director, school, skills
):
    version = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    today = timezone.localdate()
    campaign = open_campaign(
        actor=director,
        school=school,
        version=version,
        kind="linea-base",
        audiences=[Audience.STUDENTS],
        opens_on=today,
        closes_on=today + timedelta(days=14),
        expected={Audience.STUDENTS: 30},
    )
    items = Item.objects.filter(version=version).for_audience(Audience.STUDENTS)
    add_responses(campaign, Audience.STUDENTS, [{item.text: 3 for item in items}] * 4)
    code = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)[0]

    context, page = _phone(browser, live_server)
    page.goto("/d/")
    page.get_by_label("Tu código de acceso").fill(code)
    page.get_by_role("button", name="Empezar").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Empezar").click()
    while True:
        _fits(page)
        for radio in page.locator('input[type="radio"][value="4"]').all():
            page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
        if page.get_by_role("button", name="Guardar y revisar").count():
            page.get_by_role("button", name="Guardar y revisar").click()
            break
        with page.expect_navigation():  # the next section, before its width is measured
            page.get_by_role("button", name="Guardar y seguir").click()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    page.wait_for_url("**/d/gracias/")
    assert campaign.responses.count() == 5

    page.goto("/d/")
    page.get_by_label("Tu código de acceso").fill(code)
    page.get_by_role("button", name="Empezar").click()
    page.wait_for_load_state()
    assert "Este código no es válido o ya se usó" in page.content(), page.content()[-3000:]
    assert campaign.responses.count() == 5
    context.close()

    close_campaign(actor=director, campaign=campaign)  # what the director does when the dates are over

    context, page = _phone(browser, live_server)
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(director.email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/")
    page.goto(f"/diagnostico/aplicaciones/{campaign.pk}/resultados/")
    _fits(page)
    first = page.locator('a[href*="/dimensiones/"]').first
    first.click()
    page.get_by_label("Habilidad Construye T").select_option(index=1)
    _fits(page)
    page.locator('form:has(textarea) button[type="submit"]').click()
    page.locator('[data-score="baseline"]').wait_for()
    goal = Goal.objects.get(community=cas)
    assert GoalDimension.objects.get(goal=goal).campaign == campaign
    _fits(page)
    context.close()

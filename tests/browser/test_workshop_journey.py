"""The workshop in Chromium: the facilitator opens Huella colectiva with the
sala on the projector; two teachers add their milestones from 360 px phones;
the sala shows both without anyone reloading it; then the group's words make
the calligram, which downloads as SVG."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import StaffMembership
from tests.factories import TEST_PASSWORD, StaffMembershipFactory
from workshops.catalogue import ensure_default_template
from workshops.models import AssessmentAxis, Moment, PathMilestone, TemplateSpace, WorkshopTemplate
from workshops.services.runs import set_up_workshop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url("**/")


def _phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="es-MX", reduced_motion="reduce"
    )
    return context, context.new_page()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_two_teachers_add_milestones_on_phones_and_the_sala_shows_both(
    browser, live_server, desktop_page, school, director, teacher
):
    from communities.models import TeachingDimension

    template = ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)
    second = StaffMembershipFactory(
        school=school, role=StaffMembership.Role.TEACHER, user__full_name="Rosa Elena Martínez"
    ).user
    today = timezone.localdate()
    workshop = set_up_workshop(
        actor=director, school=school, template=template, starts_on=today, ends_on=today + timedelta(days=1)
    )
    space = f"/taller/{workshop.pk}/espacios/huella-colectiva/"

    # The facilitator opens the space, then puts the sala on the projector.
    projector = desktop_page
    _sign_in(projector, director.email)
    projector.goto(space)
    projector.locator("button[name=action][value=open]").click()
    expect(projector.locator("h1 .badge")).to_have_text(re.compile("En curso"))
    projector.goto(f"/taller/{workshop.pk}/sala/")
    expect(projector.locator("h1")).to_contain_text("Huella colectiva")

    # Two teachers, each on a phone, add a milestone of their path.
    for person, year, title in ((teacher, "2009", "Mi primer grupo en Tlacolula"), (second, "2017", "Diplomado")):
        context, phone = _phone(browser, live_server)
        _sign_in(phone, person.email)
        phone.goto(space)
        _fits(phone)
        phone.locator("#id_year").fill(year)
        phone.locator("#id_kind").select_option("experiencia")
        phone.locator("#id_title").fill(title)
        phone.locator("#id_meaning").fill("Aprendí a escuchar antes de hablar.")
        phone.locator("form[action$='/huella/hitos/'] button[type=submit]").click()
        expect(phone.locator(".alert-success")).to_be_visible()
        expect(phone.locator("svg.timeline-svg")).to_contain_text(title)
        _fits(phone)
        context.close()
    assert PathMilestone.objects.filter(workshop=workshop).count() == 2

    # The sala refreshes itself (htmx, every few seconds): both are there, nobody reloaded it.
    sala = projector.locator("svg.timeline-svg")
    expect(sala).to_contain_text("Mi primer grupo en Tlacolula", timeout=15_000)
    expect(sala).to_contain_text("Diplomado", timeout=15_000)

    # The calligram: the facilitator moves the group on; a teacher adds words; it downloads as SVG.
    projector.goto(space)
    projector.locator("button[name=action][value=conclude]").click()
    projector.goto(f"/taller/{workshop.pk}/espacios/caligrama/")
    projector.locator("button[name=action][value=open]").click()
    context, phone = _phone(browser, live_server)
    _sign_in(phone, teacher.email)
    phone.goto(f"/taller/{workshop.pk}/espacios/caligrama/")
    phone.locator("#id_text").fill("confianza, diálogo, confianza")
    phone.locator("form[action$='/caligrama/palabras/'] button[type=submit]").click()
    expect(phone.locator(".calligram-svg svg")).to_contain_text("confianza")
    _fits(phone)
    with phone.expect_download() as download:
        phone.locator(f"a[href='/taller/{workshop.pk}/caligrama.svg']").click()
    picture = open(download.value.path(), encoding="utf-8").read()  # noqa: SIM115, PTH123
    assert picture.startswith("<svg") and "confianza" in picture and "diálogo" in picture
    context.close()

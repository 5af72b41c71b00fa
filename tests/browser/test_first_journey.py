"""A demo teacher signs in on a phone-sized screen, sees the home page, switches
to English and signs out."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _watch_for_policy_violations(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def test_demo_teacher_signs_in_switches_language_and_signs_out(phone_page, settings):
    call_command("seed_demo", stdout=StringIO())
    page = phone_page
    problems = _watch_for_policy_violations(page)

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "es-mx"
    assert page.get_by_role("heading", name="Iniciar sesión").is_visible()

    page.get_by_label("Correo electrónico").fill("docente1@escuela-a.demo")
    page.get_by_label("Contraseña").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()

    page.get_by_role("heading", name="Hola, Ana").wait_for()
    assert page.get_by_role(
        "heading", name="Centro de Bachillerato Tecnológico Industrial y de Servicios No. 38", exact=True
    ).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "the page scrolls sideways at 360 px"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home-360.png", full_page=True)

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Hello, Ana").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    # The menus are <details>: they open with no script (the home page has none).
    assert page.locator("script").count() == 0

    expect(page.locator("#main-nav")).to_be_hidden()
    page.locator("summary", has_text="Show menu").click()
    expect(page.locator("#main-nav")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_hidden()
    page.locator("summary", has_text="Ana Sofía Ramírez López").click()
    page.screenshot(path=SCREENSHOTS / "home-menu-360.png")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    assert page.get_by_text("You have signed out").is_visible()

    assert problems == []


def test_on_a_desktop_the_menu_is_in_the_bar_and_the_account_menu_opens_with_the_keyboard(desktop_page, settings):
    call_command("seed_demo", stdout=StringIO())
    page = desktop_page
    page.goto("/")
    page.get_by_label("Correo electrónico").fill("docente1@escuela-a.demo")
    page.get_by_label("Contraseña").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.get_by_role("heading", name="Hola, Ana").wait_for()

    # No toggler from 1200 px: the links are in the bar, closed <details> or not.
    expect(page.locator("summary", has_text="Mostrar menú")).to_be_hidden()
    expect(page.get_by_role("link", name="Bitácora")).to_be_visible()
    account = page.locator("summary", has_text="Ana Sofía Ramírez López")
    account.focus()
    page.keyboard.press("Enter")
    sign_out = page.get_by_role("button", name="Cerrar sesión")
    expect(sign_out).to_be_visible()
    box, bar = sign_out.bounding_box(), page.locator(".navbar").bounding_box()
    assert box["y"] >= bar["y"] + bar["height"] - 1 and box["x"] + box["width"] <= 1280  # drops below, on screen
    page.screenshot(path=SCREENSHOTS / "home-account-menu-1280.png")
    page.keyboard.press("Enter")  # the summary still has the focus: closes it
    expect(sign_out).to_be_hidden()

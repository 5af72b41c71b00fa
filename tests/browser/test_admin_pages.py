"""Django admin works under the strict Content-Security-Policy."""

from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from communities.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code_shown_by_an_app(key: str) -> str:
    """What an authenticator app shows now for the key typed from the page."""
    return f"{totp(b32decode(key.replace(' ', ''))):06d}"


def test_admin_edits_a_school_without_policy_violations(desktop_page, settings):
    call_command("seed_demo", stdout=StringIO())
    page = desktop_page
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

    page.goto("/admin/login/")  # the app's sign-in
    page.get_by_label("Correo electrónico").fill("admin@cas.demo")
    page.get_by_label("Contraseña").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    # The demo admin has no second factor: Django admin asks to set one up first.
    page.get_by_role("heading", name="Configurar una app de autenticación").wait_for()
    key = page.locator("code.user-select-all").inner_text()
    page.get_by_label("Código de la app").fill(_code_shown_by_an_app(key))
    page.get_by_role("button", name="Confirmar y activar").click()
    page.get_by_role("heading", name="Tus códigos de recuperación").wait_for()
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    page.get_by_role("heading", name="Administración de la plataforma").wait_for()

    school = School.objects.get(cct="20DES0005Q")
    page.goto(f"/admin/communities/school/{school.pk}/change/")
    page.get_by_label("Municipio").fill("Santa Lucía del Camino")
    page.get_by_role("button", name="Guardar", exact=True).click()
    page.wait_for_url("**/admin/communities/school/")

    school.refresh_from_db()
    assert school.municipality == "Santa Lucía del Camino"
    assert problems == []

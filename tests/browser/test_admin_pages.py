"""Django admin works under the strict Content-Security-Policy."""

from io import StringIO

import pytest
from django.core.management import call_command

from communities.models import School

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_edits_a_school_without_policy_violations(desktop_page, settings):
    call_command("seed_demo", stdout=StringIO())
    page = desktop_page
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)

    page.goto("/admin/login/")
    page.get_by_label("Correo electrónico").fill("admin@cas.demo")
    page.get_by_label("Contraseña").fill(settings.DEMO_PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("heading", name="Administración de la plataforma").wait_for()

    school = School.objects.get(cct="20DES0005Q")
    page.goto(f"/admin/communities/school/{school.pk}/change/")
    page.get_by_label("Municipio").fill("Santa Lucía del Camino")
    page.get_by_role("button", name="Guardar", exact=True).click()
    page.wait_for_url("**/admin/communities/school/")

    school.refresh_from_db()
    assert school.municipality == "Santa Lucía del Camino"
    assert problems == []

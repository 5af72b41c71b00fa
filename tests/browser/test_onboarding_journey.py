"""A school's first people, on a 360 px phone: the director imports a three-row
staff list with one bad row, reads the line and the reason, fixes the file and
imports it again; the new teacher opens the activation link from the e-mail,
chooses a password and sees the school."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import ImportRun, StaffMembership, User
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 360, "height": 740}
NEW_PASSWORD = "mi-primera-clave-en-cas-2026"


def _watch_for_problems(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/")


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def _upload(page, name: str, rows: list[str]) -> None:
    content = ("nombre,correo,rol\n" + "\n".join(rows) + "\n").encode()
    form = page.locator("#content form[enctype='multipart/form-data']")
    form.locator("input[type=file]").set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))


def test_director_imports_the_staff_and_a_new_teacher_activates_the_account(
    browser, live_server, settings, school, director, teacher
):
    settings.SITE_URL = live_server.url
    mail.outbox.clear()
    context = browser.new_context(viewport=PHONE, locale="es-MX", base_url=live_server.url, reduced_motion="reduce")
    page = context.new_page()
    problems = _watch_for_problems(page)
    _sign_in(page, director.email)

    # From the home page to the school's staff, and to the import form.
    page.locator(f"a[href='{reverse('communities:staff_home')}']").click()
    page.locator(f"a[href='{reverse('communities:staff_import', args=[school.pk])}']").first.click()
    _fits_the_phone(page)

    rows = [
        "Nora Nueva Docente,nora@escuela.test,docente",
        f"Teresa Docente Ramírez,{teacher.email},docente",  # already on the staff
        "Mario Méndez,mario@escuela,docente",  # line 4: no domain
    ]
    _upload(page, "plantilla.csv", rows)
    mistakes = page.locator("#import-status table tbody tr")
    mistakes.first.wait_for()
    assert mistakes.count() == 1
    assert mistakes.first.locator("td").first.inner_text() == "4"
    assert "mario@escuela" in mistakes.first.locator("td").nth(1).inner_text()
    assert not User.objects.filter(email="nora@escuela.test").exists()  # nothing written
    _fits_the_phone(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "import-errors-360.png", full_page=True)

    # Fixed, and uploaded again from the link on the same page.
    page.locator(f"#import-status a[href='{reverse('communities:staff_import', args=[school.pk])}']").click()
    rows[2] = "Mario Méndez,mario@escuela.test,docente"
    _upload(page, "plantilla-corregida.csv", rows)
    page.locator(f"#import-status a[href='{reverse('communities:school_staff', args=[school.pk])}']").wait_for()
    run = ImportRun.objects.latest("pk")
    assert (run.status, run.added, run.new_accounts, run.skipped) == (ImportRun.Status.DONE, 2, 2, 1)
    page.locator(f"#import-status a[href='{reverse('communities:school_staff', args=[school.pk])}']").click()
    page.get_by_text("nora@escuela.test").wait_for()
    _fits_the_phone(page)
    page.screenshot(path=SCREENSHOTS / "school-staff-360.png", full_page=True)
    assert problems == []
    context.close()

    # Nora opens the link of her e-mail on her own phone.
    (message,) = [m for m in mail.outbox if m.to == ["nora@escuela.test"]]
    link = re.search(r"https?://[^/]+(/accounts/activate/\S+/)", message.body).group(1)
    context = browser.new_context(viewport=PHONE, locale="es-MX", base_url=live_server.url, reduced_motion="reduce")
    page = context.new_page()
    problems = _watch_for_problems(page)
    page.goto(link)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.locator("#content form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("heading", name=school.name, exact=True).wait_for()
    _fits_the_phone(page)
    nora = User.objects.get(email="nora@escuela.test")
    assert nora.check_password(NEW_PASSWORD)
    assert StaffMembership.objects.filter(user=nora, school=school, role=StaffMembership.Role.TEACHER).exists()

    # The link worked once.
    page.goto(link)
    assert page.locator("input[name=new_password1]").count() == 0
    assert problems == []
    context.close()

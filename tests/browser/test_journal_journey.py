"""On a 360 px phone: a teacher writes a private entry from the suggested prompt,
then one shared with the CAS; a peer sees only the shared one and comments."""

import pytest

from communities.catalogue import ensure_journal_catalogue
from communities.models import Reflection, ReflectionComment, ReflectionPrompt, Skill, Strategy, TeachingDimension
from tests.conftest import join, more_teachers
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone(browser, live_server, email):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/")
    return context, page, problems


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_private_then_shared_entry_and_a_peer_comment(browser, live_server, cas, teacher, school, skills):
    ensure_journal_catalogue(TeachingDimension, ReflectionPrompt, Strategy, Skill)
    peer = more_teachers(school, 1)[0]
    join(cas, peer)

    context, page, problems = _phone(browser, live_server, teacher.email)
    page.get_by_role("link", name="Escribir sobre esto").click()
    prompt_text = page.locator("blockquote").inner_text()
    assert prompt_text in set(ReflectionPrompt.objects.values_list("text", flat=True))
    page.get_by_label("Título").fill("Mi miedo a equivocarme")
    page.get_by_label("Lo que quiero recordar").fill("Me cuesta *pedir ayuda* a mis colegas.")
    page.get_by_label("Privada (solo yo)").check()
    page.get_by_label("Personal", exact=True).check()
    _fits(page)
    page.get_by_role("button", name="Guardar la entrada").click()
    page.get_by_text("Entrada guardada.").wait_for()
    assert page.locator(".reflection-body em").inner_text() == "pedir ayuda"

    page.goto("/journal/new/")
    page.get_by_label("Título").fill("La asamblea de grupo funcionó")
    page.get_by_label("Lo que quiero recordar").fill("Los acuerdos del viernes bajaron las burlas.")
    page.get_by_label("Toda la CAS").check()
    page.get_by_label("Didáctica", exact=True).check()
    page.get_by_role("button", name="Guardar la entrada").click()
    page.get_by_text("Entrada guardada.").wait_for()
    assert problems == []
    context.close()

    context, page, problems = _phone(browser, live_server, peer.email)
    page.goto("/journal/")
    page.get_by_text("La asamblea de grupo funcionó").wait_for()
    assert page.get_by_text("Mi miedo a equivocarme").count() == 0
    _fits(page)
    page.get_by_role("link", name="La asamblea de grupo funcionó").click()
    page.get_by_role("textbox", name="Comentario").fill("¡La voy a probar con mi grupo!")
    page.get_by_role("button", name="Comentar").click()
    page.get_by_text("Comentario publicado.").wait_for()
    _fits(page)
    assert problems == []
    context.close()

    private = Reflection.objects.get(title="Mi miedo a equivocarme")
    assert (private.visibility, private.prompt is not None) == ("private", True)
    assert ReflectionComment.objects.get().author == peer
    assert teacher.notifications.get(kind="comment").message.startswith(peer.full_name)

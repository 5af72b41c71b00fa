"""The CAS lifecycle in the browser: the director invites the fifth teacher, the
teacher accepts from the e-mailed link on a phone, the director asks for the
phase change and the tutor approves it."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from communities.models import MilestoneKind, Phase
from communities.services.communities import create_community
from communities.services.goals import set_goal
from communities.services.phases import complete_milestone
from communities.services.proposals import propose, vote_on_proposal
from tests.conftest import join, more_teachers
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/")


def _new_page(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    return context, context.new_page()


def test_invite_accept_ask_and_approve(browser, live_server, school, director, tutor, teacher, skills):
    community = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    others = more_teachers(school, 3)
    for member in [teacher, *others]:
        join(community, member)
    fifth = more_teachers(school, 1, start=9)[0]
    diagnostic = community.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    complete_milestone(actor=director, milestone=diagnostic, text="Evidencia")
    set_goal(  # "Definen metas" completes itself with the first goal
        actor=director,
        community=community,
        statement="Reducir a la mitad los reportes por conflictos.",
        skill=skills["colaboracion"],
        indicator="Reportes por bimestre",
        unit="reportes",
        baseline=Decimal(20),
        target=Decimal(10),
        due_date=timezone.localdate() + timedelta(days=60),
        owner=director,
    )
    norm = propose(actor=director, community=community, text="Iniciamos y terminamos a tiempo.")
    for voter in (tutor, teacher, others[0]):  # four of six members agree
        vote_on_proposal(actor=voter, proposal=norm, choice="agree")
    mail.outbox.clear()

    director_context, director_page = _new_page(browser, live_server, 1280, 900)
    _sign_in(director_page, director.email)
    director_page.get_by_role("link", name="Invitaciones").first.click()
    director_page.get_by_role("combobox", name="Docente").select_option(label=f"{fifth.full_name} ({fifth.email})")
    director_page.get_by_role("textbox", name="Mensaje personal (opcional)").fill("Nos falta tu voz en la CAS.")
    director_page.get_by_role("button", name="Enviar la invitación").click()
    director_page.get_by_text(f"Enviamos la invitación a {fifth.full_name} por correo electrónico.").wait_for()

    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/invitations/open/\S+/)", message.body).group(1)
    teacher_context, teacher_page = _new_page(browser, live_server, 360, 740)
    _sign_in(teacher_page, fifth.email)
    teacher_page.goto(link)
    teacher_page.get_by_text("Nos falta tu voz en la CAS.").wait_for()
    teacher_page.get_by_role("button", name="Acepto").click()
    teacher_page.get_by_text("¡Bienvenida o bienvenido a la CAS!").wait_for()
    assert teacher_page.evaluate("document.documentElement.scrollWidth") <= 360
    teacher_context.close()

    director_page.goto(f"/cas/{community.pk}/")
    director_page.get_by_role("link", name="Pedir el cambio de fase").click()
    director_page.get_by_role("textbox", name="Comentario para el tutor (opcional)").fill("Cumplimos los cuatro hitos.")
    director_page.get_by_role("button", name="Enviar al tutor").click()
    director_page.get_by_text("Pedimos al tutor que revise el cambio de fase.").wait_for()
    director_context.close()

    tutor_context, tutor_page = _new_page(browser, live_server, 1280, 900)
    _sign_in(tutor_page, tutor.email)
    tutor_page.get_by_role("link", name="Revisar el cambio de fase").click()
    tutor_page.get_by_label("Aprobar el cambio de fase").check()
    tutor_page.get_by_role("textbox", name="Comentario").fill("Muy buen trabajo de integración.")
    tutor_page.get_by_role("button", name="Enviar mi decisión").click()
    tutor_page.get_by_text("Cambio de fase aprobado.").wait_for()
    assert tutor_page.get_by_text("Fase 2: Desarrollo e implementación").first.is_visible()
    assert tutor_page.get_by_text("Muy buen trabajo de integración.").is_visible()
    tutor_context.close()

    community.refresh_from_db()
    assert community.phase == Phase.DEVELOPMENT

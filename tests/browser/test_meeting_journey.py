"""A meeting from start to end in the browser: the director schedules it, a
teacher adds a topic from a phone, the relator records attendance, minutes and
two agreements, and the teacher downloads the .ics."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from communities.models import Agreement, Attendance, Meeting
from tests.conftest import held, join, more_teachers
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, email, width=1280, height=900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=live_server.url, accept_downloads=True
    )
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/")
    return context, page


def test_schedule_add_topic_record_and_download(browser, live_server, cas, teacher, school):
    second = more_teachers(school, 1)[0]
    join(cas, second)
    director_context, director = _signed_in(browser, live_server, cas.director.email)
    director.goto(f"/cas/{cas.pk}/meetings/")
    director.get_by_role("link", name="Programar una sesión").click()
    day = timezone.localdate() + timedelta(days=2)
    director.get_by_label("Propósito").fill("Planeación de la observación entre pares")
    director.get_by_label("Fecha").fill(day.isoformat())
    director.get_by_label("Inicia").fill("13:00")
    director.get_by_label("Termina").fill("14:30")
    director.get_by_label("Lugar").fill("Biblioteca")
    director.get_by_role("button", name="Programar").click()
    director.get_by_text("Sesión programada.").wait_for()
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).hour == 13

    director.get_by_label("Relatoría").select_option(label=teacher.full_name)
    director.get_by_role("button", name="Guardar los roles").click()
    director.get_by_text("Roles de la sesión guardados.").wait_for()
    director_context.close()

    teacher_context, phone = _signed_in(browser, live_server, teacher.email, width=360, height=740)
    phone.goto(f"/cas/{cas.pk}/meetings/{meeting.pk}/")
    phone.get_by_label("Tema").fill("Calendario de observaciones por grupo")
    phone.get_by_role("button", name="Agregar el tema").click()
    phone.get_by_text("Tema agregado al orden del día.").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    held(meeting, days_ago=0.01)  # the meeting takes place
    phone.reload()
    for person, status in ((cas.tutor, "Justificada"), (second, "Ausente")):
        phone.get_by_role("group", name=person.full_name).get_by_label(status).check()
    phone.get_by_role("button", name="Guardar la asistencia").click()
    phone.get_by_text("Asistencia guardada.").wait_for()

    phone.get_by_role("textbox", name="Acta").fill("Acordamos el calendario de observaciones y la rúbrica.")
    phone.get_by_role("button", name="Guardar el acta").click()
    phone.get_by_text("Acta guardada.").wait_for()

    for text, owner, due in (
        ("Enviar el calendario de observaciones", teacher.full_name, "En 15 días"),
        ("Probar la rúbrica en un grupo", second.full_name, "En 30 días"),
    ):
        phone.get_by_role("textbox", name="Acuerdo").fill(text)
        phone.get_by_role("combobox", name="Responsable").select_option(label=owner)
        phone.get_by_label(due).check()
        phone.get_by_role("button", name="Registrar el acuerdo").click()
        phone.get_by_text("Acuerdo registrado.").wait_for()

    with phone.expect_download() as download_info:
        phone.get_by_role("link", name="Agregar a mi calendario (.ics)").click()
    calendar = icalendar.Calendar.from_ical(download_info.value.path().read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "CAS · Planeación de la observación entre pares"
    assert event["DTSTART"].params["TZID"] == "America/Mexico_City"
    teacher_context.close()

    statuses = dict(Attendance.objects.values_list("person__email", "status"))
    assert statuses == {
        cas.director.email: "present",
        cas.tutor.email: "excused",
        teacher.email: "present",
        second.email: "absent",
    }
    meeting.refresh_from_db()
    assert meeting.minutes_written_by == teacher
    day = timezone.localtime(meeting.starts_at).date()
    assert sorted(Agreement.objects.values_list("due_date", flat=True)) == [
        day + timedelta(days=15),
        day + timedelta(days=30),
    ]

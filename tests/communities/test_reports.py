"""The core's reports, asked for on the CAS page as a person would: the
community progress report and the school report build in the background,
open, and hold their sections (the satellites' too); a failed build says why
and can be asked for again; asking twice while one builds builds one."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from communities import documents, extensions
from communities.documents.progress import progress_pdf
from communities.documents.school import school_pdf
from communities.models import Attendance, Report
from communities.services import meetings as meeting_services
from communities.services.goals import record_progress
from communities.services.reports import sweep
from tests.conftest import grow, held, schedule
from tests.pdfs import Pdf

pytestmark = pytest.mark.django_db


def _ask(client, person, route, cas, django_capture_on_commit_callbacks):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(route, args=[cas.pk]))
    assert response.status_code == 302
    assert response.url.endswith("#reports")
    return Report.objects.order_by("-pk").first()


def _open(client, report) -> Pdf:
    response = client.get(reverse("communities:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    return Pdf(b"".join(response.streaming_content))


def test_the_progress_report_holds_the_phases_goals_sessions_and_agreements(
    client, scene, django_capture_on_commit_callbacks
):
    cas, teacher, goal = scene["cas"], scene["teacher"], scene["goal"]
    record_progress(actor=cas.director, goal=goal, value=Decimal(55), recorded_on=timezone.localdate())
    meeting_services.record_attendance(
        actor=cas.director, meeting=scene["past"], statuses={teacher.pk: Attendance.Status.PRESENT}
    )
    report = _ask(client, teacher, "communities:progress_report", cas, django_capture_on_commit_callbacks)
    assert report.kind == documents.COMMUNITY_PROGRESS and report.status == Report.Status.READY
    pdf = _open(client, report)
    for text in (
        "Informe de avance de la comunidad de aprendizaje",
        cas.school.name,
        "Fases e hitos",
        "Integración",
        "Meta de prueba",
        "Sesión pasada",
        "1 / 1",  # present of those recorded
        "Traer evidencias",
        teacher.full_name,
    ):
        assert pdf.has(text), text
    assert report.filename == f"informe-cas-{cas.school.cct}-{cas.school_year}.pdf"
    # The CAS page shows it ready, with its link.
    page = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert reverse("communities:report_download", args=[report.pk]) in page


def test_a_satellites_section_is_printed_with_its_bars_and_note(client, scene, monkeypatch):
    section = extensions.Section(
        title="Sección del satélite",
        columns=("Dimensión", "Promedio"),
        rows=(("Convivencia", "3.4"),),
        note="Grupos con menos de 5 respuestas no se muestran.",
        bars=(("Convivencia", 3.4, 5.0),),
    )
    monkeypatch.setattr(
        extensions.registry,
        "report_sections",
        [extensions.ReportSection(document="community", section=lambda community: section)],
    )
    pdf = Pdf(progress_pdf(community=scene["cas"]))
    for text in ("Sección del satélite", "Convivencia", "3.4", "Grupos con menos de 5 respuestas no se muestran."):
        assert pdf.has(text), text


def test_the_progress_report_takes_the_same_queries_whatever_the_community(
    scene, school, django_assert_max_num_queries
):
    cas = scene["cas"]
    with django_assert_max_num_queries(30) as few:
        progress_pdf(community=cas)
    grow(cas, school, teachers=4, proposals=3)
    for n in range(4):
        meeting = held(schedule(cas, purpose=f"Sesión {n}"), days_ago=10 + n)
        meeting_services.add_agreement(
            actor=cas.director,
            meeting=meeting,
            text=f"Acuerdo {n}",
            owner=scene["teacher"],
            due_date=timezone.localdate() + timedelta(days=n),
        )
    with django_assert_max_num_queries(30) as many:
        progress_pdf(community=cas)
    assert len(many) == len(few)


def test_the_school_report_is_the_directors_and_shows_each_cas(
    client, scene, director, tutor, teacher, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    cas = scene["cas"]
    report = _ask(client, director, "communities:school_report", cas, django_capture_on_commit_callbacks)
    assert report.kind == documents.SCHOOL_REPORT and report.school == cas.school and report.community is None
    pdf = _open(client, report)
    for text in ("Informe de la escuela", cas.school.name, cas.school.cct, cas.school_year, "Meta de prueba"):
        assert pdf.has(text), text
    # The tutor opens it; a teacher of the CAS cannot, and is not offered it.
    client.force_login(tutor)
    assert client.get(reverse("communities:report_download", args=[report.pk])).status_code == 200
    client.force_login(teacher)
    assert client.get(reverse("communities:report_download", args=[report.pk])).status_code == 403
    page = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert reverse("communities:school_report", args=[cas.pk]) not in page
    assert reverse("communities:progress_report", args=[cas.pk]) in page
    with django_assert_max_num_queries(6):
        school_pdf(school=cas.school)


def test_asking_twice_while_it_builds_builds_one(client, scene, director):
    cas = scene["cas"]
    client.force_login(director)
    url = reverse("communities:progress_report", args=[cas.pk])
    client.post(url)  # without the commit callbacks the task is not sent: it stays queued
    client.post(url)
    assert Report.objects.filter(kind=documents.COMMUNITY_PROGRESS).count() == 1
    status = client.get(reverse("communities:report_status", args=[Report.objects.get().pk])).content.decode()
    assert "hx-trigger" in status and "En cola" in status


def test_a_failed_build_says_why_serves_nothing_and_can_be_asked_again(
    client, scene, director, monkeypatch, django_capture_on_commit_callbacks
):
    cas = scene["cas"]

    def broken(**kwargs):
        raise ValueError("no fonts")

    monkeypatch.setattr("communities.documents.progress.progress_pdf", broken)
    report = _ask(client, director, "communities:progress_report", cas, django_capture_on_commit_callbacks)
    assert report.status == Report.Status.FAILED and "ValueError" in report.failure and not report.file
    assert client.get(reverse("communities:report_download", args=[report.pk])).status_code == 404
    status = client.get(reverse("communities:report_status", args=[report.pk]), headers={"HX-Request": "true"})
    assert status.status_code == 286  # htmx stops polling
    assert "Falló" in status.content.decode() and "ValueError" in status.content.decode()
    monkeypatch.undo()
    again = _ask(client, director, "communities:progress_report", cas, django_capture_on_commit_callbacks)
    assert again.pk != report.pk and again.status == Report.Status.READY


def test_kept_files_are_swept_after_their_days(client, scene, director, django_capture_on_commit_callbacks):
    report = _ask(client, director, "communities:progress_report", scene["cas"], django_capture_on_commit_callbacks)
    storage, name = report.file.storage, report.file.name
    assert storage.exists(name)
    assert sweep(now=timezone.now() + timedelta(days=6)) == (0, 0, 0)
    assert sweep(now=timezone.now() + timedelta(days=8)) == (0, 0, 1)
    assert not storage.exists(name) and not Report.objects.filter(pk=report.pk).exists()


def test_a_build_whose_message_was_lost_is_sent_again_and_builds_once(
    client, scene, director, django_capture_on_commit_callbacks
):
    client.force_login(director)
    client.post(reverse("communities:progress_report", args=[scene["cas"].pk]))  # its task never sent
    report = Report.objects.get()
    assert sweep() == (0, 0, 0)  # still fresh
    later = timezone.now() + timedelta(minutes=6)
    assert sweep(now=later) == (1, 0, 0)  # the eager task builds it now
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert sweep(now=later) == (0, 0, 0)

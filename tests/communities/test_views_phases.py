"""Milestone evidence and the phase change: what people see and do, bad input, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import MilestoneKind, Phase, PhaseReview
from communities.services.phases import request_phase_change
from communities.uploads import MAX_UPLOAD_BYTES
from tests.conftest import complete_phase

pytestmark = pytest.mark.django_db


def test_milestone_evidence_upload_checks_size_and_content(client, cas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    url = reverse("communities:milestone_complete", args=[cas.pk, milestone.pk])
    client.force_login(cas.director)

    disguised = SimpleUploadedFile("resultados.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"file": disguised})
    assert "El contenido de este archivo no corresponde a su nombre (.pdf)" in response.content.decode()

    too_big = SimpleUploadedFile("resultados.pdf", b"%PDF-1.4" + b"0" * MAX_UPLOAD_BYTES)
    response = client.post(url, {"file": too_big})
    assert "el límite es 10.0" in response.content.decode()

    script = SimpleUploadedFile("resultados.html", b"<script>alert(1)</script>")
    response = client.post(url, {"file": script})
    assert "No se aceptan archivos de este tipo" in response.content.decode()

    nothing = client.post(url, {"text": "  "})
    assert "Agrega la evidencia" in nothing.content.decode()

    milestone.refresh_from_db()
    assert not milestone.is_completed
    assert not any(tmp_path.rglob("*.*"))

    real = SimpleUploadedFile("resultados.pdf", b"%PDF-1.4 resultados")
    assert client.post(url, {"file": real, "text": "Resultados del diagnóstico"}).status_code == 302
    download = client.get(reverse("communities:milestone_evidence", args=[cas.pk, milestone.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="resultados.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 resultados"


def test_a_phase_change_asked_too_early_lists_what_is_missing(client, cas):
    client.force_login(cas.director)
    response = client.post(reverse("communities:phase_request", args=[cas.pk]), {"comment": "¿Ya?"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Antes de avanzar, cumple estos hitos con su evidencia" in html
    assert not PhaseReview.objects.exists()


def _ready_for_review(cas):
    complete_phase(cas)
    return request_phase_change(actor=cas.director, community=cas, comment="Listos para Desarrollo")


def test_tutor_reviews_from_the_home_page_and_approves(client, cas):
    _ready_for_review(cas)
    client.force_login(cas.tutor)
    home = client.get(reverse("communities:home")).content.decode()
    assert "Revisar el cambio de fase" in home
    response = client.post(reverse("communities:phase_review", args=[cas.pk]), {"decision": "approve"})
    assert response.status_code == 302
    cas.refresh_from_db()
    assert cas.phase == Phase.DEVELOPMENT
    detail = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert "lo aprobó el" in detail


def test_returning_without_a_comment_shows_a_message_next_to_it(client, cas):
    _ready_for_review(cas)
    client.force_login(cas.tutor)
    response = client.post(reverse("communities:phase_review", args=[cas.pk]), {"decision": "return"})
    assert "Dile a la dirección qué falta o qué mejorar." in response.content.decode()
    assert PhaseReview.objects.get().status == PhaseReview.Status.REQUESTED

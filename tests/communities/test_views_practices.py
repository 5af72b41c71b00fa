"""The practices pages: what a member sees and does, bad input, query counts."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.access import visible_practices
from communities.models import (
    Practice,
)
from communities.services.practices import share_practice
from communities.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db


def _practice(author, school, scope, **extra):
    fields = {
        "kind": "practice",
        "title": extra.pop("title", f"Práctica {scope}"),
        "summary": "Resumen",
        "level": "basica",
        "grade": "2°",
        "subject": "Matemáticas",
        "duration": "1 sesión",
        "steps": "1. Paso",
        "materials": "",
    }
    return share_practice(actor=author, school=school, scope=scope, **(fields | extra))


def test_practices_reach_the_cas_the_school_or_every_school(cas, teacher, colleague, outsider, school, catalogue):
    in_cas = _practice(teacher, school, "community")
    in_school = _practice(teacher, school, "school")
    everywhere = _practice(teacher, school, "all")
    visible = {person: set(visible_practices(person)) for person in (cas.director, colleague, outsider)}
    assert visible[cas.director] == {in_cas, in_school, everywhere}
    assert visible[colleague] == {in_school, everywhere}
    assert visible[outsider] == {everywhere}


def test_practice_detail_of_another_school_is_404_unless_shared_with_all(client, teacher, outsider, school, catalogue):
    school_only = _practice(teacher, school, "school")
    everywhere = _practice(teacher, school, "all")
    client.force_login(outsider)
    assert client.get(reverse("communities:practice", args=[school_only.pk])).status_code == 404
    assert client.get(reverse("communities:practice", args=[everywhere.pk])).status_code == 200
    client.post(reverse("communities:practice_used", args=[everywhere.pk]))
    client.post(reverse("communities:practice", args=[everywhere.pk]), {"body": "La usé en Oaxaca."})
    assert everywhere.uses.filter(user=outsider).exists()
    assert everywhere.feedback.get().body == "La usé en Oaxaca."
    assert client.post(reverse("communities:practice_used", args=[school_only.pk])).status_code == 404


def test_practice_upload_checks_size_and_content(client, cas, teacher, school, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(teacher)
    data = {
        "kind": "practice",
        "title": "Con archivo",
        "summary": "S",
        "level": "basica",
        "steps": "Pasos",
        "scope": "school",
        "school": school.pk,
    }
    disguised = SimpleUploadedFile("planeacion.docx", b"%PDF-1.4 not a docx")
    response = client.post(reverse("communities:practice_create"), data | {"files": [disguised]})
    assert "no corresponde a su nombre (.docx)" in response.content.decode()
    big = SimpleUploadedFile("rubrica.pdf", b"%PDF-1.4" + b"0" * MAX_UPLOAD_BYTES)
    response = client.post(reverse("communities:practice_create"), data | {"files": [big]})
    assert "el límite es 10.0" in response.content.decode()
    assert not Practice.objects.exists()
    assert not any(tmp_path.rglob("*.*"))

    good = SimpleUploadedFile("rubrica.pdf", b"%PDF-1.4 rubrica")
    png = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    response = client.post(reverse("communities:practice_create"), data | {"files": [good, png]})
    practice = Practice.objects.get()
    assert sorted(practice.files.values_list("original_name", flat=True)) == ["foto.png", "rubrica.pdf"]
    stored = practice.files.get(original_name="rubrica.pdf")
    assert "rubrica" not in stored.file.name  # generated name
    download = client.get(reverse("communities:practice_file", args=[practice.pk, stored.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 rubrica"
    assert download["Content-Disposition"] == 'attachment; filename="rubrica.pdf"'


def test_bank_list_has_fixed_queries(client, cas, teacher, school, catalogue, django_assert_max_num_queries):
    for n in range(8):
        _practice(teacher, school, "all", title=f"Práctica {n}")
    client.force_login(teacher)
    with django_assert_max_num_queries(9):
        html = client.get(reverse("communities:practices")).content.decode()
    assert html.count("Práctica ") >= 8
    with django_assert_max_num_queries(9):
        client.get(reverse("communities:practices"), {"q": "Práctica 3", "level": "basica"})


def test_only_the_author_edits_a_practice(client, teacher, colleague, school, catalogue):
    practice = _practice(teacher, school, "school")
    url = reverse("communities:practice_edit", args=[practice.pk])
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    client.force_login(teacher)
    data = {
        "kind": "project",
        "title": "Título nuevo",
        "summary": "S",
        "level": "basica",
        "steps": "**Paso**",
        "scope": "all",
        "school": school.pk,
    }
    assert client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert (practice.title, practice.scope, practice.steps_html) == (
        "Título nuevo",
        "all",
        "<p><strong>Paso</strong></p>",
    )


def test_sharing_with_my_cas_needs_a_cas_and_the_practice_records_it(cas, teacher, colleague, school, catalogue):

    with pytest.raises(ValidationError) as excinfo:
        _practice(colleague, school, "community")
    assert excinfo.value.message_dict["scope"] == [
        "Para compartirla con tu CAS debes formar parte de una en esta escuela."
    ]
    assert _practice(teacher, school, "school").community == cas  # where it came from


@pytest.mark.parametrize("name", ["level", "scope"])
def test_a_bank_filter_value_not_offered_is_not_shown_back(client, teacher, school, catalogue, name):
    _practice(teacher, school, "school", title="Visible")
    client.force_login(teacher)
    html = client.get(reverse("communities:practices"), {name: "x" * 20000}).content.decode()
    assert "Seleccione una opción válida" in html
    assert "x" * 300 not in html
    assert "Visible" not in html

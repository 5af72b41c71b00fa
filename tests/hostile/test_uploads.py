"""Hostile files in every upload form (milestone evidence, the bank's
practice files, the lists of schools and staff): polyglots, SVG with a
script, HTML under a PDF's name, archives that expand past a gigabyte, names
with folders, `..`, NUL, quotes, line breaks or a thousand characters.

Each is refused with a Spanish message next to the file field and nothing
written, or stored under a generated name inside MEDIA_ROOT and served only as
an attachment (nosniff, its kind's content type, a sandbox), never rendered."""

import io
import re
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import translation
from hypothesis import given

from communities import tables
from communities.models import Milestone, PracticeFile
from communities.services.onboarding import STAFF_COLUMNS
from communities.uploads import KINDS, sniff_kind, validate_evidence_file
from tests.communities.test_role_matrix import EXPECTATIONS, fingerprint
from tests.hostile import files
from tests.hostile.harness import (
    HOSTILE,
    answered,
    assert_nothing_written,
    assert_sound,
    page_fields,
    person,
    post_routes,
    reader,
    sign_in,
    write_mark,
    writer,
)
from tests.hostile.strategies import uploads

pytestmark = pytest.mark.django_db

# route → (its file input, one more file than it takes)
UPLOAD_FORMS = {
    "communities:milestone_complete": ("file", 1),
    "communities:practice_create": ("files", 6),
    "communities:practice_edit": ("files", 6),
    "communities:school_import": ("file", 1),
    "communities:staff_import": ("file", 1),
}
KINDS_SENT = sorted(files.CONTENTS)
GENERATED = re.compile(r"^(evidence|practices|imports)/\d{4}/\d{2}/[0-9a-f]{32}\.[a-z]{3,4}$")
# A browser's form always carries the CSRF token (which the test client does
# not check): a form whose only field is a file is still a bound form.
BROWSER = {"csrfmiddlewaretoken": "x"}
SPANISH = re.compile(r"\b(el|la|los|las|un|una|de|del|archivo|sube|este|esta)\b", re.IGNORECASE)


def _stored_files() -> set[str]:
    """The name of every file any model of the project holds."""
    names = set()
    for label in ("communities", "diagnostics", "workshops"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    names |= set(model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return names


def _download_of(name: str) -> str | None:
    """The address that serves a stored evidence or practice file."""
    practice_file = PracticeFile.objects.filter(file=name).first()
    if practice_file is not None:
        return reverse("communities:practice_file", args=[practice_file.practice_id, practice_file.pk])
    milestone = Milestone.objects.filter(evidence_file=name).first()
    if milestone is not None:
        return reverse("communities:milestone_evidence", args=[milestone.community_id, milestone.pk])
    return None  # an import's list: read by the worker, never served


def assert_served_as_attachment(response, name: str) -> None:
    extension = Path(name).suffix
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == next(k.content_type for k in KINDS.values() if extension in k.extensions)
    assert "sandbox" in response["Content-Security-Policy"]
    assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]


def _error_next_to(html: str, field: str) -> str:
    found = re.search(rf'id="error_\d+_id_{field}"[^>]*>(.*?)</(?:span|div|p)>', html, re.S)
    return re.sub(r"<[^>]+>", "", found[1]).strip() if found else ""


UNREADABLE = '<h1 class="h3">No pudimos leer lo que enviaste</h1>'


def assert_refused_in_spanish(response, field: str, what: str) -> None:
    """A message next to the file field or, for a body the parser could not
    read (a file name past its header limit), the Spanish 400 page."""
    html = response.content.decode()
    if response.status_code == 400 and UNREADABLE in html:
        return
    message = _error_next_to(html, field)
    assert SPANISH.search(message), f"no Spanish message next to {field!r} ({message!r}): {what}"


def test_every_upload_form_is_probed(client, scene, sessions):
    """A form that takes a file and is not in UPLOAD_FORMS fails here."""
    found = {}
    for route in post_routes({"", "communities", "diagnostics", "answer", "workshops"}):
        row = EXPECTATIONS[route]
        if 200 not in row.get:
            continue
        sign_in(client, sessions, person(scene, reader(row)))
        inputs = page_fields(client, scene.url(route), route=route, method="post", kind="files")
        if inputs:
            found[route] = set(inputs)
    assert found == {route: {field} for route, (field, _most) in UPLOAD_FORMS.items()}


@pytest.mark.parametrize("route", sorted(UPLOAD_FORMS))
def test_hostile_upload_is_refused_in_spanish_or_stored_inert(client, scene, sessions, route):
    row = EXPECTATIONS[route]
    role, done = writer(row)
    user = person(scene, role)
    field, most = UPLOAD_FORMS[route]
    if row.setup is not None:
        row.setup(scene)
    url = scene.url(route)
    base = {name: value for name, value in row.data(scene).items() if name != field} | BROWSER
    before, stored_before = fingerprint(), _stored_files()

    @HOSTILE
    @given(sent=uploads(field, KINDS_SENT, most))
    def example(sent) -> None:
        body, content_type = files.multipart(base, sent)
        what = f"POST {route} as {role} with " + "; ".join(upload.describe() for upload in sent)
        with transaction.atomic():
            sign_in(client, sessions, user)
            mark = write_mark()
            response = answered("upload", route, lambda: client.generic("POST", url, body, content_type=content_type))
            assert_sound(response, what)
            if response.status_code != done.status:
                assert_nothing_written(before, mark, f"{response.status_code} to {what}")
                assert_refused_in_spanish(response, field, what)
            else:
                assert_sound(client.get(response["Location"]), f"the page after {what}")
                for name in _stored_files() - stored_before:
                    assert GENERATED.match(name), f"stored as {name!r}: {what}"
                    assert (
                        (Path(settings.MEDIA_ROOT) / name).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
                    )
                    if download := _download_of(name):
                        served = client.get(download)
                        assert_served_as_attachment(served, name)
                        served.close()
            transaction.set_rollback(True)

    example()


# --- The cases by name ----------------------------------------------------------------------------


def _post_file(client, scene, sessions, route: str, upload: files.Upload):
    """(the answer, the fingerprint before the POST) of the route's valid form with `upload`."""
    row = EXPECTATIONS[route]
    role, _done = writer(row)
    if row.setup is not None:
        row.setup(scene)
    sign_in(client, sessions, person(scene, role))
    field = UPLOAD_FORMS[route][0]
    data = {name: value for name, value in row.data(scene).items() if name != field} | BROWSER
    body, content_type = files.multipart(data, [upload])
    before = fingerprint()
    return client.generic("POST", scene.url(route), body, content_type=content_type), before


@pytest.mark.parametrize(
    ("kind", "name"),
    [("svg+script", "dibujo.svg"), ("html", "acta.pdf"), ("gif+html", "foto.gif"), ("exe", "informe.pdf")],
)
def test_an_active_or_disguised_evidence_file_is_refused_in_spanish(client, scene, sessions, kind, name):
    upload = files.Upload("file", name, kind, "application/pdf")
    response, before = _post_file(client, scene, sessions, "communities:milestone_complete", upload)
    assert response.status_code == 200
    assert _error_next_to(response.content.decode(), "file") in {
        "No se aceptan archivos de este tipo. Sube un PDF, una imagen (PNG, JPG, WebP) o un documento de oficina.",
        f"El contenido de este archivo no corresponde a su nombre ({Path(name).suffix}). Sube el documento original.",
    }
    assert fingerprint() == before


@pytest.mark.parametrize(("kind", "name"), [("jpeg+html", "foto.jpg"), ("pdf+zip", "acta.pdf")])
def test_a_polyglot_is_stored_under_a_generated_name_and_served_as_an_attachment(client, scene, sessions, kind, name):
    stored_before = _stored_files()
    upload = files.Upload("file", f"../../{name}", kind, "text/html")
    response, _before = _post_file(client, scene, sessions, "communities:milestone_complete", upload)
    assert response.status_code == 302
    (stored,) = _stored_files() - stored_before
    assert GENERATED.match(stored)
    milestone = Milestone.objects.get(evidence_file=stored)
    assert milestone.evidence_file_name == name  # the folders never reach the database
    served = client.get(_download_of(stored))
    assert_served_as_attachment(served, stored)
    assert served["Content-Disposition"] == f'attachment; filename="{name}"'
    served.close()


def _counting_expansion():
    """Patch zipfile to count the bytes it decompresses."""
    expanded = [0]
    original = zipfile.ZipExtFile._read1

    def counting(self, n):
        data = original(self, n)
        expanded[0] += len(data)
        return data

    return expanded, mock.patch.object(zipfile.ZipExtFile, "_read1", counting)


def test_a_workbook_that_expands_past_a_gigabyte_is_refused_on_arrival_without_expanding(client, scene, sessions):
    expanded, counting = _counting_expansion()
    with counting:
        upload = files.Upload("file", "plantilla.xlsx", "xlsx bomb", "application/octet-stream")
        response, before = _post_file(client, scene, sessions, "communities:staff_import", upload)
    assert response.status_code == 200
    message = _error_next_to(response.content.decode(), "file")
    assert message.startswith("Este libro se expande a más de 100")
    assert message.endswith("al abrirlo: no es una lista que se pueda leer. Guárdalo de nuevo desde Excel o como CSV.")
    assert fingerprint() == before
    assert expanded[0] < 1_000_000


def test_the_worker_refuses_a_stored_bomb_without_expanding_it():
    expanded, counting = _counting_expansion()
    with counting, translation.override("es-mx"), pytest.raises(tables.TableError) as refusal:
        tables.read_table(files.xlsx_bomb(), "plantilla.xlsx", STAFF_COLUMNS)
    assert refusal.value.message.startswith("Este libro se expande a más de 100")
    assert expanded[0] < 1_000_000


def test_a_workbook_of_entities_that_expand_a_billion_times_is_refused():
    with translation.override("es-mx"), pytest.raises(tables.TableError):
        tables.read_table(files.xlsx_laughs(), "plantilla.xlsx", STAFF_COLUMNS)


def test_the_kind_of_an_opendocument_bomb_is_read_from_a_few_bytes():
    expanded, counting = _counting_expansion()
    bomb = SimpleUploadedFile("acta.odt", files.odt_bomb())
    with counting:
        assert sniff_kind(bomb) == "odt"
        validate_evidence_file(bomb)
    assert expanded[0] < 1_000_000


def test_a_pdf_that_is_also_a_zip_is_a_pdf():
    assert sniff_kind(io.BytesIO(files.pdf_that_is_a_zip())) == "pdf"


def test_a_file_name_past_the_parsers_limit_gets_the_spanish_page_and_nothing_is_written(client, scene, sessions):
    upload = files.Upload("file", "ñ" * 1_000 + ".pdf", "pdf", "application/pdf")
    response, before = _post_file(client, scene, sessions, "communities:milestone_complete", upload)
    assert response.status_code == 400
    assert UNREADABLE in response.content.decode()
    assert fingerprint() == before

"""Getting a school's people in: schools registered by platform admins, a
school's staff added by its director one by one or from a CSV/XLSX list, the
imports run by the worker, and the activation link a new person gets."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from communities import tasks
from communities.activation import activation_tokens
from communities.models import Event, ImportRun, OutgoingEmail, School, StaffMembership, User
from communities.services import onboarding
from communities.services.onboarding import (
    Person,
    add_staff_member,
    create_school,
    process_import,
    start_school_import,
    start_staff_import,
)
from communities.tables import MAX_TABLE_BYTES
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = StaffMembership.Role
NEW_PASSWORD = "una-clave-nueva-de-nora-2026"
EXPECTED_IMPORT_PAGE_QUERIES = 5


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://cas.test"


def es(message: str) -> str:
    """A message as the platform stores and mails it: in its own language."""
    with translation.override("es-mx"):
        return gettext(message)


def staff_csv(*rows: str, header: str = "nombre,correo,rol") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def generated_staff_csv(count: int, *, domain: str = "escuela.test") -> bytes:
    """A staff list of `count` new teachers (used by bench/staff_import.py too)."""
    rows = [f"Docente Número {n},docente{n}@{domain},docente" for n in range(1, count + 1)]
    return staff_csv(*rows)


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "plantilla.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def import_staff(director, school, django_capture_on_commit_callbacks):
    """Upload a staff list as the director and let the worker (eager) run it."""

    def run(content: bytes, name: str = "plantilla.csv", *, actor=None) -> ImportRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = start_staff_import(actor=actor or director, school=school, upload=upload(content, name))
        started.refresh_from_db()
        return started

    return run


@pytest.fixture
def import_schools(admin_user, django_capture_on_commit_callbacks):
    def run(content: bytes, name: str = "escuelas.csv") -> ImportRun:
        with django_capture_on_commit_callbacks(execute=True):
            started = start_school_import(actor=admin_user, upload=upload(content, name))
        started.refresh_from_db()
        return started

    return run


def link_in(message) -> str:
    return re.search(r"http://cas\.test(/accounts/activate/\S+/)", message.body).group(1)


def reasons(run: ImportRun) -> list[tuple[int, str]]:
    return [(error["line"], error["reason"]) for error in run.errors]


def fingerprint() -> tuple:
    return (
        sorted(User.objects.values_list("email", flat=True)),
        sorted(StaffMembership.objects.values_list("user__email", "school__cct", "role")),
        sorted(School.objects.values_list("cct", "name")),
        OutgoingEmail.objects.count(),
        Event.objects.count(),
    )


# --- One person -------------------------------------------------------------------------------


def test_director_adds_a_new_teacher_who_gets_an_activation_email(director, school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        written = add_staff_member(
            actor=director,
            school=school,
            full_name="  Nora   Nueva Docente ",
            email="Nora@Escuela.TEST",
            role="teacher",
        )
    nora = User.objects.get(email="nora@escuela.test")
    assert (written.added, written.new_accounts) == (1, 1)
    assert nora.full_name == "Nora Nueva Docente"
    assert not nora.has_usable_password() and nora.awaits_activation
    assert StaffMembership.objects.filter(user=nora, school=school, role=Role.TEACHER).exists()
    (message,) = mail.outbox
    assert message.to == ["nora@escuela.test"]
    assert school.name in message.body and director.full_name in message.body
    assert "/accounts/activate/" in message.body
    event = Event.objects.get(verb=Event.Verb.STAFF_ADDED)
    assert (event.school, event.community, event.actor, event.subject) == (school, None, director, nora.full_name)
    assert event.change_display == str(Role.TEACHER.label)


def test_an_existing_account_is_tied_to_the_school_and_told(
    director, school, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        written = add_staff_member(
            actor=director, school=school, full_name="Otro nombre", email=outsider.email, role="teacher"
        )
    assert (written.added, written.new_accounts) == (1, 0)
    outsider.refresh_from_db()
    assert outsider.full_name == "Óscar Fuera Pérez"  # their own name is kept
    assert outsider.has_usable_password()
    assert set(outsider.staff_memberships.values_list("school__cct", flat=True)) == {"14ETV0042B", school.cct}
    (message,) = mail.outbox
    assert message.to == [outsider.email]
    assert "/accounts/activate/" not in message.body
    assert "/accounts/login/" in message.body and school.name in message.body


def test_adding_someone_already_on_the_staff_is_refused(director, school, teacher):
    with pytest.raises(ValidationError) as refused:
        add_staff_member(actor=director, school=school, full_name="Tere", email=teacher.email, role="teacher")
    assert "email" in refused.value.error_dict
    assert StaffMembership.objects.filter(user=teacher, school=school).count() == 1


def test_adding_again_someone_who_never_activated_sends_a_new_link(
    director, school, django_capture_on_commit_callbacks
):
    add_staff_member(actor=director, school=school, full_name="Nora Nueva", email="nora@escuela.test", role="teacher")
    with django_capture_on_commit_callbacks(execute=True):
        written = add_staff_member(
            actor=director, school=school, full_name="Nora Nueva", email="nora@escuela.test", role="teacher"
        )
    assert (written.added, written.resent) == (0, 1)
    assert StaffMembership.objects.filter(user__email="nora@escuela.test").count() == 1
    assert "/accounts/activate/" in mail.outbox[-1].body


def test_a_director_adds_teachers_and_directors_but_only_admins_name_tutors(director, school, admin_user):
    with pytest.raises(ValidationError) as refused:
        add_staff_member(actor=director, school=school, full_name="Tita Tutora", email="tita@t.test", role="tutor")
    with translation.override("es-mx"):
        assert refused.value.message_dict["role"] == [
            "Solo la administración de la plataforma designa al tutor Construye T de una escuela."
        ]
    add_staff_member(actor=director, school=school, full_name="Diego Subdirector", email="d@e.test", role="director")
    add_staff_member(actor=admin_user, school=school, full_name="Tita Tutora", email="tita@t.test", role="tutor")
    assert StaffMembership.objects.filter(user__email="tita@t.test", role=Role.TUTOR).exists()


@pytest.mark.parametrize("who", ["teacher", "outsider", "tutor"])
def test_people_who_do_not_direct_the_school_cannot_add_staff(request, school, who):
    with pytest.raises(PermissionDenied):
        add_staff_member(
            actor=request.getfixturevalue(who), school=school, full_name="Nadie", email="n@e.test", role="teacher"
        )
    assert not User.objects.filter(email="n@e.test").exists()


def test_a_new_person_needs_a_name_and_a_valid_address(director, school):
    with pytest.raises(ValidationError) as refused:
        add_staff_member(actor=director, school=school, full_name="   ", email="nora@escuela.test", role="teacher")
    assert "full_name" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        add_staff_member(actor=director, school=school, full_name="Nora", email="nora@", role="teacher")
    assert "email" in refused.value.error_dict


def test_a_deactivated_account_is_not_tied(director, school):
    UserFactory(email="baja@escuela.test", is_active=False)
    with pytest.raises(ValidationError):
        add_staff_member(actor=director, school=school, full_name="Baja", email="baja@escuela.test", role="teacher")


# --- The activation link ------------------------------------------------------------------------


@pytest.fixture
def nora_link(director, school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_staff_member(
            actor=director, school=school, full_name="Nora Nueva", email="nora@escuela.test", role="teacher"
        )
    return link_in(mail.outbox[-1])


def _activate(client, link):
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    return client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})


def test_the_activation_link_sets_the_password_signs_in_and_shows_the_school(client, school, nora_link):
    response = _activate(client, nora_link)
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:home")
    nora = User.objects.get(email="nora@escuela.test")
    assert nora.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(nora.pk)
    assert school.name in client.get(reverse("communities:home")).content.decode()
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "nora@escuela.test", "password": NEW_PASSWORD})
    assert signed_in["Location"] == reverse("communities:home")


def test_the_activation_link_works_once(client, nora_link):
    assert _activate(client, nora_link).status_code == 302
    client.logout()
    response = client.get(nora_link, follow=True)
    assert response.context["validlink"] is False
    assert 'name="new_password1"' not in response.content.decode()


def test_the_activation_link_expires_after_seven_days(client, nora_link):
    with time_machine.travel(timedelta(days=6, hours=23)):  # relative: the token's clock is local
        assert client.get(nora_link, follow=True).context["validlink"] is True
    with time_machine.travel(timedelta(days=7, hours=1)):
        assert client.get(nora_link, follow=True).context["validlink"] is False


def test_the_activation_token_is_no_password_reset_token(client, nora_link):
    from django.contrib.auth.tokens import default_token_generator

    uidb64, token = nora_link.strip("/").split("/")[-2:]
    nora = User.objects.get(email="nora@escuela.test")
    assert activation_tokens.check_token(nora, token)
    assert not default_token_generator.check_token(nora, token)
    reset = reverse("password_reset_confirm", args=[uidb64, token])
    assert client.get(reset, follow=True).context["validlink"] is False


def test_a_tampered_activation_link_does_not_work(client, nora_link):
    assert client.get(nora_link[:-3] + "xx/", follow=True).context["validlink"] is False
    assert client.get("/accounts/activate/x/1-abc/", follow=True).context["validlink"] is False


# --- Registering schools --------------------------------------------------------------------


def test_admin_registers_a_school_with_its_director_and_a_tutor_of_several_schools(
    admin_user, school, tutor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = create_school(
            actor=admin_user,
            cct=" 14dpr0001a ",
            name="Primaria Uno",
            state="14",
            municipality="Zapopan",
            level="basica",
            shift="matutino",
            director=Person(full_name="Diana Directora", email="diana@uno.test"),
            tutor=Person(full_name="", email=tutor.email),  # an existing account: no name needed
        )
    assert new.cct == "14DPR0001A"
    assert set(StaffMembership.objects.filter(user=tutor, role=Role.TUTOR).values_list("school", flat=True)) == {
        school.pk,
        new.pk,
    }
    assert StaffMembership.objects.filter(user__email="diana@uno.test", school=new, role=Role.DIRECTOR).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["diana@uno.test", tutor.email]
    assert Event.objects.filter(school=new, verb=Event.Verb.SCHOOL_REGISTERED).exists()


def test_a_school_needs_a_valid_cct_of_its_state(admin_user):
    base = {"name": "Primaria", "municipality": "Zapopan", "level": "basica", "shift": "matutino"}
    with pytest.raises(ValidationError) as refused:
        create_school(actor=admin_user, cct="14DPR01", state="14", **base)
    assert "cct" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        create_school(actor=admin_user, cct="20DPR0001A", state="14", **base)
    assert "cct" in refused.value.error_dict
    assert not School.objects.exists()


def test_a_new_director_needs_a_name(admin_user):
    with pytest.raises(ValidationError) as refused:
        create_school(
            actor=admin_user,
            cct="14DPR0001A",
            name="Primaria",
            state="14",
            municipality="Zapopan",
            level="basica",
            shift="matutino",
            director=Person(full_name="", email="nadie@uno.test"),
        )
    assert "director_name" in refused.value.error_dict
    assert not School.objects.exists()


def test_only_platform_admins_register_schools(director):
    with pytest.raises(PermissionDenied):
        create_school(
            actor=director, cct="14DPR0001A", name="P", state="14", municipality="Z", level="basica", shift="matutino"
        )


# --- Importing a staff list -------------------------------------------------------------------


def test_a_csv_staff_list_is_imported(import_staff, school, outsider, django_capture_on_commit_callbacks):
    run = import_staff(
        staff_csv(
            "Nora Nueva Docente,nora@escuela.test,docente",
            f"Óscar Fuera Pérez,{outsider.email.upper()},Maestro",
            "Diego Director Dos,diego@escuela.test,Directora",
            "Pía Sin Rol,pia@escuela.test,",
        )
    )
    assert run.status == ImportRun.Status.DONE, run.errors
    assert (run.total, run.processed, run.added, run.new_accounts, run.skipped) == (4, 4, 4, 3, 0)
    assert set(school.staff_memberships.values_list("user__email", "role")) >= {
        ("nora@escuela.test", Role.TEACHER),
        (outsider.email, Role.TEACHER),
        ("diego@escuela.test", Role.DIRECTOR),
        ("pia@escuela.test", Role.TEACHER),
    }
    activations = [m for m in mail.outbox if "/accounts/activate/" in m.body]
    assert sorted(m.to[0] for m in activations) == ["diego@escuela.test", "nora@escuela.test", "pia@escuela.test"]
    assert [m.to[0] for m in mail.outbox if m not in activations] == [outsider.email]
    assert Event.objects.filter(school=school, verb=Event.Verb.STAFF_ADDED).count() == 4
    assert not run.file  # the list, with people's addresses, is not kept once read


def test_an_xlsx_staff_list_is_imported(import_staff, school):
    content = xlsx(
        [
            ["Listado del personal"],  # a title above the headers
            [],
            ["Nombre", "Correo electrónico", "Rol"],
            ["Nora Nueva Docente", "nora@escuela.test", "Docente"],
            ["Diego Director", "diego@escuela.test", "director"],
        ]
    )
    run = import_staff(content, "plantilla.xlsx")
    assert run.status == ImportRun.Status.DONE, run.errors
    assert (run.total, run.added, run.new_accounts) == (2, 2, 2)
    assert StaffMembership.objects.filter(school=school, user__email="diego@escuela.test", role=Role.DIRECTOR).exists()


def test_a_file_without_the_columns_says_which_are_missing(import_staff):
    run = import_staff(staff_csv("Nora,docente", header="Nombre,Rol"))
    expected = es("The first row must name the columns: %(expected)s. Missing: %(missing)s.")
    assert reasons(run) == [(1, expected % {"expected": "nombre, correo", "missing": "correo"})]


def test_a_latin1_csv_with_semicolons_and_headers_in_any_case_is_imported(import_staff, school):
    content = "CORREO ELECTRÓNICO;Nombre Completo;Función\r\nnuno@escuela.test;José Nuño;DOCENTE\r\n".encode("cp1252")
    run = import_staff(content)
    assert run.status == ImportRun.Status.DONE, run.errors
    assert User.objects.get(email="nuno@escuela.test").full_name == "José Nuño"


def test_bad_rows_are_reported_with_their_line_and_nothing_is_written(import_staff, school, teacher):
    before = fingerprint()
    run = import_staff(
        staff_csv(
            "Nora Nueva Docente,nora@escuela.test,docente",  # line 2: fine
            ",sin-nombre@escuela.test,docente",  # 3: empty name
            "Correo Malo,correo-malo,docente",  # 4: invalid e-mail
            "Nora Otra Vez,NORA@escuela.test,docente",  # 5: duplicate of line 2
            "Rol Raro,raro@escuela.test,conserje",  # 6: unknown role
            "Tita Tutora,tita@escuela.test,tutor",  # 7: directors do not name tutors
            '=HYPERLINK("http://x"),formula@escuela.test,docente',  # 8: a formula for a name
        )
    )
    assert run.status == ImportRun.Status.REJECTED
    assert reasons(run) == [
        (3, es("The name is empty.")),
        (4, es("«%(email)s» is not a valid e-mail address.") % {"email": "correo-malo"}),
        (5, es("The e-mail address %(email)s is also on line %(line)s.") % {"email": "nora@escuela.test", "line": 2}),
        (6, es("Unknown role «%(role)s»: write docente or director.") % {"role": "conserje"}),
        (7, es("Only platform administrators name a school's Construye T tutor.")),
        (8, es("The name looks like a spreadsheet formula: write the name itself.")),
    ]
    assert run.error_count == 6
    assert fingerprint() == before


def test_importing_the_same_file_again_changes_nothing(import_staff, school):
    content = staff_csv("Nora Nueva Docente,nora@escuela.test,docente", "Diego Director,diego@escuela.test,director")
    first = import_staff(content)
    assert (first.added, first.new_accounts, first.skipped) == (2, 2, 0)
    before = fingerprint()
    again = import_staff(content)
    assert again.status == ImportRun.Status.DONE
    assert (again.added, again.new_accounts, again.skipped) == (0, 0, 2)
    assert fingerprint() == before


def test_an_import_takes_the_same_queries_for_twenty_rows_or_two_hundred(director, school):
    counts = []
    for size, domain in ((20, "a.test"), (200, "b.test")):
        run = start_staff_import(actor=director, school=school, upload=upload(generated_staff_csv(size, domain=domain)))
        with CaptureQueriesContext(connection) as queries:
            assert process_import(run_id=run.pk).status == ImportRun.Status.DONE
        counts.append(len(queries))
    # Bulk inserts go in batches (SQLite takes at most 999 values a statement),
    # never a statement per row.
    assert counts[1] <= counts[0] + 12, counts
    assert StaffMembership.objects.filter(school=school).count() == 221  # and the director


def test_the_file_is_checked_again_when_the_worker_runs(school, director):
    """A director who lost the role between the upload and the worker's turn."""
    run = start_staff_import(actor=director, school=school, upload=upload(staff_csv("Nora,nora@escuela.test,")))
    StaffMembership.objects.filter(user=director).delete()
    processed = process_import(run_id=run.pk)
    assert processed.status == ImportRun.Status.FAILED
    assert processed.errors == [{"line": 0, "reason": es("Only the school's director adds people to its staff.")}]
    assert not User.objects.filter(email="nora@escuela.test").exists()


# --- The task --------------------------------------------------------------------------------------


def test_the_task_runs_an_import_once(director, school):
    run = start_staff_import(actor=director, school=school, upload=upload(staff_csv("Nora,nora@escuela.test,")))
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.QUEUED  # handed over on commit only
    assert tasks.run_import(run.pk) == ImportRun.Status.DONE
    assert tasks.run_import(run.pk) == "not claimed"  # delivered twice: the second does nothing
    assert StaffMembership.objects.filter(user__email="nora@escuela.test").count() == 1


def test_the_task_is_enqueued_when_the_upload_commits(director, school, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = start_staff_import(actor=director, school=school, upload=upload(staff_csv("Nora,nora@escuela.test,")))
    assert len(callbacks) == 1
    callbacks[0]()  # the eager worker
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE


def test_an_import_whose_worker_died_is_taken_again_later(director, school):
    run = start_staff_import(actor=director, school=school, upload=upload(staff_csv("Nora,nora@escuela.test,")))
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKING, started_at=timezone.now())
    assert process_import(run_id=run.pk) is None  # another worker holds it
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(minutes=11))
    assert process_import(run_id=run.pk).status == ImportRun.Status.DONE


# --- Importing schools ------------------------------------------------------------------------------

SCHOOL_HEADER = "CCT,Nombre,Entidad,Municipio,Nivel,Turno,Correo del director,Director,Correo del tutor,Tutor"


def test_a_sep_catalogue_of_schools_is_imported(import_schools, school, tutor):
    content = "\n".join(
        [
            "clave cct;NOMBRE DEL CENTRO DE TRABAJO;Entidad Federativa;Municipio;Nivel educativo;Turno;Localidad;"
            "correo del tutor",
            f"14DPR0001A;Primaria Uno;Jalisco;Zapopan;PRIMARIA;MATUTINO;Zapopan;{tutor.email}",
            f"09DES0002B;Secundaria Dos;Ciudad de México;Coyoacán;Secundaria;Vespertino;Coyoacán;{tutor.email}",
            "20DCT0003C;Bachillerato Tres;20;Oaxaca de Juárez;Bachillerato;Continuo (tiempo completo);Oaxaca;",
            f"{school.cct};{school.name};14;{school.municipality};Básica;Matutino;Zapopan;",  # already registered
        ]
    ).encode()
    run = import_schools(content)
    assert run.status == ImportRun.Status.DONE, run.errors
    assert (run.added, run.skipped, run.new_accounts) == (3, 1, 0)
    three = School.objects.get(cct="20DCT0003C")
    assert (three.state, three.level, three.shift) == ("20", "media_superior", "tiempo_completo")
    assert StaffMembership.objects.filter(user=tutor, role=Role.TUTOR).count() == 3
    (told,) = mail.outbox  # the tutor, once, for both schools
    assert "Primaria Uno" in told.body and "Secundaria Dos" in told.body
    again = import_schools(content)
    assert (again.status, again.added, again.skipped) == (ImportRun.Status.DONE, 0, 4)


def test_bad_school_rows_are_reported_and_nothing_is_written(import_schools, school):
    before = fingerprint()
    run = import_schools(
        "\n".join(
            [
                SCHOOL_HEADER,
                "14DPR0001A,Primaria Uno,Jalisco,Zapopan,Primaria,Matutino,diana@uno.test,Diana Directora,,",  # fine
                "14DPR01,Corta,Jalisco,Zapopan,Primaria,Matutino,,,,",  # 3: bad CCT
                "20DPR0002B,Mal Estado,Jalisco,Zapopan,Primaria,Matutino,,,,",  # 4: CCT of Oaxaca
                "14DPR0003C,Sin Nivel,Jalisco,Zapopan,Universidad,Matutino,,,,",  # 5: unknown level
                "14DPR0001A,Primaria Uno,Jalisco,Zapopan,Primaria,Matutino,,,,",  # 6: CCT repeated
                f"{school.cct},Otro Nombre,Jalisco,Zapopan,Secundaria,Matutino,,,,",  # 7: registered differently
                "14DPR0004D,Nuevo Director,Jalisco,Zapopan,Primaria,Matutino,nuevo@uno.test,,,",  # 8: no name
                "14DPR0005E,Sin Municipio,Narnia,,Primaria,Matutino,,,,",  # 9: state and municipality
            ]
        ).encode()
    )
    assert run.status == ImportRun.Status.REJECTED
    lines = [line for line, _reason in reasons(run)]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 9]
    text = dict(reasons(run))
    assert "14DPR01" in text[3] and "20DPR0002B" in text[4] and "Universidad" in text[5]
    assert "14DPR0001A" in text[6] and school.cct in text[7] and "nuevo@uno.test" in text[8]
    assert fingerprint() == before


# --- Garbage never answers a 500 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"nombre,correo\n" + b"x" * 200_000 + b",a@b.test\n", "largo.csv"),  # a cell past csv's own limit
        (b"nombre,correo\n" + b"x" * 100_000 + b",a@b.test\n", "celda.csv"),  # a 100k-character cell
        (b'nombre,correo\n"sin cerrar,a@b.test\n', "comillas.csv"),
        (b"\xef\xbb\xbf", "bom.csv"),
        (b"nombre,correo\n", "solo-encabezado.csv"),
        ("nombre,correo\n" + "\n".join(f"N{n},n{n}@e.test" for n in range(10_001)), "enorme.csv"),
    ],
)
def test_files_that_cannot_be_read_are_rejected_with_a_reason(import_staff, content, name):
    content = content.encode() if isinstance(content, str) else content
    run = import_staff(content, name)
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors and all(error["reason"] for error in run.errors)
    assert not User.objects.filter(email__endswith="e.test").exists()


def test_formulas_and_huge_numbers_in_a_workbook_are_read_as_values(import_staff):
    content = xlsx(
        [
            ["nombre", "correo", "rol"],
            ["=1+1", "formula@escuela.test", "docente"],
            [1e308, "numero@escuela.test", "docente"],
            [12345678901234567890, "entero@escuela.test", "docente"],
            ["Nora", '=CONCAT("a","@b.test")', "docente"],
        ]
    )
    run = import_staff(content, "raro.xlsx")
    assert run.status == ImportRun.Status.REJECTED
    assert {line for line, _reason in reasons(run)} == {2, 3, 4, 5}


def test_a_workbook_that_is_not_one_fails_with_a_reason(import_staff):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "no es xml <<<")
    run = import_staff(buffer.getvalue(), "roto.xlsx")
    assert run.status == ImportRun.Status.REJECTED
    assert run.errors[0]["line"] == 1


# --- Pages --------------------------------------------------------------------------------------


def _post_file(client, url, content, name="plantilla.csv"):
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_director_uploads_a_list_and_follows_it(client, director, school, django_capture_on_commit_callbacks):
    client.force_login(director)
    url = reverse("communities:staff_import", args=[school.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(client, url, staff_csv("Nora,nora@escuela.test,docente", ",x@escuela.test,docente"))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:import_detail", args=[run.pk])
    html = client.get(response["Location"]).content.decode()
    assert "<td>3</td>" in html and es("The name is empty.") in html
    assert reverse("communities:staff_import", args=[school.pk]) in html  # upload the corrected file
    assert "hx-get" not in html  # finished: nothing to poll
    assert reverse("communities:import_detail", args=[run.pk]) in client.get(url).content.decode()  # recent imports


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("lista.pdf", b"%PDF-1.4 no es una lista"),
        ("lista.txt", b"nombre,correo\n"),
        ("lista.csv", b"\x00\x01\x02\x03binario" * 100),
        ("lista.csv", b"%PDF-1.4 disfrazado de csv"),
        ("lista.xlsx", b"nombre,correo\nNora,nora@escuela.test\n"),
        ("lista.csv", b""),
        ("", b"nombre,correo\n"),
    ],
)
def test_uploads_of_the_wrong_kind_get_a_message_next_to_the_field(client, director, school, name, content):
    client.force_login(director)
    url = reverse("communities:staff_import", args=[school.pk])
    response = client.post(url, {"file": SimpleUploadedFile(name, content)} if name else {"file": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ImportRun.objects.exists()


def test_an_upload_too_big_is_refused(client, director, school):
    client.force_login(director)
    url = reverse("communities:staff_import", args=[school.pk])
    content = b"nombre,correo\n" + b"Nora,nora@escuela.test\n" * (MAX_TABLE_BYTES // 20)
    assert len(content) > MAX_TABLE_BYTES
    response = _post_file(client, url, content)
    assert response.status_code == 200
    assert "5" in response.context["form"].errors["file"][0]
    assert not ImportRun.objects.exists()


def test_the_progress_partial_polls_until_the_import_is_finished(client, director, school):
    run = start_staff_import(actor=director, school=school, upload=upload(staff_csv("Nora,nora@escuela.test,")))
    client.force_login(director)
    detail = client.get(reverse("communities:import_detail", args=[run.pk])).content.decode()
    progress = reverse("communities:import_progress", args=[run.pk])
    assert f'hx-get="{progress}"' in detail and 'hx-trigger="every 2s"' in detail
    assert reverse("communities:import_detail", args=[run.pk]) in detail  # a plain link without JavaScript
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKING, total=600, processed=250)
    response = client.get(progress, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'value="250" max="600"' in response.content.decode()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.DONE, added=1)
    assert client.get(progress, headers={"HX-Request": "true"}).status_code == 286  # htmx stops polling
    assert client.get(progress).status_code == 200


def test_director_adds_one_person_from_the_staff_page(client, director, school, django_capture_on_commit_callbacks):
    client.force_login(director)
    url = reverse("communities:school_staff", args=[school.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"full_name": "Nora Nueva", "email": "nora@escuela.test", "role": "teacher"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Nora Nueva" in html and "nora@escuela.test" in html
    assert len(mail.outbox) == 1
    # The roles a director may give: not tutor.
    assert [value for value, _label in client.get(url).context["form"].fields["role"].choices] == [
        "teacher",
        "director",
    ]


def test_the_staff_page_refuses_a_tutor_role_from_a_director(client, director, school):
    client.force_login(director)
    url = reverse("communities:school_staff", args=[school.pk])
    response = client.post(url, {"full_name": "Tita", "email": "tita@t.test", "role": "tutor"})
    assert response.status_code == 200
    assert response.context["form"].errors["role"]


def test_a_teacher_is_told_who_adds_people_to_the_staff(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("communities:staff_home"))
    assert response.status_code == 403
    assert "Solo la dirección de la escuela agrega personas a su personal." in response.content.decode()


def test_a_director_of_another_school_is_told_who_follows_an_import(client, school, director, admin_user):
    run = ImportRun.objects.create(kind=ImportRun.Kind.SCHOOLS, uploaded_by=admin_user, original_name="e.csv")
    client.force_login(director)
    response = client.get(reverse("communities:import_detail", args=[run.pk]))
    assert response.status_code == 403
    assert "Solo quien puede importar esta lista puede verla." in response.content.decode()


def test_an_import_page_reads_its_school_and_uploader_with_it(client, school, director, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = ImportRun.objects.create(
        kind=ImportRun.Kind.STAFF, school=school, uploaded_by=director, original_name="plantilla.csv"
    )
    client.force_login(director)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("communities:import_detail", args=[run.pk])).content.decode()
    assert school.name in html and director.full_name in html
    # Session, user, the import with its school and uploader, whether the reader
    # works at the school, the unread notices.
    assert len(captured.captured_queries) == EXPECTED_IMPORT_PAGE_QUERIES


def test_admin_registers_a_school_from_the_form(client, admin_user):
    client.force_login(admin_user)
    data = {
        "cct": "14dpr0001a",
        "name": "Primaria Uno",
        "state": "14",
        "municipality": "Zapopan",
        "level": "basica",
        "shift": "matutino",
        "director_name": "Diana Directora",
        "director_email": "diana@uno.test",
        "tutor_name": "",
        "tutor_email": "",
    }
    response = client.post(reverse("communities:school_create"), data)
    new = School.objects.get(cct="14DPR0001A")
    assert response["Location"] == reverse("communities:school_staff", args=[new.pk])
    assert StaffMembership.objects.filter(school=new, user__email="diana@uno.test", role=Role.DIRECTOR).exists()
    response = client.post(reverse("communities:school_create"), {**data, "cct": "20DPR0001A"})
    assert response.status_code == 200 and response.context["form"].errors["cct"]


def test_admin_uploads_a_catalogue_of_schools(client, admin_user, django_capture_on_commit_callbacks):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_file(
            client,
            reverse("communities:school_import"),
            b"CCT,Nombre,Entidad,Municipio,Nivel,Turno\n14DPR0001A,Primaria Uno,14,Zapopan,Primaria,Matutino\n",
            "escuelas.csv",
        )
    run = ImportRun.objects.get(kind=ImportRun.Kind.SCHOOLS)
    assert response["Location"] == reverse("communities:import_detail", args=[run.pk])
    assert School.objects.filter(cct="14DPR0001A").exists()
    assert client.get(reverse("communities:school_import")).status_code == 200


def test_the_staff_home_lists_the_schools_the_director_directs(client, director, school, other_school):
    StaffMembershipFactory(user=director, school=other_school, role=Role.DIRECTOR)
    client.force_login(director)
    html = client.get(reverse("communities:staff_home")).content.decode()
    assert reverse("communities:school_staff", args=[school.pk]) in html
    assert reverse("communities:school_staff", args=[other_school.pk]) in html
    assert reverse("communities:staff_home") in client.get(reverse("communities:home")).content.decode()


@pytest.mark.parametrize("route", ["communities:school_staff", "communities:staff_import", "communities:import_detail"])
def test_who_sees_a_schools_staff_pages(client, route, director, school, teacher, outsider, admin_user):
    other_director = SchoolFactory(cct="20DES0005Q", state="20")
    boss = UserFactory(email="ofelia@otra.test")
    StaffMembershipFactory(user=boss, school=other_director, role=Role.DIRECTOR)
    run = start_staff_import(actor=director, school=school, upload=upload(staff_csv("Nora,nora@escuela.test,")))
    url = reverse(route, args=[run.pk if route == "communities:import_detail" else school.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))
    for person, status in ((director, 200), (admin_user, 200), (teacher, 403), (outsider, 404), (boss, 404)):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
        if status == 404:
            assert school.name not in response.content.decode()


@pytest.mark.parametrize("route", ["communities:school_create", "communities:school_import"])
def test_school_pages_are_for_platform_admins(client, route, director, admin_user):
    client.force_login(director)
    assert client.get(reverse(route)).status_code == 403
    client.force_login(admin_user)
    assert client.get(reverse(route)).status_code == 200


# --- A fixed number of queries ----------------------------------------------------------------------


def _grow_staff(school, director, count, start=0):
    for n in range(start, start + count):
        add_staff_member(
            actor=director, school=school, full_name=f"Docente {n}", email=f"docente{n}@escuela.test", role="teacher"
        )


@pytest.mark.parametrize("count", [1, 15])
def test_the_staff_page_takes_a_fixed_number_of_queries(client, director, school, count, django_assert_max_num_queries):
    _grow_staff(school, director, count)
    for n in range(count):
        start_staff_import(actor=director, school=school, upload=upload(staff_csv(f"N,n{n}@e.test,")))
    client.force_login(director)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("communities:school_staff", args=[school.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("communities:staff_import", args=[school.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("communities:staff_home")).status_code == 200


@pytest.mark.parametrize("bad_rows", [1, 300])
def test_the_import_pages_take_a_fixed_number_of_queries(
    client, import_staff, director, school, bad_rows, django_assert_max_num_queries
):
    run = import_staff(staff_csv(*[f",sin{n}@e.test," for n in range(bad_rows)]))
    assert run.error_count == bad_rows
    client.force_login(director)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("communities:import_detail", args=[run.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("communities:import_progress", args=[run.pk])).status_code == 200


def test_the_admin_pages_take_a_fixed_number_of_queries(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    for route in ("communities:school_create", "communities:school_import"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(route)).status_code == 200


def test_the_onboarding_module_exposes_its_columns():
    assert [column.field for column in onboarding.STAFF_COLUMNS] == ["full_name", "email", "role"]


def test_a_person_who_lost_the_activation_email_chooses_a_password_with_forgot_password(
    client, nora_link, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "NORA@escuela.test"})
    assert response.status_code == 302
    reset_link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    response = client.get(reset_link)
    form_url = response["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert User.objects.get(email="nora@escuela.test").check_password(NEW_PASSWORD)


def test_forgot_password_still_ignores_an_account_closed_without_a_password(client, django_capture_on_commit_callbacks):
    closed = UserFactory(email="cerrada@escuela.test", last_login=timezone.now())
    closed.set_unusable_password()
    closed.save()
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "cerrada@escuela.test"})
    assert len(mail.outbox) == sent

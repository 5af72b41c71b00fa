"""Personal-data rights (derechos ARCO): the privacy notices, «Mis datos» and
its downloads, the requests and their answers, and the anonymisation that
carries out a cancellation: the person's name and address gone from every
text column of every table, the counts and other people's content intact,
and a second run changing nothing."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities import extensions, personal_data
from communities.models import (
    Agreement,
    Attendance,
    DataRequest,
    Event,
    Notification,
    OutgoingEmail,
    Proposal,
    ProposalVote,
    Reflection,
    ReflectionComment,
    TeachingDimension,
    User,
    Visibility,
)
from communities.services import privacy
from communities.services.journal import comment_on_reflection, write_reflection
from communities.services.meetings import add_agreement, record_attendance, write_minutes
from communities.services.proposals import propose, vote_on_proposal
from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import Dimension, Instrument, InstrumentVersion, Item, PaperCapturer, Response
from diagnostics.services import name_paper_capturer, open_campaign
from tests.conftest import held, schedule, with_second_factor
from tests.diagnostics.conftest import campaign_arguments
from tests.factories import TEST_PASSWORD, UserFactory
from tests.pdfs import Pdf
from tests.workshops.conftest import DIRECTORS_DAY, ENDS_ON, STARTS_ON, open_space
from workshops.catalogue import ensure_default_template
from workshops.models import (
    AssessmentAxis,
    CalligramWord,
    Moment,
    PathMilestone,
    TemplateSpace,
    WorkshopTemplate,
    WorkSpace,
)
from workshops.services import runs
from workshops.services.calligram import add_words
from workshops.services.huella import add_path_milestone

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Teresa Docente Ramírez", "tere@escuela.test"  # the teacher of tests/conftest.py


# --- A school year of the teacher's work, through the services ------------------------------------


def a_year_of_work(cas, teacher, director, tutor, workshop, campaign):
    """What a teacher leaves behind in a year: entries (one private), comments
    (hers, and the director's naming her), a proposal and votes, a session with
    her attendance, minutes that name her and an agreement of hers, workshop
    products, a place typing in paper sheets, and a cancellation request."""
    write_reflection(
        actor=teacher, community=cas, title="Sólo para mí", body="Hoy me sentí cansada.", visibility=Visibility.PRIVATE
    )
    shared = write_reflection(
        actor=teacher,
        community=cas,
        title="La pausa activa",
        body="Probé la pausa activa con 2° B.",
        visibility=Visibility.COMMUNITY,
    )
    comment_on_reflection(actor=director, reflection=shared, body=f"Gracias, {NAME}: lo intentaré.")
    theirs = write_reflection(
        actor=director,
        community=cas,
        title="Privado de Dora",
        body="Nota de la directora.",
        visibility=Visibility.PRIVATE,
    )
    proposal = propose(actor=teacher, community=cas, text="Revisar el acta al inicio.")
    vote_on_proposal(actor=director, proposal=proposal, choice=ProposalVote.Choice.AGREE)
    meeting = held(schedule(cas))
    record_attendance(
        actor=director,
        meeting=meeting,
        statuses={teacher.pk: Attendance.Status.PRESENT, director.pk: Attendance.Status.PRESENT},
    )
    write_minutes(actor=director, meeting=meeting, text=f"Asistieron {NAME} y la directora.")
    add_agreement(
        actor=director,
        meeting=meeting,
        text="Compartir la pausa activa",
        owner=teacher,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    open_space(workshop, WorkSpace.HUELLA_COLECTIVA, director)
    add_path_milestone(
        actor=teacher,
        workshop=workshop,
        year=2015,
        title="Mi primer grupo",
        meaning="Aprendí a escuchar.",
        kind="experiencia",
    )
    open_space(workshop, WorkSpace.CALIGRAMA, director)
    add_words(actor=teacher, workshop=workshop, text="escucha, confianza")
    name_paper_capturer(actor=director, campaign=campaign, person=teacher)
    request = privacy.request_data_change(
        actor=teacher, kind=DataRequest.Kind.CANCELLATION, details=f"Soy {NAME} ({EMAIL}): borren mis datos."
    )
    return {"shared": shared, "theirs": theirs, "request": request}


@pytest.fixture
def workshop(catalogue, school, director):
    """The school's run of the SEP workshop, set up by its director (tests/workshops' cast)."""
    template = ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)
    return runs.set_up_workshop(
        actor=director,
        school=school,
        template=template,
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        directors_day=DIRECTORS_DAY,
    )


@pytest.fixture
def campaign(director, school):
    version = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    return open_campaign(actor=director, school=school, **campaign_arguments(version))


@pytest.fixture
def admin(db):
    return with_second_factor(
        UserFactory(email="ada@cas.test", full_name="Ada Administradora", is_staff=True, is_superuser=True)
    )


@pytest.fixture
def work(cas, teacher, director, tutor, workshop, campaign, admin):
    return a_year_of_work(cas, teacher, director, tutor, workshop, campaign)


def every_text(exclude_pks=()):
    """Every text value in every column of every table of the project."""
    for model in apps.get_models():
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values(*fields):
            for name, value in row.items():
                yield model._meta.label, name, json.dumps(value, ensure_ascii=False) if value is not None else ""


def snapshot() -> dict:
    """Every row of every table, to tell that nothing changed."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.order_by("pk").values_list()))
        for model in apps.get_models()
        if model._meta.label not in {"sessions.Session"}
    }


# --- The notices -----------------------------------------------------------------------------------


def test_the_full_notice_is_public_and_every_footer_links_to_it(client):
    response = client.get(reverse("communities:privacy_notice"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aviso de privacidad integral" in page
    assert "Secretaría de Educación Pública" in page  # the responsible party, by default
    assert "Persona anónima" in page  # what a cancellation does, said before it is asked for
    assert "20 días hábiles" in page
    login = client.get(reverse("login")).content.decode()
    assert reverse("communities:privacy_notice") in login


def test_the_notice_names_the_controller_of_the_settings(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Secretaría de Educación del Estado de Jalisco"
    settings.PRIVACY_CONTROLLER_EMAIL = "datos@sej.test"
    page = client.get(reverse("communities:privacy_notice")).content.decode()
    assert "Secretaría de Educación del Estado de Jalisco" in page
    assert "mailto:datos@sej.test" in page


def test_the_short_notice_is_where_data_is_collected(client, teacher, cas):
    client.force_login(teacher)
    for url in (reverse("communities:reflection_create"), reverse("communities:practice_create")):
        page = client.get(url).content.decode()
        assert "Aviso de privacidad simplificado" in page, url
        assert reverse("communities:privacy_notice") in page
    client.logout()
    survey = client.get(reverse("answer:enter")).content.decode()
    assert "Aviso de privacidad simplificado" in survey
    assert "anónimas" in survey


# --- «Mis datos» and the downloads ------------------------------------------------------------------


def test_my_data_shows_the_downloads_and_the_requests_with_their_state(client, work, teacher):
    client.force_login(teacher)
    response = client.get(reverse("my_data"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("my_data_pdf") in page and reverse("my_data_json") in page
    assert "Cancelación" in page and "Recibida" in page
    assert response["Cache-Control"] == "private, no-store"


def test_the_json_holds_the_persons_data_and_nobody_elses_private_content(client, work, teacher):
    client.force_login(teacher)
    response = client.get(reverse("my_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mis-datos-cas-')
    assert response["Cache-Control"] == "private, no-store"
    document = json.loads(response.content)
    assert document["persona"] == NAME and document["correo electrónico"] == EMAIL
    text = response.content.decode()
    for theirs in ("Sólo para mí", "Hoy me sentí cansada.", "La pausa activa", "Mi primer grupo", "escucha"):
        assert theirs in text
    assert "Privado de Dora" not in text and "Nota de la directora." not in text
    codes = [part["código"] for part in document["partes"]]
    assert {"account", "journal", "meetings", "diagnostic", "workshop"} <= set(codes)
    attendance = [
        record for part in document["partes"] for record in part["registros"] if record["Registro"] == "Asistencia"
    ]
    assert attendance and attendance[0]["Asistencia"] == "Presente"


def test_the_pdf_is_a_readable_attachment(client, work, teacher):
    client.force_login(teacher)
    response = client.get(reverse("my_data_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    pdf = Pdf(response.content)
    assert pdf.has("Tus datos personales en CAS")
    assert pdf.has("Hoy me sentí cansada.")
    assert not pdf.has("Nota de la directora.")


def test_the_pages_need_a_session(client):
    for name in ("my_data", "my_data_json", "my_data_pdf"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _queries_of(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_each_part_asks_a_fixed_number_of_queries(cas, teacher, director, tutor, workshop, campaign, admin):
    """One teacher with almost nothing, then with a year of work: each part's
    export asks as many queries as before."""
    before = {
        part.code: _queries_of(lambda part=part: part.export(teacher)) for part in extensions.personal_data_parts()
    }
    a_year_of_work(cas, teacher, director, tutor, workshop, campaign)
    for n in range(5):
        write_reflection(actor=teacher, community=cas, title=f"Entrada {n}", body="Texto", visibility=Visibility.TUTOR)
    after = {
        part.code: _queries_of(lambda part=part: part.export(teacher)) for part in extensions.personal_data_parts()
    }
    assert after == before


def test_the_downloads_and_the_page_ask_a_fixed_number_of_queries(
    client, work, teacher, cas, django_assert_max_num_queries
):
    client.force_login(teacher)
    parts = sum(_queries_of(lambda part=part: part.export(teacher)) for part in extensions.personal_data_parts())
    with django_assert_max_num_queries(parts + 8):
        assert client.get(reverse("my_data_json")).status_code == 200
    with django_assert_max_num_queries(parts + 8):
        assert client.get(reverse("my_data_pdf")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("my_data")).status_code == 200
    for n in range(3):
        privacy.request_data_change(actor=teacher, kind=DataRequest.Kind.OPPOSITION, details=f"Oposición {n}")
        DataRequest.objects.filter(kind=DataRequest.Kind.OPPOSITION).update(status="refused", handled_at=timezone.now())
    with django_assert_max_num_queries(8):
        assert client.get(reverse("my_data")).status_code == 200


# --- Requests --------------------------------------------------------------------------------------


def test_a_request_is_received_and_the_administrators_are_told(client, teacher, admin):
    client.force_login(teacher)
    response = client.post(
        reverse("my_data"),
        {"kind": "rectification", "details": "Mi nombre en la plantilla es «Teresa Docente Ramírez»."},
    )
    assert response.status_code == 302
    request = DataRequest.objects.get(person=teacher)
    assert request.kind == DataRequest.Kind.RECTIFICATION and request.is_open
    assert Notification.objects.filter(recipient=admin, kind=Notification.Kind.DATA_REQUEST).exists()
    assert Event.objects.filter(person=teacher, verb=Event.Verb.DATA_REQUESTED).exists()
    again = client.post(reverse("my_data"), {"kind": "rectification", "details": "Otra vez"})
    assert again.status_code == 400
    assert "Ya tienes una solicitud de este tipo esperando respuesta." in again.content.decode()
    assert DataRequest.objects.filter(person=teacher).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "rectification", "details": "   "}, "Dinos qué solicitas."),
        ({"kind": "rectification"}, "Dinos qué solicitas."),
        ({"kind": "access", "details": "Quiero mis datos"}, "Elige uno de los derechos que se ofrecen."),
        ({"kind": "x" * 5000, "details": "Algo"}, "Elige uno de los derechos que se ofrecen."),
        ({"details": "Algo"}, "Elige qué solicitas."),
        ({"kind": "opposition", "details": "a\x00b"}, "El texto contiene un carácter que no se puede guardar."),
        ({"kind": "opposition", "details": "a" * 2001}, "Escribe como máximo 2000 caracteres"),
    ],
)
def test_bad_input_on_the_request_form_changes_nothing(client, teacher, data, message):
    client.force_login(teacher)
    response = client.post(reverse("my_data"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DataRequest.objects.exists()


def _admin_client(admin) -> Client:
    browser = Client()
    browser.force_login(admin)
    return browser


def test_an_administrator_answers_a_rectification_and_the_person_reads_it(client, teacher, admin):
    request = privacy.request_data_change(
        actor=teacher, kind=DataRequest.Kind.RECTIFICATION, details="Me apellido Ramírez."
    )
    url = reverse("admin:communities_datarequest_change", args=[request.pk])
    browser = _admin_client(admin)
    assert browser.get(url).status_code == 200
    missing = browser.post(url, {"status": "done", "resolution": " "})
    assert missing.status_code == 200 and "Escribe la respuesta que leerá la persona." in missing.content.decode()
    assert DataRequest.objects.get(pk=request.pk).is_open
    done = browser.post(url, {"status": "done", "resolution": "Corregimos tu nombre en la plantilla."})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == DataRequest.Status.DONE and request.handled_by == admin and request.handled_at
    notice = Notification.objects.get(recipient=teacher, kind=Notification.Kind.DATA_REQUEST)
    assert "Corregimos tu nombre" in notice.message
    assert not Notification.objects.filter(recipient=admin, kind=Notification.Kind.DATA_REQUEST).unread().exists()
    client.force_login(teacher)
    page = client.get(reverse("my_data")).content.decode()
    assert "Corregimos tu nombre en la plantilla." in page and "Atendida" in page


def test_a_cancellation_is_not_marked_done_by_hand(teacher, admin):
    request = privacy.request_data_change(actor=teacher, kind=DataRequest.Kind.CANCELLATION, details="Bórrenme.")
    browser = _admin_client(admin)
    url = reverse("admin:communities_datarequest_change", args=[request.pk])
    response = browser.post(url, {"status": "done", "resolution": "Listo"})
    assert response.status_code == 200 and "Anonimizar a la persona" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.anonymised_at is None and DataRequest.objects.get(pk=request.pk).is_open


def test_the_admin_action_asks_for_confirmation_then_anonymises(work, teacher, admin):
    request = work["request"]
    browser = _admin_client(admin)
    changelist = reverse("admin:communities_datarequest_changelist")
    data = {"action": "carry_out_cancellations", "_selected_action": [request.pk]}
    asked = browser.post(changelist, data)
    assert asked.status_code == 200
    assert "¿Anonimizar a estas personas?" in asked.content.decode() and NAME in asked.content.decode()
    teacher.refresh_from_db()
    assert teacher.anonymised_at is None
    done = browser.post(changelist, {**data, "confirmed": "yes"})
    assert done.status_code == 302
    teacher.refresh_from_db()
    request.refresh_from_db()
    assert teacher.anonymised_at is not None and teacher.full_name.startswith("Persona anónima ")
    assert request.status == DataRequest.Status.DONE and request.handled_by == admin


# --- Anonymisation ---------------------------------------------------------------------------------


def test_anonymisation_leaves_the_name_and_the_address_in_no_table(client, work, teacher, admin):
    client.post(reverse("login"), {"username": EMAIL, "password": "no-es-esta"})  # a failed sign-in names the address
    named = {table for table, _column, text in every_text() if NAME.lower() in text.lower() or EMAIL in text}
    assert {
        "communities.User",
        "communities.Event",
        "communities.Meeting",
        "communities.ReflectionComment",
        "communities.DataRequest",
        "communities.OutgoingEmail",
        "axes.AccessAttempt",
    } <= named  # the walk sees them before
    outcome = privacy.carry_out_cancellation(actor=admin, data_request=work["request"])
    assert outcome.texts_changed > 0 and not outcome.name_left_in_text
    found = [
        (table, column) for table, column, text in every_text() if NAME.lower() in text.lower() or EMAIL in text.lower()
    ]
    assert found == []
    teacher.refresh_from_db()
    assert teacher.full_name == personal_data.pseudonym_for(teacher)
    assert teacher.email.endswith("@anonimizada.invalid")
    assert not teacher.is_active and not teacher.has_usable_password()
    # The director's comment and the minutes still say what they said, with the pseudonym.
    assert ReflectionComment.objects.get(author__email="dora@escuela.test").body.startswith(
        f"Gracias, {teacher.full_name}"
    )
    assert Event.objects.filter(person=teacher, verb=Event.Verb.PERSON_ANONYMISED, actor=admin).exists()


def test_anonymisation_keeps_the_counts_and_other_peoples_content(work, teacher, director, cas, workshop, admin):
    def counts():
        return {
            "attendance": Attendance.objects.filter(status=Attendance.Status.PRESENT).count(),
            "votes": ProposalVote.objects.filter(choice=ProposalVote.Choice.AGREE).count(),
            "proposals": Proposal.objects.count(),
            "agreements": Agreement.objects.filter(owner=teacher).count(),
            "teachers": cas.current_teacher_count(),
            "path": PathMilestone.objects.filter(workshop=workshop).count(),
            "words": CalligramWord.objects.filter(workshop=workshop).count(),
            "responses": Response.objects.count(),
            "shared entries": Reflection.objects.exclude(visibility=Visibility.PRIVATE).count(),
            "directors' entries": Reflection.objects.filter(author=director).count(),
        }

    before = counts()
    privacy.carry_out_cancellation(actor=admin, data_request=work["request"])
    assert counts() == before
    assert not Reflection.objects.filter(author=teacher, visibility=Visibility.PRIVATE).exists()
    assert Reflection.objects.get(pk=work["shared"].pk).author == teacher  # the pseudonymous account
    assert not PaperCapturer.objects.filter(person=teacher).exists()
    assert not Notification.objects.filter(recipient=teacher).exists()
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()


def test_a_second_run_changes_nothing(work, teacher, admin):
    privacy.anonymise_person(actor=admin, person=teacher)
    before = snapshot()
    outcome = privacy.anonymise_person(actor=admin, person=teacher)
    assert outcome.already
    assert snapshot() == before


def test_every_session_of_the_person_ends(work, teacher, admin):
    browser = Client()
    browser.force_login(teacher)
    assert browser.get(reverse("communities:home")).status_code == 200
    wrong = Client().post(reverse("login"), {"username": EMAIL, "password": "no-es-esta"})
    assert wrong.status_code == 200
    privacy.anonymise_person(actor=admin, person=teacher)
    response = browser.get(reverse("communities:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not [s for s in Session.objects.all() if str(s.get_decoded().get("_auth_user_id")) == str(teacher.pk)]
    signing_in = Client().post(reverse("login"), {"username": EMAIL, "password": TEST_PASSWORD})
    assert signing_in.status_code == 200 and "_auth_user_id" not in signing_in.client.session


def test_the_pseudonym_is_stable_and_says_nothing_of_the_person(teacher, director):
    assert personal_data.pseudonym_for(teacher) == personal_data.pseudonym_for(User.objects.get(pk=teacher.pk))
    assert personal_data.pseudonym_for(teacher) != personal_data.pseudonym_for(director)
    code = personal_data.pseudonym_code(teacher)
    assert len(code) == 6 and code.isalnum() and code.isupper() or code.isdigit()


def test_only_platform_administrators_anonymise(teacher, director):
    with pytest.raises(PermissionDenied):
        privacy.anonymise_person(actor=director, person=teacher)
    teacher.refresh_from_db()
    assert teacher.anonymised_at is None


def test_a_name_another_account_bears_is_left_in_free_text(cas, teacher, director, admin):
    namesake = UserFactory(email="otra.tere@escuela.test", full_name=NAME)
    shared = write_reflection(
        actor=teacher, community=cas, title="Compartida", body="x", visibility=Visibility.COMMUNITY
    )
    comment_on_reflection(actor=director, reflection=shared, body=f"Saludos a {NAME}")
    outcome = privacy.anonymise_person(actor=admin, person=teacher)
    assert outcome.name_left_in_text
    namesake.refresh_from_db()
    assert namesake.full_name == NAME  # the other person keeps their name
    assert ReflectionComment.objects.get(author=director).body == f"Saludos a {NAME}"

"""The admin site as a whole: every model of the project's apps has its page, or
is shown on its parent's, unless it is left out for a stated reason; history
is read, not written; and every change list answers in the same number of
queries whether it lists one CAS or six."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from communities.emails import queue_email
from communities.models import (
    AgendaItem,
    Agreement,
    Attendance,
    CalendarFeed,
    Community,
    ConditionCheck,
    ConditionKind,
    DataRequest,
    Event,
    Goal,
    ImportRun,
    Invitation,
    Meeting,
    Membership,
    Milestone,
    MilestoneKind,
    MinutesApproval,
    Notification,
    OutgoingEmail,
    PhaseReview,
    Practice,
    PracticeFeedback,
    PracticeFile,
    PracticeUse,
    ProgressUpdate,
    Proposal,
    ProposalVote,
    ReflectionComment,
    ReflectionPrompt,
    Scope,
    SessionRole,
    Skill,
    SkillDimension,
    StaffMembership,
    Strategy,
    StrategyAnalysis,
    TeachingDimension,
    User,
    Visibility,
)
from communities.models.schools import Level
from communities.services.calendar import feed_for
from communities.services.communities import create_community
from communities.services.conditions import update_conditions
from communities.services.delivery import send_digests, set_preferences
from communities.services.goals import record_progress
from communities.services.journal import comment_on_reflection, write_reflection
from communities.services.meetings import (
    add_agenda_item,
    add_agreement,
    approve_minutes,
    assign_session_roles,
    record_attendance,
    write_minutes,
)
from communities.services.membership import invite_teacher
from communities.services.phases import request_phase_change
from communities.services.practices import give_practice_feedback, mark_practice_used, share_practice
from communities.services.privacy import request_data_change
from communities.services.reminders import send_reminders
from communities.services.reports import request_report
from communities.services.strategies import analyse_strategy
from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import (
    AccessCode,
    Answer,
    Campaign,
    CampaignAudience,
    Dimension,
    Instrument,
    InstrumentVersion,
    Item,
    Response,
)
from diagnostics.services import issue_codes, open_campaign
from tests.conftest import complete_integration, held, join, schedule
from tests.factories import (
    PromptWorkSpaceFactory,
    SchoolFactory,
    SkillFactory,
    StaffMembershipFactory,
    StrategyFactory,
    TeachingDimensionFactory,
    UserFactory,
)
from workshops.catalogue import ensure_default_template
from workshops.models import (
    AssessmentAxis,
    EntryWorkSpace,
    Moment,
    PromptWorkSpace,
    TemplateSpace,
    WorkshopTemplate,
    WorkSpace,
)
from workshops.services.calligram import add_words, save_calligram
from workshops.services.directors import add_commitment
from workshops.services.huella import add_path_milestone, rate_axes
from workshops.services.lupa import (
    add_problem,
    close_voting,
    describe_situation,
    group_situations,
    open_voting,
    place_dot,
)
from workshops.services.proposals import add_action, add_continuity_agreement, start_proposal, take_agreements_to_cas
from workshops.services.runs import assign_session_roles as assign_session_roles_of_the_workshop
from workshops.services.runs import conclude_space, open_space, set_up_workshop

pytestmark = pytest.mark.django_db

APPS = ("communities", "diagnostics", "workshops")

# Models with no page in the admin, each with the reason.
NOT_IN_ADMIN: dict[type[models.Model], str] = {
    Notification: (
        "A person's own notices of what waits on them: for that person alone, not for the platform's "
        "administrators to read (privacy)."
    ),
}

# Rows the services write as things happen: read in the admin, never added,
# changed or deleted there (that would skip a rule or the audit trail).
HISTORY = [
    Membership,
    Invitation,
    ConditionCheck,
    Milestone,
    PhaseReview,
    Proposal,
    ProposalVote,
    Event,
    Meeting,
    AgendaItem,
    SessionRole,
    Attendance,
    MinutesApproval,
    Agreement,
    Goal,
    ProgressUpdate,
    StrategyAnalysis,
    ReflectionComment,
    PracticeFile,
    PracticeUse,
    PracticeFeedback,
    CalendarFeed,
    OutgoingEmail,
    ImportRun,
    EntryWorkSpace,
    Campaign,
    CampaignAudience,
    AccessCode,
    Response,
    Answer,
]

# The catalogues the platform's administrators keep.
CATALOGUE = [TeachingDimension, ReflectionPrompt, SkillDimension, Skill, Strategy, PromptWorkSpace]

# Whatever the length of the list: the session, the user, two counts, the rows,
# the choices of a related filter or two, the dates of a date hierarchy.
MAX_QUERIES = 12

Role = StaffMembership.Role
PDF = b"%PDF-1.4 evidencia de la CAS"


def _project_models() -> list[type[models.Model]]:
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def _own_admins() -> dict[type[models.Model], admin.ModelAdmin]:
    return {model: model_admin for model, model_admin in admin.site._registry.items() if model._meta.app_label in APPS}


def _inlines() -> dict[type[models.Model], list]:
    """Each model shown as an inline, with the inline instances that show it."""
    shown: dict[type[models.Model], list] = {}
    for parent, model_admin in admin.site._registry.items():
        for inline_class in model_admin.inlines:
            shown.setdefault(inline_class.model, []).append(inline_class(parent, admin.site))
    return shown


def _superuser_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _url(model: type[models.Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# --- What is in the admin --------------------------------------------------------------------


def test_every_model_is_in_the_admin_or_left_out_for_a_reason():
    covered = set(admin.site._registry) | set(_inlines())
    missing = sorted(
        model._meta.label for model in _project_models() if model not in covered and model not in NOT_IN_ADMIN
    )
    assert missing == [], (
        "Give these models a page in the admin (their own, or an inline of their parent's), "
        "or list them in NOT_IN_ADMIN with the reason they are left out."
    )


def test_models_left_out_are_not_in_the_admin_and_say_why():
    covered = set(admin.site._registry) | set(_inlines())
    for model, reason in NOT_IN_ADMIN.items():
        assert model not in covered, f"{model._meta.label} is in the admin and in NOT_IN_ADMIN"
        assert len(reason.split()) >= 6, f"Say why {model._meta.label} is left out"


def test_every_admin_list_can_be_searched_and_fetches_what_its_rows_name():
    for model, model_admin in _own_admins().items():
        assert model_admin.search_fields, f"{model._meta.label} has no search"
        assert tuple(model_admin.list_display) != ("__str__",), f"{model._meta.label} lists no columns"
        related = model_admin.list_select_related
        for name in model_admin.list_display:
            field = next((f for f in model._meta.fields if f.name == name), None)
            if isinstance(field, models.ForeignKey) and related is not True:
                assert any(path.split("__")[0] == name for path in related), (
                    f"{model._meta.label} lists {name} without list_select_related"
                )


def test_history_is_read_only_in_the_admin(admin_user):
    request = _superuser_request(admin_user)
    own, inlines = _own_admins(), _inlines()
    for model in HISTORY:
        assert model in own or model in inlines, f"{model._meta.label} is not in the admin"
        if model in own:
            model_admin = own[model]
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model
        for inline in inlines.get(model, []):
            assert not inline.has_add_permission(request, None), model
            assert not inline.has_change_permission(request), model
            assert not inline.can_delete, model


def test_a_community_is_not_deleted_from_the_admin(admin_user):
    # Its meetings, agreements, journal and history would go with it.
    assert not admin.site._registry[Community].has_delete_permission(_superuser_request(admin_user))


def test_the_catalogues_are_edited_in_the_admin(client, admin_user):
    request = _superuser_request(admin_user)
    client.force_login(admin_user)
    for model in CATALOGUE:
        model_admin = admin.site._registry[model]
        assert model_admin.has_add_permission(request), model
        assert model_admin.has_change_permission(request), model
        assert client.get(_url(model, "add")).status_code == 200, model


def test_notifications_are_not_in_the_admin():
    assert Notification not in admin.site._registry
    assert Notification not in _inlines()


# --- A CAS with something of everything --------------------------------------------------
# (`catalogue`, from tests/conftest.py, loads the Construye T skills, the journal's
# dimensions and prompts, and the strategies.)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _person(school, role, n: int, who: str):
    user = UserFactory(email=f"{who}{n}@escuela{n}.test", full_name=f"{who.title()} Número {n}")
    StaffMembershipFactory(user=user, school=school, role=role)
    return user


def a_lived_in_cas(n: int) -> Community:
    """The n-th school and its CAS, built as its people would build it: joined,
    Integración met and the phase change asked for, a held meeting with roles,
    attendance, approved minutes and agreements, an upcoming one with a topic, a
    goal with progress, the journal, a practice with its file, use and feedback;
    plus a row of each catalogue, as an administrator adds them."""
    school = SchoolFactory()
    director = _person(school, Role.DIRECTOR, n, "directora")
    tutor = _person(school, Role.TUTOR, n, "tutor")
    teacher = _person(school, Role.TEACHER, n, "docente")
    colleague = _person(school, Role.TEACHER, n, "colega")
    cas = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    join(cas, teacher)
    invite_teacher(actor=director, community=cas, teacher=colleague)  # still pending
    complete_integration(cas)
    request_phase_change(actor=director, community=cas, comment="Cumplimos la Integración.")
    update_conditions(actor=director, community=cas, values={ConditionKind.SPACE_AND_TIME: (True, "Los jueves")})
    today = timezone.localdate()
    record_progress(actor=teacher, goal=cas.goals.get(), value=Decimal(50), recorded_on=today)

    past = held(schedule(cas, purpose=f"Sesión de arranque {n}"), days_ago=2)
    assign_session_roles(
        actor=director, meeting=past, people={SessionRole.Kind.MODERATION: director, SessionRole.Kind.MINUTES: teacher}
    )
    present = Attendance.Status.PRESENT
    record_attendance(actor=teacher, meeting=past, statuses={p.pk: present for p in (director, tutor, teacher)})
    write_minutes(actor=teacher, meeting=past, text="Acordamos aplicar la pausa de tres respiraciones.")
    approve_minutes(actor=tutor, meeting=past)
    add_agreement(actor=teacher, meeting=past, text="Traer evidencias", owner=teacher, due_date=today - timedelta(1))
    add_agreement(actor=director, meeting=past, text="Preparar la muestra", owner=director, due_date=today)
    upcoming = schedule(cas, days=4, purpose=f"Sesión de seguimiento {n}")
    add_agenda_item(actor=teacher, meeting=upcoming, title="Cómo respondió 2°B a la pausa")

    strategy = Strategy.objects.filter(is_active=True).first()
    analyse_strategy(actor=teacher, community=cas, strategy=strategy, analysis="Bajó la tensión.", group="2°B")
    entry = write_reflection(
        actor=teacher,
        community=cas,
        title=f"Lo que vi en 2°B ({n})",
        body="El grupo pidió repetir la pausa.",
        visibility=Visibility.COMMUNITY,
        extras={"workspace": WorkSpace.CALIGRAMA},
    )
    comment_on_reflection(actor=tutor, reflection=entry, body="¡Buena idea!")
    practice = share_practice(
        actor=teacher,
        school=school,
        scope=Scope.ALL_SCHOOLS,
        kind=Practice.Kind.PRACTICE,
        title=f"Pausa antes del examen ({n})",
        summary="Tres respiraciones antes de cada examen.",
        level=Level.BASICA,
        steps="1. Respirar.\n2. Nombrar la emoción.",
        files=[SimpleUploadedFile("ficha.pdf", PDF, content_type="application/pdf")],
    )
    mark_practice_used(actor=director, practice=practice)
    give_practice_feedback(actor=director, practice=practice, body="La usamos en 3°A.")
    feed_for(teacher)
    ImportRun.objects.create(
        kind=ImportRun.Kind.STAFF, school=school, uploaded_by=director, original_name="plantilla.csv", total=3
    )
    version = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    campaign = open_campaign(
        actor=director,
        school=school,
        version=version,
        kind=Campaign.Kind.BASELINE,
        audiences=["estudiantes"],
        opens_on=today,
        closes_on=today + timedelta(days=14),
        expected={"estudiantes": 120},
    )
    issue_codes(actor=director, campaign=campaign, audience="estudiantes", count=2)
    # Answering is not built yet: a paper response, as its capture will write it.
    response = Response.objects.create(campaign=campaign, audience="estudiantes", channel="paper", submitted_on=today)
    Answer.objects.create(response=response, item=version.items.for_audience("estudiantes").first(), value=4)

    _a_lived_in_workshop(school, director, teacher, colleague, tutor, cas)
    set_preferences(actor=teacher, channels={"proposal": "email", "journal_quiet": "off"}, digest_hour=19)
    request_data_change(actor=teacher, kind=DataRequest.Kind.RECTIFICATION, details=f"Mi apellido está mal ({n}).")
    send_reminders()
    User.objects.filter(pk=teacher.pk).update(digest_hour=timezone.localtime().hour)
    send_digests()

    StrategyFactory(skill=SkillFactory())
    TeachingDimensionFactory()
    PromptWorkSpaceFactory()
    return cas


def _a_lived_in_workshop(school, director, teacher, colleague, tutor, cas) -> None:
    """The school's workshop through its four spaces, as its people would live
    it, the directors' day, the continuity agreements taken to the CAS and the
    Carpeta asked for."""
    template = ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)
    today = timezone.localdate()
    workshop = set_up_workshop(
        actor=director, school=school, template=template, starts_on=today, ends_on=today + timedelta(days=1)
    )
    assign_session_roles_of_the_workshop(
        actor=director, session=workshop.sessions.first(), people={SessionRole.Kind.TIMEKEEPING: teacher}
    )
    spaces = {run.space.workspace: run for run in workshop.spaces.select_related("space")}
    open_space(actor=director, run=spaces[WorkSpace.HUELLA_COLECTIVA])
    add_path_milestone(
        actor=teacher, workshop=workshop, year=2015, title="Mi primer grupo", meaning="Aprendí.", kind="reto"
    )
    rate_axes(actor=teacher, workshop=workshop, lights={template.axes.first().pk: "verde"})
    conclude_space(actor=director, run=spaces[WorkSpace.HUELLA_COLECTIVA])
    open_space(actor=director, run=spaces[WorkSpace.PRACTICA_BAJO_LA_LUPA])
    dimension = template.dimensions.first()
    situation = describe_situation(
        actor=teacher,
        workshop=workshop,
        description="2°B",
        observed="Ruido",
        reasons="Calor",
        change="Pausas",
        dimensions=[dimension],
    )
    problems = [
        add_problem(actor=director, workshop=workshop, title=title, description="", dimensions=[dimension])
        for title in ("Convivencia en el aula", "Tareas")
    ]
    group_situations(actor=director, problem=problems[0], situations=[situation])
    open_voting(actor=director, workshop=workshop)
    place_dot(actor=teacher, problem=problems[0])
    close_voting(actor=director, workshop=workshop)
    conclude_space(actor=director, run=spaces[WorkSpace.PRACTICA_BAJO_LA_LUPA])
    open_space(actor=director, run=spaces[WorkSpace.CONSTRUYENDO_EN_COLECTIVO])
    proposal = start_proposal(actor=teacher, workshop=workshop, title="Acuerdos de aula", problem=problems[0])
    add_action(actor=teacher, proposal=proposal, text="Asamblea semanal", owner=teacher, due_on=today)
    add_continuity_agreement(actor=teacher, proposal=proposal, horizon=15, text="Revisar la asamblea", owner=teacher)
    take_agreements_to_cas(actor=director, workshop=workshop)
    conclude_space(actor=director, run=spaces[WorkSpace.CONSTRUYENDO_EN_COLECTIVO])
    open_space(actor=director, run=spaces[WorkSpace.CALIGRAMA])
    add_words(actor=teacher, workshop=workshop, text="escucha, confianza")
    save_calligram(actor=teacher, workshop=workshop, shape="corazon", commitment="Escucharnos.", based_on=0)
    add_commitment(actor=director, workshop=workshop, text="Dar tiempo a la CAS cada semana.")
    request_report(actor=director, kind="carpeta", subject=f"workshop:{workshop.pk}", school=school)


def _changelist_queries(client, django_assert_max_num_queries) -> dict[str, int]:
    counts = {}
    for model in _own_admins():
        with django_assert_max_num_queries(MAX_QUERIES, info=model._meta.label) as captured:
            response = client.get(_url(model, "changelist"))
        assert response.status_code == 200, model
        counts[model._meta.label] = len(captured)
    return counts


def test_every_change_list_answers_in_the_same_number_of_queries(
    client, admin_user, catalogue, django_assert_max_num_queries
):
    a_lived_in_cas(0)
    client.force_login(admin_user)
    for model in _own_admins():  # the first visit fills Django's caches
        client.get(_url(model, "changelist"))
    one = _changelist_queries(client, django_assert_max_num_queries)
    for n in range(1, 6):
        a_lived_in_cas(n)
    six = _changelist_queries(client, django_assert_max_num_queries)
    assert six == one


def test_every_change_list_lists_the_rows_and_searches(client, admin_user, catalogue):
    """The query counts above are of lists that show rows, not of empty pages."""
    a_lived_in_cas(0)
    client.force_login(admin_user)
    for model in _own_admins():
        response = client.get(_url(model, "changelist"))
        assert response.context["cl"].result_count > 0, model
        # Every search field is a lookup the database understands.
        assert client.get(_url(model, "changelist"), {"q": "escuela 2°B"}).status_code == 200, model


def test_the_admin_home_and_the_add_forms_open(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in _own_admins().items():
        if model_admin.has_add_permission(_superuser_request(admin_user)):
            assert client.get(_url(model, "add")).status_code == 200, model


def test_every_change_form_opens(client, admin_user, catalogue):
    a_lived_in_cas(0)
    client.force_login(admin_user)
    request = _superuser_request(admin_user)
    for model, model_admin in _own_admins().items():
        first = model_admin.get_queryset(request).first()
        assert client.get(_url(model, "change", first.pk)).status_code == 200, model


def test_the_history_lists_of_a_meeting_and_a_goal_are_on_their_pages(client, admin_user, catalogue):
    cas = a_lived_in_cas(0)
    client.force_login(admin_user)
    meeting = cas.meetings.past().get()
    html = client.get(_url(Meeting, "change", meeting.pk)).content.decode()
    assert "Traer evidencias" in html  # an agreement
    assert "Acordamos aplicar la pausa" in html  # the minutes
    goal = cas.goals.get()
    assert "50.00" in client.get(_url(Goal, "change", goal.pk)).content.decode()  # the progress update


def test_the_lists_filter_upcoming_meetings_and_overdue_agreements(client, admin_user, catalogue):
    a_lived_in_cas(0)
    client.force_login(admin_user)
    upcoming = client.get(_url(Meeting, "changelist"), {"when": "upcoming"}).context["cl"]
    assert [meeting.purpose for meeting in upcoming.result_list] == ["Sesión de seguimiento 0"]
    held_ones = client.get(_url(Meeting, "changelist"), {"when": "past"}).context["cl"]
    assert [meeting.purpose for meeting in held_ones.result_list] == ["Sesión de arranque 0"]
    overdue = client.get(_url(Agreement, "changelist"), {"overdue": "yes"}).context["cl"]
    assert [agreement.text for agreement in overdue.result_list] == ["Traer evidencias"]


# --- Actions and what the admin does not show --------------------------------------------------


def test_the_admin_completes_the_milestones_the_data_proves_through_the_service(client, admin_user, catalogue):
    cas = a_lived_in_cas(0)
    goals = cas.milestones.get(kind=MilestoneKind.GOALS)
    Milestone.objects.filter(pk=goals.pk).update(completed_at=None)  # as if the proof came later
    client.force_login(admin_user)
    response = client.post(
        _url(Community, "changelist"),
        {"action": "complete_proved_milestones", helpers.ACTION_CHECKBOX_NAME: [cas.pk]},
    )
    assert response.status_code == 302
    goals.refresh_from_db()
    assert goals.is_completed
    assert cas.events.filter(verb=Event.Verb.MILESTONE_COMPLETED, subject=MilestoneKind.GOALS, actor=None).count() == 2


def test_the_outbox_does_not_show_the_text_of_a_message(client, admin_user):
    email = queue_email(to="tere@escuela.test", subject="Restablece tu contraseña", body="/reset/MQ/clave-secreta/")
    client.force_login(admin_user)
    html = client.get(_url(OutgoingEmail, "change", email.pk)).content.decode()
    assert "Restablece tu contraseña" in html
    assert "clave-secreta" not in html


def test_the_secret_calendar_address_is_not_shown(client, admin_user):
    teacher = UserFactory(email="tere@escuela.test", full_name="Teresa Docente Ramírez")
    feed = feed_for(teacher)
    client.force_login(admin_user)
    html = client.get(_url(type(teacher), "change", teacher.pk)).content.decode()
    assert feed.token not in html

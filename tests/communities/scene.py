"""One CAS with something of everything, built through the services as its
people would build it, for tests that visit every page (the role matrix).

The cast is conftest's (the same names and e-mail addresses), plus the director
and the tutor of the other school, whose own CAS has the outsider as a member.
`build_scene()` returns a `Scene`: its objects by name and `url(name)`, the
address of every route in it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from communities.activation import activation_tokens
from communities.catalogue import ensure_journal_catalogue
from communities.models import (
    Attendance,
    MilestoneKind,
    Practice,
    ReflectionPrompt,
    Scope,
    SessionRole,
    Skill,
    StaffMembership,
    Strategy,
    TeachingDimension,
    User,
    Visibility,
)
from communities.models.schools import Level
from communities.services.calendar import feed_for
from communities.services.communities import create_community, set_teacher_cap
from communities.services.delivery import unsubscribe_token
from communities.services.journal import write_reflection
from communities.services.meetings import (
    add_agenda_item,
    add_agreement,
    assign_session_roles,
    record_attendance,
    write_minutes,
)
from communities.services.membership import invite_teacher
from communities.services.onboarding import add_staff_member, start_staff_import
from communities.services.phases import complete_milestone, request_phase_change
from communities.services.practices import share_practice
from communities.services.proposals import propose
from communities.services.reports import build as build_report
from communities.services.reports import request_report
from communities.services.strategies import analyse_strategy
from diagnostics.catalogue import ensure_default_instrument
from diagnostics.models import Answer, Audience, Dimension, Instrument, InstrumentVersion, Item, Response
from diagnostics.services import close_campaign, issue_codes, open_campaign, questionnaire
from tests.conftest import complete_phase, held, join, schedule, with_second_factor
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory
from workshops.catalogue import ensure_default_template
from workshops.models import AssessmentAxis, Moment, TemplateSpace, WorkshopTemplate
from workshops.services.calligram import add_words
from workshops.services.directors import add_commitment
from workshops.services.huella import add_path_milestone
from workshops.services.lupa import add_problem, describe_situation
from workshops.services.proposals import add_action, add_continuity_agreement, start_proposal
from workshops.services.runs import conclude_space, open_space, set_up_workshop

Role = StaffMembership.Role

SCHOOL_YEAR = "2026-2027"
PDF = b"%PDF-1.4 evidencia de la CAS"


@dataclass(frozen=True)
class Scene:
    """The objects by name (`scene["cas"]`, `scene.people["member"]`) and the
    address of each route (`scene.url("communities:detail")`)."""

    objects: dict[str, Any]
    people: dict[str, User]
    _urls: dict[str, Callable[[], str]] = field(repr=False)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]

    def url(self, name: str) -> str:
        """The route's address in the scene. Built when asked: a password-reset
        link is only valid until its person signs in again."""
        if name not in self._urls:
            raise KeyError(f"The scene has no address for {name!r}: add one in tests/communities/scene.py.")
        return self._urls[name]()


def _person(school, role, email: str, name: str, **extra) -> User:
    user = UserFactory(email=email, full_name=name, **extra)
    StaffMembershipFactory(user=user, school=school, role=role)
    return user


def _cast() -> tuple[dict[str, Any], dict[str, User]]:
    school = SchoolFactory(name="Escuela Secundaria Técnica No. 118", cct="14DST0118A")
    other_school = SchoolFactory(name="Telesecundaria Benito Juárez", cct="14ETV0042B")
    people = {
        "member": _person(school, Role.TEACHER, "tere@escuela.test", "Teresa Docente Ramírez"),
        "colleague": _person(school, Role.TEACHER, "carmen@escuela.test", "Carmen Colega Ruiz"),
        "director": _person(school, Role.DIRECTOR, "dora@escuela.test", "Dora Elena Directora"),
        "tutor": _person(school, Role.TUTOR, "tomas@escuela.test", "Tomás Tutor Construye T"),
        "other_tutor": _person(other_school, Role.TUTOR, "otilia@otra.test", "Otilia Tutora Lejana"),
        "other_teacher": _person(other_school, Role.TEACHER, "oscar@otra.test", "Óscar Fuera Pérez"),
        "other_director": _person(other_school, Role.DIRECTOR, "ofelia@otra.test", "Ofelia Directora Otra"),
        # With a second factor: its sessions are verified (the platform's pages ask for it).
        "admin": with_second_factor(
            UserFactory(email="admin@cas.test", full_name="Ada Administradora", is_staff=True, is_superuser=True)
        ),
    }
    return {"school": school, "other_school": other_school}, people


def _the_cas(school, people) -> dict[str, Any]:
    """Formed, joined, Integración met (the diagnostic with a file), room for more
    teachers, a proposal open for votes and the phase change waiting for the tutor."""
    director, member = people["director"], people["member"]
    cas = create_community(actor=director, school=school, school_year=SCHOOL_YEAR, tutor=people["tutor"])
    join(cas, member)
    proposal = propose(actor=director, community=cas, text="Cada sesión cierra con un acuerdo por escrito.")
    diagnostic = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    upload = SimpleUploadedFile("diagnostico.pdf", PDF, content_type="application/pdf")
    diagnostic = complete_milestone(actor=director, milestone=diagnostic, text="Diagnóstico aplicado.", file=upload)
    complete_phase(cas)
    set_teacher_cap(actor=people["admin"], community=cas, cap=5)
    review = request_phase_change(actor=director, community=cas, comment="Cumplimos la Integración.")
    return {
        "cas": cas,
        "proposal": proposal,
        "diagnostic": diagnostic,
        # Desarrollo's first milestone: anyone's to complete once the phase opens.
        "actions": cas.milestones.get(kind=MilestoneKind.ACTIONS),
        "review": review,
        "goal": cas.goals.get(),
    }


def _meetings(cas, people) -> dict[str, Any]:
    """A held meeting whose relator is the member, with attendance, minutes and
    the member's agreement; an upcoming one with two topics on its agenda."""
    director, member, tutor = people["director"], people["member"], people["tutor"]
    past = held(schedule(cas, purpose="Sesión de arranque"), days_ago=2)
    assign_session_roles(
        actor=director, meeting=past, people={SessionRole.Kind.MODERATION: director, SessionRole.Kind.MINUTES: member}
    )
    present = Attendance.Status.PRESENT
    record_attendance(
        actor=member, meeting=past, statuses={director.pk: present, tutor.pk: present, member.pk: present}
    )
    write_minutes(actor=member, meeting=past, text="Acordamos aplicar la pausa de tres respiraciones.")
    agreement = add_agreement(
        actor=member,
        meeting=past,
        text="Aplicar la pausa de tres respiraciones en 2°B.",
        owner=member,
        due_date=timezone.localdate() + timedelta(days=15),
    )
    upcoming = schedule(cas, days=3, purpose="Sesión de seguimiento")  # the agreement goes on its agenda
    add_agenda_item(actor=member, meeting=upcoming, title="Cómo respondió 2°B a la pausa")
    second = add_agenda_item(actor=director, meeting=upcoming, title="Preparar la muestra de fin de ciclo")
    return {"held": past, "agreement": agreement, "upcoming": upcoming, "agenda_item": second}


def _journal_and_bank(cas, school, member) -> dict[str, Any]:
    ensure_journal_catalogue(TeachingDimension, ReflectionPrompt, Strategy, Skill)
    strategy = Strategy.objects.get(title="Pausa de tres respiraciones")
    analysis = analyse_strategy(
        actor=member, community=cas, strategy=strategy, analysis="Bajó la tensión antes del examen.", group="2°B"
    )
    reflection = write_reflection(
        actor=member,
        community=cas,
        title="Lo que vi en 2°B",
        body="El grupo pidió repetir la pausa.",
        visibility=Visibility.COMMUNITY,
    )
    practice = share_practice(
        actor=member,
        school=school,
        scope=Scope.SCHOOL,
        kind=Practice.Kind.PRACTICE,
        title="Pausa antes del examen",
        summary="Tres respiraciones antes de cada examen.",
        level=Level.BASICA,
        steps="1. Respirar.\n2. Nombrar la emoción.",
        files=[SimpleUploadedFile("ficha.pdf", PDF, content_type="application/pdf")],
    )
    return {
        "strategy": strategy,
        "analysis": analysis,
        "reflection": reflection,
        "practice": practice,
        "practice_file": practice.files.get(),
    }


def _other_cas(other_school, people):
    """The other school's own CAS: its people are members somewhere, not here."""
    other = create_community(
        actor=people["other_director"], school=other_school, school_year=SCHOOL_YEAR, tutor=people["other_tutor"]
    )
    join(other, people["other_teacher"])
    return other


def _onboarding(school, director) -> dict[str, Any]:
    """A teacher the director added who has not chosen a password yet, and a
    staff list waiting for the worker."""
    added = add_staff_member(
        actor=director, school=school, full_name="Nora Nueva Docente", email="nora@escuela.test", role=Role.TEACHER
    )
    upload = SimpleUploadedFile("plantilla.csv", b"nombre,correo\nNora Nueva Docente,nora@escuela.test\n")
    return {
        "newcomer": added.users["nora@escuela.test"],
        "import_run": start_staff_import(actor=director, school=school, upload=upload),
    }


def _diagnostic(school, director) -> dict[str, Any]:
    """The default instrument and an open línea base of the school."""
    version = ensure_default_instrument(Instrument, InstrumentVersion, Dimension, Item)
    today = timezone.localdate()
    campaign = open_campaign(
        actor=director,
        school=school,
        version=version,
        kind="linea-base",
        audiences=[Audience.STUDENTS],
        opens_on=today,
        closes_on=today + timedelta(days=14),
        expected={Audience.STUDENTS: 120},
    )
    # A student's access code (as printed on a slip), and its questionnaire's sections.
    code = issue_codes(actor=director, campaign=campaign, audience=Audience.STUDENTS, count=1)[0]
    sections = questionnaire(version_id=version.pk, audience=Audience.STUDENTS)
    return {
        "instrument_version": version,
        "campaign": campaign,
        "answer_code": code,
        "answer_sections": sections,
    } | _closed_diagnostic(school, director, version)


def _closed_diagnostic(school, director, version) -> dict[str, Any]:
    """A closed seguimiento answered by five students: its dimensions are shown,
    so goals can start from them."""
    today = timezone.localdate()
    campaign = open_campaign(
        actor=director,
        school=school,
        version=version,
        kind="seguimiento",
        audiences=[Audience.STUDENTS],
        opens_on=today - timedelta(days=40),
        closes_on=today - timedelta(days=26),
        expected={Audience.STUDENTS: 120},
    )
    items = list(Item.objects.filter(version=version).for_audience(Audience.STUDENTS))
    responses = Response.objects.bulk_create(
        Response(campaign=campaign, audience=Audience.STUDENTS, channel="online", submitted_on=campaign.opens_on)
        for _ in range(5)
    )
    Answer.objects.bulk_create(Answer(response=r, item=item, value=3) for r in responses for item in items)
    close_campaign(actor=director, campaign=campaign)
    return {"closed_campaign": campaign, "goal_dimension": items[0].dimension}


def _workshop(school, people) -> dict[str, Any]:
    """The school's workshop, facilitated by the colleague (a teacher outside
    the CAS: every teacher of the school takes part): Huella colectiva in
    progress with the member's milestone; La práctica bajo la lupa concluded
    with a situation and two common problems; a proposal of Construyendo en
    colectivo with an action and a continuity agreement of the member's;
    the member's word for the calligram; the director's poster; the Carpeta."""
    director, member, colleague = people["director"], people["member"], people["colleague"]
    template = ensure_default_template(WorkshopTemplate, TemplateSpace, Moment, AssessmentAxis, TeachingDimension)
    today = timezone.localdate()
    workshop = set_up_workshop(
        actor=director,
        school=school,
        template=template,
        starts_on=today,
        ends_on=today + timedelta(days=1),
        directors_day=today - timedelta(days=1),
        facilitator=colleague,
    )
    runs = {run.space.workspace: run for run in workshop.spaces.select_related("space")}
    dimension = template.dimensions.order_by("position").first()
    open_space(actor=director, run=runs["construyendo-en-colectivo"])
    proposal = start_proposal(
        actor=member, workshop=workshop, title="Familias en el aula", example="participacion-familias"
    )
    action = add_action(actor=member, proposal=proposal, text="Invitar a las familias", owner=member, due_on=today)
    agreement = add_continuity_agreement(
        actor=member, proposal=proposal, horizon=15, text="Revisar cuántas familias vinieron", owner=member
    )
    conclude_space(actor=director, run=runs["construyendo-en-colectivo"])
    open_space(actor=director, run=runs["caligrama"])
    word = add_words(actor=member, workshop=workshop, text="confianza")[0]
    conclude_space(actor=director, run=runs["caligrama"])
    open_space(actor=director, run=runs["practica-bajo-la-lupa"])
    situation = describe_situation(
        actor=member,
        workshop=workshop,
        description="En 2°B nadie entrega la tarea.",
        observed="Los lunes faltan la mitad.",
        reasons="Trabajan el fin de semana.",
        change="Tareas en clase.",
        dimensions=[dimension],
    )
    problems = [
        add_problem(actor=colleague, workshop=workshop, title=title, description="", dimensions=[dimension])
        for title in ("Tareas que no se entregan", "Convivencia en el recreo")
    ]
    conclude_space(actor=director, run=runs["practica-bajo-la-lupa"])
    open_space(actor=director, run=runs["huella-colectiva"])
    milestone = add_path_milestone(
        actor=member, workshop=workshop, year=2014, title="Mi primera plaza", meaning="Aprendí a escuchar.", kind="reto"
    )
    commitment = add_commitment(actor=director, workshop=workshop, text="Dar a la CAS una hora cada semana.")
    carpeta = request_report(actor=director, kind="carpeta", subject=f"workshop:{workshop.pk}", school=school)
    build_report(report_id=carpeta.pk)
    return {
        "workshop": workshop,
        "workshop_runs": runs,
        "workshop_session": workshop.sessions.order_by("number").first(),
        "path_milestone": milestone,
        "situation": situation,
        "problems": problems,
        "workshop_proposal": proposal,
        "proposal_action": action,
        "continuity_agreement": agreement,
        "calligram_word": word,
        "commitment": commitment,
        "directors_day": commitment.day,
        "carpeta": carpeta,
    }


def build_scene() -> Scene:
    """Build the scene in the current transaction; see the module's docstring."""
    objects, people = _cast()
    objects |= _the_cas(objects["school"], people)
    cas, member = objects["cas"], people["member"]
    objects |= _meetings(cas, people)
    objects |= _journal_and_bank(cas, objects["school"], member)
    invitation = invite_teacher(actor=people["director"], community=cas, teacher=people["colleague"])
    objects |= {
        "invitation": invitation,
        "invitation_token": invitation.token,  # only in memory, as in the e-mail
        "feed": feed_for(member),
        "other_cas": _other_cas(objects["other_school"], people),
    }
    objects |= _onboarding(objects["school"], people["director"])
    objects |= _diagnostic(objects["school"], people["director"])
    objects |= _workshop(objects["school"], people)
    return Scene(objects=objects, people=people, _urls=_urls(objects, people))


def password_reset_link(user: User) -> tuple[str, str]:
    """(uidb64, token) of the link Django e-mails, valid for the user as they are now."""
    user = User.objects.get(pk=user.pk)  # the token depends on the last sign-in
    return urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)


def activation_link(user: User) -> tuple[str, str]:
    """(uidb64, token) of the activation link e-mailed to a person new to CAS."""
    user = User.objects.get(pk=user.pk)
    return urlsafe_base64_encode(force_bytes(user.pk)), activation_tokens.make_token(user)


def _proposal_notice(o: dict[str, Any], people: dict[str, User]):
    return people["member"].notifications.get(key=f"proposal:{o['proposal'].pk}")


def _urls(o: dict[str, Any], people: dict[str, User]) -> dict[str, Callable[[], str]]:
    cas = o["cas"].pk
    held_meeting, upcoming = o["held"].pk, o["upcoming"].pk

    def to(name: str, *args) -> Callable[[], str]:
        return lambda: reverse(name, args=args)

    return {
        "communities:home": to("communities:home"),
        "communities:create": to("communities:create", o["school"].pk),
        "communities:detail": to("communities:detail", cas),
        "communities:leave": to("communities:leave", cas),
        "communities:progress_report": to("communities:progress_report", cas),
        "communities:school_report": to("communities:school_report", cas),
        "communities:conditions": to("communities:conditions", cas),
        "communities:invitations": to("communities:invitations", cas),
        "communities:invitation_revoke": to("communities:invitation_revoke", cas, o["invitation"].pk),
        "communities:proposals": to("communities:proposals", cas),
        "communities:proposal_vote": to("communities:proposal_vote", cas, o["proposal"].pk),
        "communities:milestone_complete": to("communities:milestone_complete", cas, o["actions"].pk),
        "communities:milestone_evidence": to("communities:milestone_evidence", cas, o["diagnostic"].pk),
        "communities:phase_request": to("communities:phase_request", cas),
        "communities:phase_review": to("communities:phase_review", cas),
        "communities:invitation_detail": to("communities:invitation_detail", o["invitation"].pk),
        "communities:invitation_accept": to("communities:invitation_accept", o["invitation"].pk),
        "communities:invitation_decline": to("communities:invitation_decline", o["invitation"].pk),
        "communities:invitation": to("communities:invitation", o["invitation_token"]),
        "communities:meetings": to("communities:meetings", cas),
        "communities:meeting_create": to("communities:meeting_create", cas),
        "communities:meeting": to("communities:meeting", cas, held_meeting),
        "communities:meeting_edit": to("communities:meeting_edit", cas, upcoming),
        "communities:meeting_cancel": to("communities:meeting_cancel", cas, upcoming),
        "communities:meeting_ics": to("communities:meeting_ics", cas, upcoming),
        "communities:agenda_add": to("communities:agenda_add", cas, upcoming),
        "communities:agenda_move": to("communities:agenda_move", cas, upcoming, o["agenda_item"].pk),
        "communities:roles_assign": to("communities:roles_assign", cas, upcoming),
        "communities:attendance": to("communities:attendance", cas, held_meeting),
        "communities:minutes": to("communities:minutes", cas, held_meeting),
        "communities:minutes_approve": to("communities:minutes_approve", cas, held_meeting),
        "communities:agreement_add": to("communities:agreement_add", cas, held_meeting),
        "communities:agreements": to("communities:agreements", cas),
        "communities:agreement_status": to("communities:agreement_status", cas, o["agreement"].pk),
        "communities:participation": to("communities:participation", cas),
        "communities:goals": to("communities:goals", cas),
        "communities:goal": to("communities:goal", cas, o["goal"].pk),
        "communities:strategies": to("communities:strategies", cas),
        "communities:analysis_evidence": to("communities:analysis_evidence", cas, o["analysis"].pk),
        "communities:summary": to("communities:summary", cas),
        "communities:summary_edit": to("communities:summary_edit", cas),
        "communities:summary_publish": to("communities:summary_publish", cas),
        "communities:summary_poster": to("communities:summary_poster", cas),
        "communities:journal": to("communities:journal"),
        "communities:reflection_create": to("communities:reflection_create"),
        "communities:reflection": to("communities:reflection", o["reflection"].pk),
        "communities:reflection_edit": to("communities:reflection_edit", o["reflection"].pk),
        "communities:reflection_delete": to("communities:reflection_delete", o["reflection"].pk),
        "communities:journal_export": to("communities:journal_export", "md"),
        "communities:notifications": to("communities:notifications"),
        # The member's notice of the proposal waiting for their vote.
        "communities:notification_open": lambda: reverse(
            "communities:notification_open", args=[_proposal_notice(o, people).pk]
        ),
        "communities:practices": to("communities:practices"),
        "communities:practice_create": to("communities:practice_create"),
        "communities:practice": to("communities:practice", o["practice"].pk),
        "communities:practice_edit": to("communities:practice_edit", o["practice"].pk),
        "communities:practice_used": to("communities:practice_used", o["practice"].pk),
        "communities:practice_file": to("communities:practice_file", o["practice"].pk, o["practice_file"].pk),
        "communities:calendar": to("communities:calendar"),
        "communities:calendar_reset": to("communities:calendar_reset"),
        "communities:calendar_feed": to("communities:calendar_feed", o["feed"].token),
        "communities:staff_overview": to("communities:staff_overview"),
        "communities:staff_schools": to("communities:staff_schools"),
        "communities:staff_communities": to("communities:staff_communities"),
        "communities:staff_figures": to("communities:staff_figures"),
        "communities:staff_figures_export": to("communities:staff_figures_export"),
        "communities:staff_audit": to("communities:staff_audit"),
        "communities:school_audit": to("communities:school_audit", o["school"].pk),
        "account_activity": to("account_activity"),
        "login": to("login"),
        "login_code": to("login_code"),
        "security": to("security"),
        "security_app": to("security_app"),
        "security_codes": to("security_codes"),
        "security_remove": to("security_remove"),
        "security_sign_out_everywhere": to("security_sign_out_everywhere"),
        "logout": to("logout"),
        "password_change": to("password_change"),
        "password_reset": to("password_reset"),
        "password_reset_done": to("password_reset_done"),
        "password_reset_confirm": lambda: reverse("password_reset_confirm", args=password_reset_link(people["member"])),
        "password_reset_complete": to("password_reset_complete"),
        "set_language": to("set_language"),
        "healthz": to("healthz"),
        # --- onboarding
        "communities:school_create": to("communities:school_create"),
        "communities:school_import": to("communities:school_import"),
        "communities:staff_home": to("communities:staff_home"),
        "communities:school_staff": to("communities:school_staff", o["school"].pk),
        "communities:staff_import": to("communities:staff_import", o["school"].pk),
        "communities:import_detail": to("communities:import_detail", o["import_run"].pk),
        "communities:import_progress": to("communities:import_progress", o["import_run"].pk),
        "account_activate": lambda: reverse("account_activate", args=activation_link(o["newcomer"])),
        # --- diagnostics
        "diagnostics:campaigns": to("diagnostics:campaigns", o["school"].pk),
        "diagnostics:campaign_create": to("diagnostics:campaign_create", o["school"].pk),
        "diagnostics:campaign": to("diagnostics:campaign", o["campaign"].pk),
        "diagnostics:campaign_codes": to("diagnostics:campaign_codes", o["campaign"].pk),
        **_workshop_urls(to, o, people),
        "notice_preferences": to("notice_preferences"),
        "unsubscribe": lambda: reverse("unsubscribe", args=[unsubscribe_token(people["member"], "meeting_soon")]),
        "communities:privacy_notice": to("communities:privacy_notice"),
        "my_data": to("my_data"),
        "my_data_json": to("my_data_json"),
        "my_data_pdf": to("my_data_pdf"),
        "diagnostics:campaign_close": to("diagnostics:campaign_close", o["campaign"].pk),
        "diagnostics:capturer_add": to("diagnostics:capturer_add", o["campaign"].pk),
        "diagnostics:capturer_remove": to("diagnostics:capturer_remove", o["campaign"].pk, people["colleague"].pk),
        "diagnostics:results": to("diagnostics:results", o["campaign"].pk),
        "diagnostics:results_csv": to("diagnostics:results_csv", o["campaign"].pk),
        "diagnostics:results_xlsx": to("diagnostics:results_xlsx", o["campaign"].pk),
        "diagnostics:answers_csv": to("diagnostics:answers_csv", o["campaign"].pk),
        "diagnostics:paper_capture": to("diagnostics:paper_capture", o["campaign"].pk, "estudiantes"),
        "diagnostics:paper_questionnaire": to("diagnostics:paper_questionnaire", o["campaign"].pk, "estudiantes"),
        "diagnostics:goal_create": to("diagnostics:goal_create", o["closed_campaign"].pk, o["goal_dimension"].pk),
        # --- answering with a code (public, under /d/)
        "answer:enter": to("answer:enter"),
        "answer:thanks": to("answer:thanks"),
        "answer:start": to("answer:start", o["answer_code"]),
        "answer:section": to("answer:section", o["answer_code"], 1),
        "answer:review": to("answer:review", o["answer_code"]),
    }


def _workshop_urls(to, o: dict[str, Any], people: dict[str, User]) -> dict[str, Callable[[], str]]:
    w = o["workshop"].pk
    huella = "huella-colectiva"
    return {
        "communities:report_status": to("communities:report_status", o["carpeta"].pk),
        "communities:report_download": to("communities:report_download", o["carpeta"].pk),
        "workshops:school": to("workshops:school", o["school"].pk),
        "workshops:set_up": to("workshops:set_up", o["school"].pk),
        "workshops:detail": to("workshops:detail", w),
        "workshops:change": to("workshops:change", w),
        "workshops:sala": to("workshops:sala", w),
        "workshops:session_roles": to("workshops:session_roles", w, o["workshop_session"].pk),
        "workshops:space": to("workshops:space", w, huella),
        "workshops:space_state": to("workshops:space_state", w, huella),
        "workshops:synthesis": to("workshops:synthesis", w, huella),
        "workshops:evidence": to("workshops:evidence", w),
        "workshops:carpeta": to("workshops:carpeta", w),
        "workshops:milestone_add": to("workshops:milestone_add", w),
        "workshops:milestone_edit": to("workshops:milestone_edit", w, o["path_milestone"].pk),
        "workshops:ratings": to("workshops:ratings", w),
        "workshops:situation_add": to("workshops:situation_add", w),
        "workshops:situation_edit": to("workshops:situation_edit", w, o["situation"].pk),
        "workshops:problem_add": to("workshops:problem_add", w),
        "workshops:problem_group": to("workshops:problem_group", w, o["problems"][0].pk),
        "workshops:dot": to("workshops:dot", w, o["problems"][0].pk),
        "workshops:voting": to("workshops:voting", w),
        "workshops:proposal_start": to("workshops:proposal_start", w),
        "workshops:proposal": to("workshops:proposal", w, o["workshop_proposal"].pk),
        "workshops:action_add": to("workshops:action_add", w, o["workshop_proposal"].pk),
        "workshops:action_remove": to("workshops:action_remove", w, o["workshop_proposal"].pk, o["proposal_action"].pk),
        "workshops:agreement_add": to("workshops:agreement_add", w, o["workshop_proposal"].pk),
        "workshops:agreement_remove": to("workshops:agreement_remove", w, o["continuity_agreement"].pk),
        "workshops:agreement_status": to("workshops:agreement_status", w, o["continuity_agreement"].pk),
        "workshops:agreement_goal": to("workshops:agreement_goal", w, o["continuity_agreement"].pk),
        "workshops:agreements_to_cas": to("workshops:agreements_to_cas", w),
        "workshops:calligram_save": to("workshops:calligram_save", w),
        "workshops:words_add": to("workshops:words_add", w),
        "workshops:word_remove": to("workshops:word_remove", w, o["calligram_word"].pk),
        "workshops:calligram_svg": to("workshops:calligram_svg", w),
        "workshops:calligram_png": to("workshops:calligram_png", w),
        "workshops:directors": to("workshops:directors", w),
        "workshops:commitment_add": to("workshops:commitment_add", w),
        "workshops:commitment_remove": to("workshops:commitment_remove", w, o["commitment"].pk),
        "workshops:poster": to("workshops:poster", w, o["directors_day"].pk),
    }

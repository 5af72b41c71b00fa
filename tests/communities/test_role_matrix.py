"""The role matrix: every route of the project, as each of nine people, by GET
and (where the route writes) by POST, against what communities/access.py says.

- The routes come from the URLconf itself: one added without a row in
  EXPECTATIONS, or a row left behind by a removed route, fails
  `test_every_route_has_expectations`.
- GET: the status each role gets; a login redirect for anonymous visitors on
  pages that need a session; a 404 never names the school (pretix's rule: an
  outsider learns nothing, not even that the CAS exists).
- POST: each role posts valid data. Where a role may act (DONE), the action
  took effect; where it is refused, nothing changed. "Changed" is measured on
  a fingerprint of every row of the communities and workshops apps, who the
  browser is signed in as, and its language cookie.

The scene (tests/communities/scene.py) is built once per module and worker, in
a transaction that each test's own transaction nests in, so each case costs one
request; every test's writes are rolled back after it.
"""

import functools
from binascii import unhexlify
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp

from communities.models import Attendance, ConditionKind, Practice, Scope, SessionRole, Skill, Visibility
from communities.models.schools import Level
from communities.services.communities import create_community
from communities.services.delivery import preference_kinds
from communities.services.diffusion import save_summary
from communities.services.membership import revoke_invitation
from communities.services.phases import approve_phase_change, request_phase_change, return_phase_change
from communities.views.security import APP_KEY
from diagnostics.services import find_code, name_paper_capturer, save_answers
from tests.communities.scene import Scene, activation_link, build_scene, password_reset_link
from tests.conftest import complete_phase, current_code
from tests.factories import TEST_PASSWORD
from workshops.services.lupa import open_voting
from workshops.services.runs import conclude_space, open_space

ROLES = (
    "anonymous",
    "member",  # a teacher of the CAS
    "colleague",  # a teacher of the same school, not in the CAS (invited, has not answered)
    "director",
    "tutor",
    "other_tutor",  # the other school's people, each a member of that school's own CAS
    "other_teacher",
    "other_director",
    "admin",  # platform staff: reads every community, takes part in none
)

LOGIN = "login"  # 302 to the sign-in page, and nothing changed

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Done:
    """The POST was allowed: it answered `status` and its write took effect."""

    status: int = 302


DONE = Done()

Status = int | str | Done
ONLY_POST = (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405)  # GET of a @require_POST view behind @login_required
ONLY_GET = (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405)  # POST of a @require_GET view behind @login_required


def _no_data(scene: Scene) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """What one route answers, per role in ROLES order.

    get/post: an HTTP status, LOGIN, or (POST only) DONE. None: the route does
    not write, so it has no POST row. `data(scene)`: the valid form the POST
    sends. `setup(scene)`: the state an allowed POST needs, reached through the
    services, applied before every role's POST. `redirect(scene)`: where a GET
    answering 302 (not to the login page) leads. `post_to(client, scene)`: the
    address the form posts to, when it is not the route's own address."""

    get: tuple[Status, ...]
    post: tuple[Status, ...] | None = None
    data: Callable[[Scene], dict] = _no_data
    setup: Callable[[Scene], object] | None = None
    redirect: Callable[[Scene], str] | None = None
    post_to: Callable[[Client, Scene], str] | None = None

    def __post_init__(self):
        for statuses in (self.get, self.post):
            if statuses is not None:
                assert len(statuses) == len(ROLES), f"{statuses}: one status per role in {ROLES}"
        assert DONE not in self.get, "DONE is for POST rows"
        assert (302 in self.get) == (self.redirect is not None), "a GET answering 302 says where it leads"


# --- States an allowed POST needs ---------------------------------------------------------


def _phase_approved(scene: Scene) -> None:
    """The tutor approves the waiting request: Desarrollo's milestones open."""
    approve_phase_change(actor=scene.people["tutor"], review=scene["review"])


def _phase_returned(scene: Scene) -> None:
    """The tutor sends the request back, so the director may ask again."""
    return_phase_change(actor=scene.people["tutor"], review=scene["review"], comment="Falta la evidencia.")


def _invitation_withdrawn(scene: Scene) -> None:
    """The director withdraws the colleague's invitation, so may invite them again."""
    revoke_invitation(actor=scene.people["director"], invitation=scene["invitation"])


def _summary_to_publish(scene: Scene) -> None:
    """The CAS reaches Difusión (Desarrollo met and approved) with the
    director's summary written: it may be published."""
    _phase_approved(scene)
    cas, director = scene["cas"], scene.people["director"]
    complete_phase(cas)
    approve_phase_change(actor=scene.people["tutor"], review=request_phase_change(actor=director, community=cas))
    save_summary(actor=director, community=cas, headline="Lo que aprendimos", message="Les compartimos la pausa.")


def _open_the_reset_link(client: Client, scene: Scene) -> str:
    """Opening the e-mailed link moves its token into the session and leads to
    `…/set-password/`, where the form posts."""
    response = client.get(scene.url("password_reset_confirm"))
    assert response.status_code == 302
    return response["Location"]


def _open_the_activation_link(client: Client, scene: Scene) -> str:
    """The activation link, like the reset link, leads to `…/set-password/`."""
    response = client.get(scene.url("account_activate"))
    assert response.status_code == 302
    return response["Location"]


def _activation_form_url(scene: Scene) -> str:
    uidb64, _token = activation_link(scene["newcomer"])
    return reverse("account_activate", args=[uidb64, "set-password"])


def _password_given_by_the_admin(client: Client, scene: Scene) -> str:
    """The platform admin (who has a second factor) types their password: a
    signed-out browser is left waiting for the code; a signed-in one goes home."""
    client.post(reverse("login"), {"username": scene.people["admin"].email, "password": TEST_PASSWORD})
    return reverse("login_code")


def _the_admins_code(scene: Scene) -> dict:
    return {"code": current_code(scene.people["admin"].otp_device)}


def _app_page_opened(client: Client, scene: Scene) -> str:
    """Opening the page keeps a new app's secret in the session; the code the
    app would show for it is what the person types."""
    client.get(reverse("security_app"))
    key = client.session.get(APP_KEY)
    scene.objects["new_app_code"] = f"{totp(unhexlify(key)):06d}" if key else "000000"
    return reverse("security_app")


def _csv(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def _set_password_url(scene: Scene) -> str:
    uidb64, _token = password_reset_link(scene.people["member"])
    return reverse("password_reset_confirm", args=[uidb64, "set-password"])


# --- Valid forms ----------------------------------------------------------------------------


def _days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


def _meeting_form(purpose: str) -> Callable[[Scene], dict]:
    return lambda s: {"purpose": purpose, "date": _days(7), "starts": "13:00", "ends": "14:00", "place": "Biblioteca"}


def _entry_form(title: str) -> Callable[[Scene], dict]:
    return lambda s: {
        "community": s["cas"].pk,
        "title": title,
        "body": "Lo que aprendí hoy.",
        "written_on": _days(0),
        "visibility": Visibility.COMMUNITY,
    }


def _practice_form(title: str) -> Callable[[Scene], dict]:
    return lambda s: {
        "kind": Practice.Kind.PRACTICE,
        "title": title,
        "summary": "Una práctica breve.",
        "level": Level.BASICA,
        "steps": "1. Empezar.\n2. Terminar.",
        "scope": Scope.SCHOOL,
        "school": s["school"].pk,
    }


def _conditions_form(s: Scene) -> dict:
    return {f"{kind}-{name}": value for kind in ConditionKind for name, value in (("is_met", "on"), ("note", "Listo"))}


def _attendance_form(s: Scene) -> dict:
    # The scene recorded everyone present; now the member was excused.
    statuses = {"director": Attendance.Status.PRESENT, "tutor": Attendance.Status.PRESENT, "member": "excused"}
    return {f"person_{s.people[name].pk}": status for name, status in statuses.items()}


def _paper_sheet(scene: Scene) -> dict:
    """A sheet of the students' questionnaire, every question marked 4."""
    return {"marks": "4" * sum(len(section.items) for section in scene["answer_sections"])}


def _colleague_named_for_paper(scene: Scene) -> None:
    """The director hands the typing in of paper sheets to the colleague."""
    name_paper_capturer(actor=scene.people["director"], campaign=scene["campaign"], person=scene.people["colleague"])


# --- The workshop's states -------------------------------------------------------------------


def _only_open(scene: Scene, workspace: str) -> None:
    """The facilitator concludes Huella colectiva (in progress in the scene) and
    opens `workspace`."""
    runs, facilitator = scene["workshop_runs"], scene.people["colleague"]
    conclude_space(actor=facilitator, run=runs["huella-colectiva"])
    open_space(actor=facilitator, run=runs[workspace])


def _lupa_open(scene: Scene) -> None:
    _only_open(scene, "practica-bajo-la-lupa")


def _vote_open(scene: Scene) -> None:
    _lupa_open(scene)
    open_voting(actor=scene.people["colleague"], workshop=scene["workshop"])


def _construyendo_open(scene: Scene) -> None:
    _only_open(scene, "construyendo-en-colectivo")


def _caligrama_open(scene: Scene) -> None:
    _only_open(scene, "caligrama")


def _proposal_text(scene: Scene) -> dict:
    proposal = scene["workshop_proposal"]
    return {"title": "Familias en el aula", "objective": "Que vengan más familias.", "revision": proposal.revision}


def _every_section_answered(scene: Scene) -> None:
    """The respondent has answered every section: only sending is left."""
    code = find_code(scene["answer_code"])
    for section in scene["answer_sections"]:
        save_answers(code=code, section=section, values={item.pk: 4 for item in section.items})


NEW_PASSWORD = "otra-clave-para-la-cas-2027"

# --- The matrix -----------------------------------------------------------------------------
# Columns, in ROLES order:
#   anonymous, member, colleague, director, tutor, other_tutor, other_teacher, other_director, admin
#
# The CAS's pages: 404 for the other school's people (no tie to this school), 403
# for the colleague (staff of the school) and for members without the role.

EXPECTATIONS: dict[str, Row] = {
    # A platform administrator who works at no school starts on the platform overview.
    "communities:home": Row(
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 302),
        redirect=lambda s: reverse("communities:staff_overview"),
    ),
    # Need.FORM: the school's directors and platform staff; a second CAS for a later year.
    "communities:create": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 200),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, DONE),
        data=lambda s: {
            "school_year": "2030-2031",
            "tutor": s.people["tutor"].pk,
            "director": s.people["director"].pk,  # asked of admins only
        },
    ),
    "communities:detail": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200)),
    # Need.LEAVE: teachers only; the director and the tutor lead it, they do not leave it.
    "communities:leave": Row(
        get=(LOGIN, 200, 403, 403, 403, 404, 404, 404, 403),
        post=(LOGIN, DONE, 403, 403, 403, 404, 404, 404, 403),
    ),
    "communities:conditions": Row(
        get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=_conditions_form,
    ),
    # Seeing who was invited is Need.LEAD; inviting is Need.MANAGE.
    "communities:invitations": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"teacher": s.people["colleague"].email, "message": "Te esperamos."},
        setup=_invitation_withdrawn,
    ),
    "communities:invitation_revoke": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
    ),
    "communities:proposals": Row(
        get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"text": "Compartimos una evidencia por sesión.", "kind": "norm"},
    ),
    "communities:proposal_vote": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        # With a comment, so that the director, who agreed by proposing it, changes something too.
        data=lambda s: {"choice": "agree", "comment": "De acuerdo."},
    ),
    # ACTIONS is every member's milestone (not one of MILESTONES_OF_THE_LEADERS);
    # it opens with Desarrollo. Platform staff read, they do not take part.
    "communities:milestone_complete": Row(
        get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"text": "Definimos acciones y una metodología."},
        setup=_phase_approved,
    ),
    "communities:milestone_evidence": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200)),
    "communities:phase_request": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"comment": "Corregimos lo que faltaba."},
        setup=_phase_returned,
    ),
    "communities:phase_review": Row(
        get=(LOGIN, 403, 403, 403, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, 403, DONE, 404, 404, 404, 403),
        data=lambda s: {"decision": "approve", "comment": ""},
    ),
    # An invitation is the invitee's alone: 404 for everyone else, its director included.
    "communities:invitation_detail": Row(get=(LOGIN, 404, 200, 404, 404, 404, 404, 404, 404)),
    "communities:invitation_accept": Row(get=ONLY_POST, post=(LOGIN, 404, DONE, 404, 404, 404, 404, 404, 404)),
    "communities:invitation_decline": Row(get=ONLY_POST, post=(LOGIN, 404, DONE, 404, 404, 404, 404, 404, 404)),
    "communities:invitation": Row(get=(LOGIN, 404, 200, 404, 404, 404, 404, 404, 404)),
    # Meetings: scheduling and session roles are Need.LEAD; topics and approving
    # the minutes Need.PARTICIPATE; attendance, minutes and agreements Need.RECORD,
    # which the member holds as the held meeting's relator.
    "communities:meetings": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200)),
    "communities:meeting_create": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=_meeting_form("Sesión extraordinaria"),
    ),
    "communities:meeting": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200)),
    "communities:meeting_edit": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=_meeting_form("Sesión de seguimiento, otro día"),
    ),
    "communities:meeting_cancel": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"reason": "Suspensión de clases"},
    ),
    "communities:meeting_ics": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200), post=ONLY_GET),
    "communities:agenda_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"title": "Compartir avances del grupo"},
    ),
    "communities:agenda_move": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"direction": "up"},
    ),
    "communities:roles_assign": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {SessionRole.Kind.MODERATION: s.people["member"].pk, SessionRole.Kind.MINUTES: ""},
    ),
    "communities:attendance": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=_attendance_form,
    ),
    "communities:minutes": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"minutes": "Acta corregida: aplicaremos la pausa en 2°B y 3°A."},
    ),
    "communities:minutes_approve": Row(get=ONLY_POST, post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403)),
    "communities:agreement_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"text": "Llevar la ficha a la academia.", "owner": s.people["member"].pk, "due": "15"},
    ),
    "communities:agreements": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200)),
    # Need.UPDATE: the owner (the member), the director or the tutor.
    "communities:agreement_status": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"status": "done"},
    ),
    "communities:participation": Row(get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403)),
    "communities:goals": Row(
        get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {
            "statement": "Que 80 % de 2°B resuelva conflictos hablando.",
            "skill": s["strategy"].skill_id,
            "indicator": "Conflictos resueltos hablando",
            "unit": "%",
            "baseline": "30",
            "target": "80",
            "due_date": _days(60),
            "owner": s.people["member"].pk,
        },
    ),
    "communities:goal": Row(
        get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"value": "55", "recorded_on": _days(0), "note": "Medición de octubre"},
    ),
    "communities:strategies": Row(
        get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"strategy": s["strategy"].pk, "analysis": "Funcionó con 3°A.", "group": "3°A"},
    ),
    # The director takes an analysis as the evidence of Desarrollo's STRATEGIES milestone.
    "communities:analysis_evidence": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        setup=_phase_approved,
    ),
    # The Difusión summary: a draft in the scene, read by the CAS's people and
    # platform staff (the school's other staff once it is published, in
    # tests/communities/test_diffusion.py); written and published by the
    # director (Need.MANAGE), published in the Difusión phase.
    "communities:summary": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200)),
    "communities:summary_edit": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"headline": "Lo que aprendimos en 2°B", "message": "Les pedimos probar la pausa."},
    ),
    "communities:summary_publish": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        setup=_summary_to_publish,
    ),
    "communities:summary_poster": Row(get=(LOGIN, 200, 403, 200, 200, 404, 404, 404, 200), post=ONLY_GET),
    # The journal: anyone signed in reads their own list; members of an open CAS write.
    "communities:journal": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)),
    "communities:reflection_create": Row(
        # The other school's people write in their own CAS's journal…
        get=(LOGIN, 200, 403, 200, 200, 200, 200, 200, 403),
        # …and this CAS is no choice of theirs: the form is shown again (200) with the error.
        post=(LOGIN, DONE, 403, DONE, DONE, 200, 200, 200, 403),
        data=_entry_form("Una entrada nueva"),
    ),
    # The member's entry shared with the CAS: its members and platform staff read
    # it; members comment, platform staff do not; to anyone else it does not exist.
    "communities:reflection": Row(
        get=(LOGIN, 200, 404, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, DONE, 404, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"body": "Gracias por compartirlo."},
    ),
    "communities:reflection_edit": Row(
        get=(LOGIN, 200, 404, 403, 403, 404, 404, 404, 403),
        post=(LOGIN, DONE, 404, 403, 403, 404, 404, 404, 403),
        data=_entry_form("Lo que vi en 2°B, corregido"),
    ),
    "communities:reflection_delete": Row(get=ONLY_POST, post=(LOGIN, DONE, 404, 403, 403, 404, 404, 404, 403)),
    # Everyone's own entries, and nobody else's.
    "communities:journal_export": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200), post=ONLY_GET),
    # Everyone reads their own notices; a POST marks them all read, which changes
    # something for those the scene left notices waiting on (the member's
    # proposal, the colleague's invitation, the director's and the tutor's minutes).
    "communities:notifications": Row(
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(LOGIN, DONE, DONE, DONE, DONE, 302, 302, 302, 302),
    ),
    # A notice is its recipient's alone: opening it marks it read and leads to
    # its thing; for anyone else it does not exist.
    "communities:notification_open": Row(
        get=(LOGIN, 302, 404, 404, 404, 404, 404, 404, 404),
        post=ONLY_GET,
        redirect=lambda s: s.people["member"].notifications.get(key=f"proposal:{s['proposal'].pk}").url,
    ),
    # The bank: the member's practice is shared with the school, so the school's
    # staff see it; platform staff see only what is shared with all schools.
    "communities:practices": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)),
    "communities:practice_create": Row(
        # The staff of any school share practices; platform staff are nobody's staff.
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 403),
        # This school is no choice of the other school's people: the form again, with the error.
        post=(LOGIN, DONE, DONE, DONE, DONE, 200, 200, 200, 403),
        data=_practice_form("Roles rotativos en 3°A"),
    ),
    "communities:practice": Row(
        get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 404),
        post=(LOGIN, DONE, DONE, DONE, DONE, 404, 404, 404, 404),
        data=lambda s: {"body": "La usaré con 1°C."},
    ),
    "communities:practice_edit": Row(
        get=(LOGIN, 200, 403, 403, 403, 404, 404, 404, 404),
        post=(LOGIN, DONE, 403, 403, 403, 404, 404, 404, 404),
        data=_practice_form("Pausa antes del examen, revisada"),
    ),
    "communities:practice_used": Row(get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, DONE, 404, 404, 404, 404)),
    "communities:practice_file": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 404)),
    "communities:calendar": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)),
    "communities:calendar_reset": Row(get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE)),
    # The member's secret feed address: whoever holds it reads it, without a session.
    "communities:calendar_feed": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "communities:staff_overview": Row(get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200)),
    "communities:staff_schools": Row(get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200)),
    "communities:staff_communities": Row(get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200)),
    # The state and national figures; their CSV or XLSX is a platform report (only admins ask for it).
    "communities:staff_figures": Row(get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200)),
    # The audit trail: all of it for platform admins; a school's for its director
    # (its other staff 403, everyone else 404); each person's own account.
    "communities:staff_audit": Row(get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200)),
    "communities:school_audit": Row(get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 200)),
    "account_activity": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)),
    "communities:staff_figures_export": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, 403, 403, 403, 403, 403, DONE),
        data=lambda s: {"format": "csv", "state": s["school"].state},
    ),
    # --- Accounts: Django's views, under Django's names. ---
    "login": Row(
        # Signed-in people go home (redirect_authenticated_user), whatever they post.
        get=(200, 302, 302, 302, 302, 302, 302, 302, 302),
        post=(DONE, 302, 302, 302, 302, 302, 302, 302, 302),
        data=lambda s: {"username": s.people["member"].email, "password": TEST_PASSWORD},
        redirect=lambda s: reverse("communities:home"),
    ),
    "logout": Row(
        # Django's logout is POST-only, for everyone.
        get=(405, 405, 405, 405, 405, 405, 405, 405, 405),
        # Anonymous: nothing to sign out of; back to the login page.
        post=(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    ),
    "password_change": Row(
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    ),
    # Anyone may ask for the member's reset link: it goes to the member's inbox (the outbox row).
    "password_reset": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"email": s.people["member"].email},
    ),
    "password_reset_done": Row(get=(200, 200, 200, 200, 200, 200, 200, 200, 200)),
    # The link is the key, whoever's browser opens it: Django moves its token
    # into the session and shows the form at …/set-password/.
    "password_reset_confirm": Row(
        get=(302, 302, 302, 302, 302, 302, 302, 302, 302),
        post=(DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        redirect=_set_password_url,
        post_to=_open_the_reset_link,
    ),
    "password_reset_complete": Row(get=(200, 200, 200, 200, 200, 200, 200, 200, 200)),
    # A GET only goes back (to "/" with no referrer); the POST sets the cookie.
    "set_language": Row(
        get=(302, 302, 302, 302, 302, 302, 302, 302, 302),
        post=(DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"language": "en", "next": "/"},
        redirect=lambda s: "/",
    ),
    # The second step of signing in: only a browser whose password step was
    # right waits for a code (the admin's, who has a factor); anyone signed in
    # goes home.
    "login_code": Row(
        get=(LOGIN, 302, 302, 302, 302, 302, 302, 302, 302),
        post=(DONE, 302, 302, 302, 302, 302, 302, 302, 302),
        data=_the_admins_code,
        redirect=lambda s: reverse("communities:home"),
        post_to=_password_given_by_the_admin,
    ),
    # Account security: each signed-in person's own. Only the admin has a
    # second factor: the others set one up; the admin renews codes or removes it.
    "security": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200)),
    "security_app": Row(
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 302),
        # Confirmed: the page shows the recovery codes, once (200).
        post=(LOGIN, Done(200), Done(200), Done(200), Done(200), Done(200), Done(200), Done(200), 302),
        data=lambda s: {"code": s["new_app_code"]},
        redirect=lambda s: reverse("security"),
        post_to=_app_page_opened,
    ),
    "security_codes": Row(get=ONLY_POST, post=(LOGIN, 302, 302, 302, 302, 302, 302, 302, Done(200))),
    "security_remove": Row(
        get=(LOGIN, 302, 302, 302, 302, 302, 302, 302, 200),
        post=(LOGIN, 302, 302, 302, 302, 302, 302, 302, DONE),
        data=lambda s: {"secret": TEST_PASSWORD},
        redirect=lambda s: reverse("security"),
    ),
    "security_sign_out_everywhere": Row(get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE)),
    # A person's own notices: each signed-in person sets theirs. The link of a
    # notice e-mail (the member's) works without signing in, for whoever holds it.
    "notice_preferences": Row(
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"digest_hour": "18"} | {f"kind_{kind}": "email" for kind, _label in preference_kinds()},
    ),
    "unsubscribe": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(Done(200),) * 9,
    ),
    # Personal-data rights: the full notice is for everyone; «Mis datos», its
    # downloads and its request form are each signed-in person's own.
    "communities:privacy_notice": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    "my_data": Row(
        get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(LOGIN, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"kind": "opposition", "details": "No quiero recibir el resumen diario."},
    ),
    "my_data_json": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200), post=ONLY_GET),
    "my_data_pdf": Row(get=(LOGIN, 200, 200, 200, 200, 200, 200, 200, 200), post=ONLY_GET),
    "healthz": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(405, 405, 405, 405, 405, 405, 405, 405, 405),
    ),
    # --- onboarding: platform admins register schools; a school's directors (and
    # platform admins) add its staff and follow its imports; the school's other
    # staff get 403, everyone else 404. The activation link is the key, like the
    # reset link, whoever's browser opens it.
    "communities:school_create": Row(
        get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200),
        post=(LOGIN, 403, 403, 403, 403, 403, 403, 403, DONE),
        data=lambda s: {
            "cct": "14DST0999Z",
            "name": "Escuela Secundaria Técnica No. 999",
            "state": "14",
            "municipality": "Tonalá",
            "level": "basica",
            "shift": "matutino",
            "tutor_email": s.people["tutor"].email,  # a tutor may guide several schools
        },
    ),
    "communities:school_import": Row(
        get=(LOGIN, 403, 403, 403, 403, 403, 403, 403, 200),
        post=(LOGIN, 403, 403, 403, 403, 403, 403, 403, DONE),
        data=lambda s: {
            "file": _csv(
                "escuelas.csv",
                "CCT,Nombre,Entidad,Municipio,Nivel,Turno\n14DPR0001A,Primaria Uno,14,Zapopan,Primaria,Matutino\n",
            )
        },
    ),
    "communities:staff_home": Row(get=(LOGIN, 403, 403, 200, 403, 403, 403, 200, 403)),
    "communities:school_staff": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 200),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, DONE),
        data=lambda s: {"full_name": "Nadia Nueva Maestra", "email": "nadia@escuela.test", "role": "teacher"},
    ),
    "communities:staff_import": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 200),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, DONE),
        data=lambda s: {
            "file": _csv("plantilla.csv", "nombre,correo,rol\nNadia Nueva Maestra,nadia@escuela.test,docente\n")
        },
    ),
    "communities:import_detail": Row(get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 200)),
    "communities:import_progress": Row(get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 200)),
    "account_activate": Row(
        get=(302, 302, 302, 302, 302, 302, 302, 302, 302),
        post=(DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        redirect=_activation_form_url,
        post_to=_open_the_activation_link,
    ),
    # --- diagnostics: the school's staff (and platform admins) read its campaigns;
    # its director and its tutor (Need.DIAGNOSE) open one and issue its codes,
    # which come back at once as a download (200); platform admins read only
    # (403 on writes); the other school's people get 404.
    "diagnostics:campaigns": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "diagnostics:campaign_create": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {
            "version": s["instrument_version"].pk,
            "kind": "seguimiento",
            "opens_on": _days(30),
            "closes_on": _days(45),
            "expected_students": "120",
            "expected_families": "40",
        },
    ),
    "diagnostics:campaign": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "diagnostics:campaign_codes": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, Done(200), Done(200), 404, 404, 404, 403),
        data=lambda s: {"audience": "estudiantes", "count": "3", "format": "csv"},
    ),
    # Closing a campaign, and naming who else types in its paper sheets: its
    # director and its tutor (Need.DIAGNOSE); a named person only types.
    "diagnostics:campaign_close": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
    ),
    "diagnostics:capturer_add": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {"person": s.people["colleague"].pk},
    ),
    "diagnostics:capturer_remove": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        setup=_colleague_named_for_paper,
    ),
    # Results: whoever sees the school's diagnostic sees its results and their
    # aggregated exports; the raw answers go to platform admins only.
    "diagnostics:results": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "diagnostics:results_csv": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "diagnostics:results_xlsx": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "diagnostics:answers_csv": Row(get=(LOGIN, 403, 403, 403, 403, 404, 404, 404, 200)),
    # Paper: the school's staff print the questionnaire; its director and its
    # tutor (Need.DIAGNOSE) type the sheets in.
    "diagnostics:paper_questionnaire": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "diagnostics:paper_capture": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=_paper_sheet,
    ),
    # A goal from a dimension of a closed campaign: the director and the tutor
    # of the school's CAS (Need.LEAD); its other staff and platform admins 403.
    "diagnostics:goal_create": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {
            "statement": "Mejorar el clima de aprendizaje del plantel.",
            "skill": Skill.objects.filter(is_active=True).values_list("pk", flat=True).first(),
            "indicator": "Promedio de la dimensión (1–5)",
            "unit": "puntos",
            "baseline": "3.00",
            "target": "3.50",
            "due_date": _days(120),
            "owner": s.people["director"].pk,
        },
    ),
    # --- The workshop: the school's staff, its tutor and platform admins read
    # it; its teachers and directors take part (not only the CAS's); the
    # colleague is its facilitator (named by the director, who facilitates
    # too); the director sets it up; authors change their own contributions.
    # The CAS's progress report: whoever reads the CAS asks for it; the school
    # report: its director, its tutor and platform admins.
    "communities:progress_report": Row(get=ONLY_POST, post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, DONE)),
    "communities:school_report": Row(get=ONLY_POST, post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, DONE)),
    "communities:report_status": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "communities:report_download": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "workshops:school": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "workshops:set_up": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {
            "template": s["workshop"].template_id,
            "starts_on": _days(400),
            "ends_on": _days(401),
            "votes_per_participant": "3",
        },
    ),
    "workshops:detail": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "workshops:change": Row(
        get=(LOGIN, 403, 403, 200, 403, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"starts_on": _days(2), "ends_on": _days(3), "votes_per_participant": "4", "facilitator": ""},
    ),
    "workshops:sala": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "workshops:session_roles": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, DONE, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {f"s{s['workshop_session'].pk}-role_moderation": s.people["member"].pk},
    ),
    "workshops:space": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "workshops:space_state": Row(
        get=ONLY_POST, post=(LOGIN, 403, DONE, DONE, 403, 404, 404, 404, 403), data=lambda s: {"action": "conclude"}
    ),
    "workshops:synthesis": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"synthesis-text": "Venimos de caminos distintos.", "synthesis-revision": "0"},
    ),
    "workshops:evidence": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, 403, DONE, DONE, 404, 404, 404, 403),
        setup=_phase_approved,
        data=lambda s: {"milestone": s["actions"].pk, "workspace": "practica-bajo-la-lupa"},
    ),
    "workshops:carpeta": Row(get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, DONE, 404, 404, 404, DONE)),
    "workshops:milestone_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"year": "2019", "kind": "formacion", "title": "Diplomado", "meaning": "Cambié mi evaluación."},
    ),
    "workshops:milestone_edit": Row(
        get=(LOGIN, 200, 403, 403, 403, 404, 404, 404, 403),
        post=(LOGIN, DONE, 403, 403, 403, 404, 404, 404, 403),
        data=lambda s: {"year": "2015", "kind": "reto", "title": "Mi primera plaza", "meaning": "Aprendí mucho."},
    ),
    "workshops:ratings": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {f"axis_{s['workshop'].template.axes.first().pk}": "amarillo"},
    ),
    "workshops:situation_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_lupa_open,
        data=lambda s: {
            "description": "El recreo es tenso.",
            "observed": "Empujones.",
            "reasons": "Poco espacio.",
            "change": "Turnos.",
            "dimensions": [s["situation"].dimensions.first().pk],
        },
    ),
    "workshops:situation_edit": Row(
        get=(LOGIN, 200, 403, 403, 403, 404, 404, 404, 403),
        post=(LOGIN, DONE, 403, 403, 403, 404, 404, 404, 403),
        setup=_lupa_open,
        data=lambda s: {
            "description": "En 2°B casi nadie entrega la tarea.",
            "observed": "Los lunes faltan.",
            "reasons": "Trabajan.",
            "change": "Tareas en clase.",
            "dimensions": [s["situation"].dimensions.first().pk],
        },
    ),
    "workshops:problem_add": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_lupa_open,
        data=lambda s: {"title": "Evaluación", "dimensions": [s["situation"].dimensions.first().pk]},
    ),
    "workshops:problem_group": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_lupa_open,
        data=lambda s: {"situations": [s["situation"].pk]},
    ),
    "workshops:voting": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_lupa_open,
        data=lambda s: {"action": "open"},
    ),
    "workshops:dot": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_vote_open,
        data=lambda s: {"action": "place"},
    ),
    "workshops:proposal_start": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_construyendo_open,
        data=lambda s: {"title": "Evaluar para aprender", "example": "evaluacion-formativa"},
    ),
    "workshops:proposal": Row(
        get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_construyendo_open,
        data=_proposal_text,
    ),
    "workshops:action_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_construyendo_open,
        data=lambda s: {"text": "Llamar a las familias", "owner": s.people["member"].pk, "due_on": _days(5)},
    ),
    "workshops:action_remove": Row(
        get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403), setup=_construyendo_open
    ),
    "workshops:agreement_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_construyendo_open,
        data=lambda s: {"horizon": "30", "text": "Medir la asistencia", "owner": s.people["member"].pk},
    ),
    "workshops:agreement_remove": Row(
        get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403), setup=_construyendo_open
    ),
    # The owner (the member) and the facilitators update an agreement followed up in the workshop.
    "workshops:agreement_status": Row(
        get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403), data=lambda s: {"status": "done"}
    ),
    # Into the CAS: its director and its tutor (Need.LEAD).
    "workshops:agreement_goal": Row(
        get=(LOGIN, 403, 403, 200, 200, 404, 404, 404, 403),
        post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403),
        data=lambda s: {
            "statement": "Más familias en el aula.",
            "skill": Skill.objects.filter(is_active=True).values_list("pk", flat=True).first(),
            "indicator": "Familias por sesión",
            "unit": "familias",
            "baseline": "2",
            "target": "8",
            "due_date": _days(90),
            "owner": s.people["member"].pk,
        },
    ),
    "workshops:agreements_to_cas": Row(get=ONLY_POST, post=(LOGIN, 403, 403, DONE, DONE, 404, 404, 404, 403)),
    "workshops:calligram_save": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_caligrama_open,
        data=lambda s: {"shape": "corazon", "commitment": "Escucharnos.", "revision": "0"},
    ),
    "workshops:words_add": Row(
        get=ONLY_POST,
        post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403),
        setup=_caligrama_open,
        data=lambda s: {"text": "respeto, diálogo"},
    ),
    # Its author takes a word back; the facilitators may remove any.
    "workshops:word_remove": Row(
        get=ONLY_POST, post=(LOGIN, DONE, DONE, DONE, 403, 404, 404, 404, 403), setup=_caligrama_open
    ),
    "workshops:calligram_svg": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    "workshops:calligram_png": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    # The directors' day: read by the school's staff, written by its directors.
    "workshops:directors": Row(
        get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200),
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"reflection": "La CAS se forma escuchando.", "poster_title": "Nuestros compromisos"},
    ),
    "workshops:commitment_add": Row(
        get=ONLY_POST,
        post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403),
        data=lambda s: {"text": "Reconocer cada logro de la CAS."},
    ),
    "workshops:commitment_remove": Row(get=ONLY_POST, post=(LOGIN, 403, 403, DONE, 403, 404, 404, 404, 403)),
    "workshops:poster": Row(get=(LOGIN, 200, 200, 200, 200, 404, 404, 404, 200)),
    # Answering with a code needs no account: the code is the key, whoever holds
    # it (signed in or not). Entering a good code only leads to its page.
    "answer:enter": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(302, 302, 302, 302, 302, 302, 302, 302, 302),
        data=lambda s: {"code": s["answer_code"]},
    ),
    "answer:thanks": Row(get=(200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "answer:start": Row(get=(200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "answer:section": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        data=lambda s: {f"item_{item.pk}": "4" for item in s["answer_sections"][0].items},
    ),
    "answer:review": Row(
        get=(200, 200, 200, 200, 200, 200, 200, 200, 200),
        post=(DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
        setup=_every_section_answered,
    ),
}

# Routes outside the matrix, and why.
EXCLUDED_NAMESPACES = {
    # Django's admin keeps its own rules (is_staff and model permissions) and is
    # tested in tests/communities/test_admin.py.
    "admin": "Django's admin",
}
EXCLUDED_ROUTES = {
    # Browsers ask for it on pages that name no icon (the admin's): the same
    # permanent redirect to a static file for everyone.
    "favicon.ico": "the favicon redirect",
}

# Cases the app gets wrong: (route, role, method) → "BUG: …". Each is marked
# xfail(strict=True): the day the app is fixed it passes, fails as XPASS, and
# its entry comes out of this table.
BUGS: dict[tuple[str, str, str], str] = {}


# --- Enumerating the URLconf ------------------------------------------------------------------


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            yield from _walk(entry, inner, route)
        elif isinstance(entry, URLPattern):
            key = entry.name or route  # an unnamed route is known by its path
            yield f"{namespace}:{key}" if namespace else key


def enumerated_routes() -> set[str]:
    return set(_walk(get_resolver()))


def routes_in_the_matrix() -> set[str]:
    return {
        route
        for route in enumerated_routes()
        if route not in EXCLUDED_ROUTES and route.partition(":")[0] not in EXCLUDED_NAMESPACES
    }


# --- The state a POST may change --------------------------------------------------------------

FINGERPRINTED_APPS = ("communities", "diagnostics", "workshops")
NOT_FINGERPRINTED = {("communities.User", "last_login")}  # every sign-in touches it


@functools.cache
def _snapshot_queries() -> tuple[tuple[str, str], ...]:
    """One SELECT per model (through tables included) of the fingerprinted apps:
    every column but the ignored ones, in primary-key order."""
    quote = connection.ops.quote_name
    queries = []
    for label in FINGERPRINTED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            name, meta = model._meta.label, model._meta
            columns = [f.column for f in meta.concrete_fields if (name, f.name) not in NOT_FINGERPRINTED]
            # Quoted names from the models' own metadata: nothing here comes from outside.
            sql = "SELECT {} FROM {} ORDER BY {}".format(  # noqa: S608
                ", ".join(map(quote, columns)), quote(meta.db_table), quote(meta.pk.column)
            )
            queries.append((name, sql))
    return tuple(queries)


def fingerprint() -> dict[str, list[tuple]]:
    """Every row of every model of the fingerprinted apps. Plain SQL: it runs
    twice per POST case, and the ORM would triple the file's run time."""
    with connection.cursor() as cursor:
        rows = {}
        for name, sql in _snapshot_queries():
            cursor.execute(sql)
            rows[name] = cursor.fetchall()
        return rows


def _signed_in_as(client: Client) -> str | None:
    """Who the browser's session belongs to, read without creating a session."""
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if cookie is None or not cookie.value:
        return None
    return import_module(settings.SESSION_ENGINE).SessionStore(cookie.value).get(SESSION_KEY)


def state(client: Client) -> dict:
    language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return {
        **fingerprint(),
        "signed in as": _signed_in_as(client),
        "language cookie": language.value if language else None,
    }


def _what_changed(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


# --- The scene and the cast ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once per module (and xdist worker); each test's transaction nests
    inside this one and is rolled back, so every case starts from the scene."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    # pytest-django runs each test as a Django TestCase, whose teardown closes
    # the connection; on PostgreSQL that would end the scene's transaction, so
    # the connection stays open while the scene lives.
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        mock.patch.object(connection, "close", lambda: None),
        transaction.atomic(),
    ):
        yield build_scene()
        transaction.set_rollback(True)


# The nine roles. They shadow conftest's fixtures of the same names: here they
# are the scene's people, built once for the module.


@pytest.fixture
def anonymous():
    return None


@pytest.fixture
def member(scene):
    return scene.people["member"]


@pytest.fixture
def colleague(scene):
    return scene.people["colleague"]


@pytest.fixture
def director(scene):
    return scene.people["director"]


@pytest.fixture
def tutor(scene):
    return scene.people["tutor"]


@pytest.fixture
def other_tutor(scene):
    return scene.people["other_tutor"]


@pytest.fixture
def other_teacher(scene):
    return scene.people["other_teacher"]


@pytest.fixture
def other_director(scene):
    return scene.people["other_director"]


@pytest.fixture
def admin(scene):
    return scene.people["admin"]


@pytest.fixture(scope="module")
def sessions(scene, django_db_blocker) -> dict[int, str]:
    """Each person signs in once per module; a test's client borrows the session
    (what the test does to it, such as signing out, is rolled back with it).
    Tests ask for this fixture themselves, so that it is made before their own
    transaction."""
    keys = {}
    with django_db_blocker.unblock():
        for person in scene.people.values():
            browser = Client()
            browser.force_login(person)
            keys[person.pk] = browser.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def _client_of(client: Client, sessions: dict[int, str], person) -> Client:
    if person is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[person.pk]
    return client


# --- The cases ----------------------------------------------------------------------------


def _cases(method: str) -> list:
    cases = []
    for route, row in EXPECTATIONS.items():
        statuses = row.get if method == "GET" else row.post
        if statuses is None:
            continue
        for role, expected in zip(ROLES, statuses, strict=True):
            bug = BUGS.get((route, role, method))
            marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
            cases.append(pytest.param(route, role, expected, id=f"{route}-{role}", marks=marks))
    return cases


GET_CASES = _cases("GET")
POST_CASES = _cases("POST")


def _assert_answer(response, expected: Status, scene: Scene, changed: list[str] | None = None) -> None:
    status = expected.status if isinstance(expected, Done) else expected
    note = "" if changed is None else f"(and it changed {changed or 'nothing'})"
    if expected == LOGIN:
        assert response.status_code == 302, note
        assert response["Location"].startswith(reverse("login")), note
        return
    assert response.status_code == status, note
    if status == 404:
        assert scene["school"].name not in response.content.decode()


@pytest.mark.parametrize(("route", "role", "expected"), GET_CASES)
def test_get(client, request, scene, sessions, route, role, expected):
    row = EXPECTATIONS[route]
    response = _client_of(client, sessions, request.getfixturevalue(role)).get(scene.url(route))
    _assert_answer(response, expected, scene)
    if expected == 302:
        assert response["Location"] == row.redirect(scene)
    response.close()  # file downloads hold their file open


@pytest.mark.parametrize(("route", "role", "expected"), POST_CASES)
def test_post(client, request, scene, sessions, route, role, expected):
    row = EXPECTATIONS[route]
    if row.setup is not None:
        row.setup(scene)
    client = _client_of(client, sessions, request.getfixturevalue(role))
    url = row.post_to(client, scene) if row.post_to else scene.url(route)
    before = state(client)
    response = client.post(url, row.data(scene))
    changed = _what_changed(before, state(client))
    _assert_answer(response, expected, scene, changed)
    if isinstance(expected, Done):
        assert changed, "the POST was answered as allowed but changed nothing"
    else:
        assert changed == [], "a refused POST changed something"


# --- The matrix itself ----------------------------------------------------------------------------


def test_every_route_has_expectations():
    """A new route needs its row; a removed route takes its row with it."""
    routes = routes_in_the_matrix()
    assert {"without a row": routes - EXPECTATIONS.keys(), "rows without a route": EXPECTATIONS.keys() - routes} == {
        "without a row": set(),
        "rows without a route": set(),
    }


def test_the_exclusions_still_exist():
    routes = enumerated_routes()
    assert EXCLUDED_ROUTES.keys() <= routes
    assert {route.partition(":")[0] for route in routes} >= EXCLUDED_NAMESPACES.keys()


def test_bugs_name_cases_of_the_matrix():
    cases = {(route, role, "GET") for route, role, _ in (c.values for c in GET_CASES)}
    cases |= {(route, role, "POST") for route, role, _ in (c.values for c in POST_CASES)}
    assert BUGS.keys() <= cases


def test_matrix_size(capsys):
    writes = sum(row.post is not None for row in EXPECTATIONS.values())
    assert len(GET_CASES) == len(EXPECTATIONS) * len(ROLES)
    assert len(POST_CASES) == writes * len(ROLES)
    with capsys.disabled():
        print(
            f"\nrole matrix: {len(EXPECTATIONS)} routes × {len(ROLES)} roles by GET = {len(GET_CASES)}, "
            f"{writes} routes × {len(ROLES)} roles by POST = {len(POST_CASES)}: "
            f"{len(GET_CASES) + len(POST_CASES)} cases"
        )


# --- Beyond the matrix ------------------------------------------------------------------------------


def test_a_proposal_of_another_community_is_404(client, scene, director):
    """The director may vote in both CAS of the school; the proposal is fetched
    through the CAS in the address, so another one's is not found."""
    later = create_community(
        actor=director, school=scene["school"], school_year="2030-2031", tutor=scene.people["tutor"]
    )
    client.force_login(director)
    before = state(client)
    url = reverse("communities:proposal_vote", args=[later.pk, scene["proposal"].pk])
    assert client.post(url, {"choice": "agree"}).status_code == 404
    assert _what_changed(before, state(client)) == []


def test_the_emailed_link_only_opens_for_the_invitee(client, scene, member, colleague):
    url = scene.url("communities:invitation")
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    assert client.get(reverse("communities:invitation", args=["not-a-token"])).status_code == 404

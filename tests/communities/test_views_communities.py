import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communities.models import Community, Invitation, Milestone, MilestoneKind, Phase, PhaseReview, Proposal
from communities.services.membership import invite_teacher
from communities.services.phases import complete_milestone, request_phase_change
from communities.services.proposals import propose
from communities.uploads import MAX_UPLOAD_BYTES
from tests.conftest import complete_phase, join, more_teachers
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_director_forms_the_cas_from_the_home_page(client, school, director, tutor):
    client.force_login(director)
    home = client.get(reverse("communities:home")).content.decode()
    assert "aún no tiene CAS en este ciclo escolar" in home
    url = reverse("communities:create", args=[school.pk])
    response = client.post(url, {"school_year": "2026-2027", "tutor": tutor.pk})
    community = Community.objects.get()
    assert response["Location"] == reverse("communities:invitations", args=[community.pk])
    assert (community.director, community.tutor, community.phase) == (director, tutor, Phase.INTEGRATION)


def test_a_second_cas_for_the_same_year_gets_a_message_next_to_the_year(client, cas, director, tutor):
    client.force_login(director)
    response = client.post(
        reverse("communities:create", args=[cas.school.pk]), {"school_year": cas.school_year, "tutor": tutor.pk}
    )
    assert response.status_code == 200
    assert "Esta escuela ya tiene una CAS activa para el ciclo escolar 2026-2027." in response.content.decode()
    assert Community.objects.count() == 1


def test_a_malformed_school_year_is_refused(client, school, director, tutor):
    client.force_login(director)
    response = client.post(reverse("communities:create", args=[school.pk]), {"school_year": "2026", "tutor": tutor.pk})
    assert "Escribe el ciclo escolar como dos años seguidos" in response.content.decode()
    assert not Community.objects.exists()


def test_director_invites_by_choosing_a_teacher(client, cas, colleague, django_capture_on_commit_callbacks):
    client.force_login(cas.director)
    url = reverse("communities:invitations", args=[cas.pk])
    page = client.get(url).content.decode()
    assert colleague.email in page  # offered
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"teacher": colleague.email, "message": "Te esperamos el jueves."})
    assert response.status_code == 302
    assert cas.invitations.filter(invitee=colleague, status=Invitation.Status.PENDING).exists()
    assert mail.outbox[0].to == [colleague.email]


def test_inviting_someone_from_another_school_shows_a_spanish_message(client, cas, outsider):
    client.force_login(cas.director)
    response = client.post(reverse("communities:invitations", args=[cas.pk]), {"teacher": outsider.email})
    assert response.status_code == 200
    assert "Esa persona no es docente de esta escuela o ya forma parte de la CAS." in response.content.decode()
    assert not cas.invitations.filter(invitee=outsider).exists()


def test_teacher_accepts_from_the_email_link(client, cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    client.force_login(colleague)
    landing = client.get(reverse("communities:invitation", args=[invitation.token])).content.decode()
    assert "te invita a la Comunidad de Aprendizaje Socioemocional" in landing
    response = client.post(reverse("communities:invitation_accept", args=[invitation.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("communities:detail", args=[cas.pk])
    assert "¡Bienvenida o bienvenido a la CAS!" in response.content.decode()
    again = client.post(reverse("communities:invitation_accept", args=[invitation.pk]), follow=True)
    assert "Ya aceptaste esta invitación." in again.content.decode()
    assert cas.memberships.filter(teacher=colleague).count() == 1


def test_the_sixth_teacher_is_told_there_is_no_room(client, cas, school):
    teachers = more_teachers(school, 5)
    invitations = [invite_teacher(actor=cas.director, community=cas, teacher=t) for t in teachers]
    for teacher, invitation in list(zip(teachers, invitations, strict=True))[:4]:
        client.force_login(teacher)
        client.post(reverse("communities:invitation_accept", args=[invitation.pk]))
    client.force_login(teachers[4])
    response = client.post(reverse("communities:invitation_accept", args=[invitations[4].pk]), follow=True)
    assert "La CAS ya tiene a sus 5 docentes" in response.content.decode()
    assert cas.memberships.filter(left_at__isnull=True).count() == 5


def test_teacher_declines_and_the_director_sees_it(client, cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    client.force_login(colleague)
    client.post(reverse("communities:invitation_decline", args=[invitation.pk]))
    client.force_login(cas.director)
    page = client.get(reverse("communities:invitations", args=[cas.pk])).content.decode()
    assert "Rechazada" in page


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


def test_voting_with_htmx_swaps_only_the_proposal(client, cas, teacher):
    proposal = propose(actor=cas.director, community=cas, text="Iniciamos a tiempo.")
    client.force_login(teacher)
    url = reverse("communities:proposal_vote", args=[cas.pk, proposal.pk])
    response = client.post(url, {"choice": "agree"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<article class="card shadow-sm mb-3 proposal" id="proposal-')
    assert "<html" not in html
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ADOPTED  # director, teacher: two of three
    assert "Adoptada" in html


def test_an_invalid_vote_changes_nothing(client, cas, teacher):
    proposal = propose(actor=cas.director, community=cas, text="Iniciamos a tiempo.")
    client.force_login(teacher)
    url = reverse("communities:proposal_vote", args=[cas.pk, proposal.pk])
    response = client.post(url, {"choice": "<script>"}, follow=True)
    assert "Elige si estás de acuerdo o tienes una objeción." in response.content.decode()
    assert proposal.votes.count() == 1


def test_teacher_leaves_and_the_page_keeps_them_as_former_member(client, cas, teacher):
    client.force_login(teacher)
    client.post(reverse("communities:leave", args=[cas.pk]))
    client.force_login(cas.director)
    html = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert "Integrantes anteriores" in html
    assert teacher.full_name in html


def test_tutor_filters_by_school_and_phase(client, tutor, cas, school):
    second_school = SchoolFactory(name="Telebachillerato Comunitario 12")
    StaffMembershipFactory(user=tutor, school=second_school, role="tutor")
    director_b = UserFactory()
    StaffMembershipFactory(user=director_b, school=second_school, role="director")
    from communities.services.communities import create_community

    create_community(actor=director_b, school=second_school, school_year="2026-2027", tutor=tutor)
    client.force_login(tutor)
    url = reverse("communities:home")
    both = client.get(url).content.decode()
    assert school.name in both and second_school.name in both
    only = client.get(url, {"school": second_school.pk}).content.decode()
    assert second_school.name in only and f">{school.name}</a>" not in only
    none = client.get(url, {"phase": "development"}).content.decode()
    assert "Ninguna comunidad coincide con estos filtros." in none
    bad = client.get(url, {"phase": "nonsense"}).content.decode()
    assert "Ese filtro no es válido" in bad
    assert school.name in bad


def test_staff_overview_counts_per_state_and_phase(client, admin_user, cas):
    client.force_login(admin_user)
    html = client.get(reverse("communities:staff_overview")).content.decode()
    assert "Jalisco" in html
    assert "Comunidades por entidad y fase" in html


# --- Query counts: fixed whatever the amount of data ------------------------------


def _grow(cas, school, teachers=4, proposals=6):
    for teacher in more_teachers(school, teachers):
        join(cas, teacher)
    for n in range(proposals):
        propose(actor=cas.director, community=cas, text=f"Propuesta número {n}")
    diagnostic = Milestone.objects.get(community=cas, kind=MilestoneKind.DIAGNOSTIC)
    complete_milestone(actor=cas.director, milestone=diagnostic, text="Hecho")


@pytest.mark.parametrize(
    ("page", "limit"),
    [("detail", 12), ("proposals", 10), ("invitations", 10), ("conditions", 9)],
)
def test_community_pages_take_a_fixed_number_of_queries(
    client, cas, school, page, limit, django_assert_max_num_queries
):
    client.force_login(cas.director)
    url = reverse(f"communities:{page}", args=[cas.pk])
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200
    _grow(cas, school)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def _meetings_agreements_and_goals(cas, skills, person):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from communities.services.goals import record_progress, set_goal
    from communities.services.meetings import add_agreement
    from tests.conftest import held, schedule

    for n in range(2):
        meeting = held(schedule(cas, purpose=f"Pasada {n}"), days_ago=20 + n)
        add_agreement(
            actor=cas.director,
            meeting=meeting,
            text=f"Acuerdo vencido {n}",
            owner=person,
            due_date=timezone.localdate() - timedelta(days=2),
        )
        schedule(cas, days=3 + n)
    for n in range(2):
        goal = set_goal(
            actor=cas.director,
            community=cas,
            statement=f"Meta {n}",
            skill=skills["colaboracion"],
            indicator="Reportes",
            unit="reportes",
            baseline=Decimal(20),
            target=Decimal(10),
            due_date=timezone.localdate() + timedelta(days=30),
            owner=person,
        )
        record_progress(actor=cas.director, goal=goal, value=Decimal(19), recorded_on=timezone.localdate())


# Each role adds its own section of the home page, each a fixed number of queries.
@pytest.mark.parametrize(("role", "limit"), [("director", 15), ("tutor", 10), ("teacher", 10)])
def test_home_takes_a_fixed_number_of_queries_for_each_role(
    client, request, cas, school, role, limit, django_assert_max_num_queries
):
    person = request.getfixturevalue(role)
    client.force_login(person)
    url = reverse("communities:home")
    with django_assert_max_num_queries(limit):
        client.get(url)
    _grow(cas, school, teachers=3)
    invite_teacher(actor=cas.director, community=cas, teacher=more_teachers(school, 1, start=50)[0])
    _meetings_agreements_and_goals(cas, request.getfixturevalue("skills"), person)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_staff_overview_takes_a_fixed_number_of_queries(client, admin_user, cas, django_assert_max_num_queries):
    client.force_login(admin_user)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("communities:staff_overview")).status_code == 200


def test_director_withdraws_a_pending_invitation(client, cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    client.force_login(cas.director)
    url = reverse("communities:invitation_revoke", args=[cas.pk, invitation.pk])
    response = client.post(url, follow=True)
    assert "Se retiró la invitación." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REVOKED
    again = client.post(url, follow=True)
    assert "Solo se puede retirar una invitación pendiente." in again.content.decode()
    client.force_login(colleague)
    assert client.post(url).status_code == 403


def test_a_cas_of_an_earlier_year_does_not_hide_the_form_button(client, school, director, tutor):
    from communities.models.community import current_school_year
    from communities.services.communities import create_community

    start = int(current_school_year()[:4])
    create_community(actor=director, school=school, school_year=f"{start - 1}-{start}", tutor=tutor)
    client.force_login(director)
    home = client.get(reverse("communities:home")).content.decode()
    assert "aún no tiene CAS en este ciclo escolar" in home
    create_community(actor=director, school=school, school_year=current_school_year(), tutor=tutor)
    home = client.get(reverse("communities:home")).content.decode()
    assert "aún no tiene CAS en este ciclo escolar" not in home

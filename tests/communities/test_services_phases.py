from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from communities.models import Event, Milestone, MilestoneKind, Phase, PhaseReview
from communities.services.phases import (
    approve_phase_change,
    complete_milestone,
    complete_milestone_from_data,
    request_phase_change,
    return_phase_change,
)
from tests.conftest import complete_phase
from tests.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_milestone_is_completed_with_a_file_link_or_text(cas, teacher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    diagnostic = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    evidence = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta de la sesion", content_type="application/pdf")
    complete_milestone(actor=cas.tutor, milestone=diagnostic, file=evidence, url="https://example.org/diag.pdf")

    diagnostic.refresh_from_db()
    assert diagnostic.completed_by == cas.tutor
    assert diagnostic.evidence_file_name == "acta.pdf"
    assert diagnostic.evidence_url == "https://example.org/diag.pdf"
    stored = Path(diagnostic.evidence_file.path)
    assert stored.parent.is_relative_to(tmp_path / "evidence")
    assert stored.name != "acta.pdf"  # a generated name
    assert Event.objects.filter(community=cas, verb=Event.Verb.MILESTONE_COMPLETED).count() == 1


def test_the_leaders_milestones_are_completed_only_by_the_director_and_the_tutor(cas, teacher):
    diagnostic = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    with pytest.raises(PermissionDenied, match="El director y el tutor"):
        complete_milestone(actor=teacher, milestone=diagnostic, text="Lo hice yo")
    diagnostic.refresh_from_db()
    assert not diagnostic.is_completed
    complete_milestone(actor=cas.director, milestone=diagnostic, text="Aplicado a 300 estudiantes.")
    diagnostic.refresh_from_db()
    assert diagnostic.completed_by == cas.director


@pytest.mark.parametrize("kind", [MilestoneKind.GOALS, MilestoneKind.INVITATIONS, MilestoneKind.FORMED])
def test_a_milestone_the_data_proves_cannot_be_ticked_by_hand(cas, kind):
    milestone = cas.milestones.get(kind=kind)
    with pytest.raises(ValidationError, match="no se cumple a mano"):
        complete_milestone(actor=cas.director, milestone=milestone, text="Ya está")
    milestone.refresh_from_db()
    assert not milestone.is_completed


def test_defining_goals_needs_a_goal(cas):
    goals = cas.milestones.get(kind=MilestoneKind.GOALS)
    assert not goals.is_completed  # a CAS with no goal has not defined its goals
    complete_phase(cas)
    goals.refresh_from_db()
    assert goals.completed_automatically
    assert goals.evidence_text.startswith("Meta definida: Que 70 % nombre sus emociones")


def test_a_milestone_without_evidence_is_refused(cas):
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    with pytest.raises(ValidationError, match="Agrega la evidencia"):
        complete_milestone(actor=cas.director, milestone=milestone, text="   ")
    milestone.refresh_from_db()
    assert not milestone.is_completed


def test_only_the_current_phase_and_only_once(cas):
    later = cas.milestones.get(kind=MilestoneKind.ACTIONS)
    with pytest.raises(ValidationError, match="fase actual"):
        complete_milestone(actor=cas.director, milestone=later, text="Adelantado")
    diagnostic = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    complete_milestone(actor=cas.director, milestone=diagnostic, text="Hecho")
    with pytest.raises(ValidationError, match="ya está cumplido"):
        complete_milestone(actor=cas.director, milestone=diagnostic, text="Otra vez")


def test_people_outside_the_cas_cannot_complete_milestones(cas, colleague, outsider, admin_user):
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    for person in (colleague, outsider, admin_user):
        with pytest.raises(PermissionDenied):
            complete_milestone(actor=person, milestone=milestone, text="No me corresponde")
    milestone.refresh_from_db()
    assert not milestone.is_completed


def test_completing_from_data_happens_once(cas):
    assert complete_milestone_from_data(community=cas, kind=MilestoneKind.DIAGNOSTIC, evidence="Campaña cerrada")
    assert not complete_milestone_from_data(community=cas, kind=MilestoneKind.DIAGNOSTIC, evidence="Otra vez")
    milestone = cas.milestones.get(kind=MilestoneKind.DIAGNOSTIC)
    assert milestone.completed_automatically
    assert milestone.evidence_text == "Campaña cerrada"


def test_the_phase_change_waits_for_every_milestone(cas):
    cas.milestones.filter(kind=MilestoneKind.DIAGNOSTIC).update()  # nothing completed yet
    with pytest.raises(ValidationError) as excinfo:
        request_phase_change(actor=cas.director, community=cas)
    message = excinfo.value.messages[0]
    assert message.startswith("Antes de avanzar, cumple estos hitos con su evidencia:")
    assert "Invitan a cinco docentes" in message
    assert not PhaseReview.objects.exists()


def test_only_the_director_asks_and_only_once(cas, teacher):
    complete_phase(cas)
    with pytest.raises(PermissionDenied):
        request_phase_change(actor=teacher, community=cas)
    request_phase_change(actor=cas.director, community=cas, comment="Listos")
    with pytest.raises(ValidationError, match="Ya hay un cambio de fase en espera"):
        request_phase_change(actor=cas.director, community=cas)


def test_the_tutor_approves_and_the_cas_moves_on(cas):
    complete_phase(cas)
    review = request_phase_change(actor=cas.director, community=cas, comment="Cumplimos los cuatro hitos.")
    approve_phase_change(actor=cas.tutor, review=review, comment="¡Adelante!")

    cas.refresh_from_db()
    review.refresh_from_db()
    assert cas.phase == Phase.DEVELOPMENT
    assert (review.status, review.reviewed_by, review.review_comment) == (
        PhaseReview.Status.APPROVED,
        cas.tutor,
        "¡Adelante!",
    )
    verbs = list(Event.objects.filter(community=cas).values_list("verb", flat=True))
    assert Event.Verb.PHASE_REQUESTED in verbs and Event.Verb.PHASE_APPROVED in verbs


def test_a_tutor_cannot_approve_a_community_not_theirs(cas, school):
    complete_phase(cas)
    review = request_phase_change(actor=cas.director, community=cas)
    other_tutor = UserFactory()
    StaffMembershipFactory(user=other_tutor, school=school, role="tutor")
    for person in (other_tutor, cas.director):
        with pytest.raises(PermissionDenied):
            approve_phase_change(actor=person, review=review)
    cas.refresh_from_db()
    assert cas.phase == Phase.INTEGRATION


def test_returning_needs_a_comment_and_keeps_the_phase(cas):
    complete_phase(cas)
    review = request_phase_change(actor=cas.director, community=cas)
    with pytest.raises(ValidationError) as excinfo:
        return_phase_change(actor=cas.tutor, review=review, comment=" ")
    assert "comment" in excinfo.value.message_dict
    return_phase_change(actor=cas.tutor, review=review, comment="Falta la línea base de las metas.")
    review.refresh_from_db()
    cas.refresh_from_db()
    assert review.status == PhaseReview.Status.RETURNED
    assert cas.phase == Phase.INTEGRATION
    with pytest.raises(ValidationError, match="ya fue revisada"):
        approve_phase_change(actor=cas.tutor, review=review)
    request_phase_change(actor=cas.director, community=cas, comment="Agregamos la línea base.")


def test_the_three_phases_lead_to_a_concluded_cas(cas, director, tutor):
    community = cas
    for expected in (Phase.DEVELOPMENT, Phase.DISSEMINATION, Phase.CONCLUDED):
        complete_phase(community)
        review = request_phase_change(actor=director, community=community)
        approve_phase_change(actor=tutor, review=review)
        community.refresh_from_db()
        assert community.phase == expected
    with pytest.raises(ValidationError, match="concluyó todas sus fases"):
        request_phase_change(actor=director, community=community)
    assert Milestone.objects.filter(community=community, completed_at__isnull=True).count() == 0

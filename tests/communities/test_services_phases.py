from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from communities.models import Event, Milestone, MilestoneKind, Phase, PhaseReview
from communities.services.communities import create_community
from communities.services.phases import (
    approve_phase_change,
    complete_milestone,
    complete_milestone_from_data,
    request_phase_change,
    return_phase_change,
)
from tests.factories import StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def complete_phase(community, actor):
    for milestone in community.milestones.filter(phase=community.phase, completed_at__isnull=True):
        complete_milestone(actor=actor, milestone=milestone, text="Evidencia registrada en la sesión.")


def test_a_milestone_is_completed_with_text_link_or_file(cas, teacher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    diagnostic, goals, invitations = (
        cas.milestones.get(kind=kind)
        for kind in (MilestoneKind.DIAGNOSTIC, MilestoneKind.GOALS, MilestoneKind.INVITATIONS)
    )
    complete_milestone(actor=cas.director, milestone=diagnostic, text="Aplicado a 300 estudiantes.")
    complete_milestone(actor=teacher, milestone=goals, url="https://example.org/metas.pdf")
    evidence = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta de la sesion", content_type="application/pdf")
    complete_milestone(actor=cas.tutor, milestone=invitations, file=evidence)

    invitations.refresh_from_db()
    assert invitations.completed_by == cas.tutor
    assert invitations.evidence_file_name == "acta.pdf"
    stored = Path(invitations.evidence_file.path)
    assert stored.parent.is_relative_to(tmp_path / "evidence")
    assert stored.name != "acta.pdf"  # a generated name
    assert Event.objects.filter(community=cas, verb=Event.Verb.MILESTONE_COMPLETED).count() == 3


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
    complete_phase(cas, cas.director)
    with pytest.raises(PermissionDenied):
        request_phase_change(actor=teacher, community=cas)
    request_phase_change(actor=cas.director, community=cas, comment="Listos")
    with pytest.raises(ValidationError, match="Ya hay un cambio de fase en espera"):
        request_phase_change(actor=cas.director, community=cas)


def test_the_tutor_approves_and_the_cas_moves_on(cas):
    complete_phase(cas, cas.director)
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
    complete_phase(cas, cas.director)
    review = request_phase_change(actor=cas.director, community=cas)
    other_tutor = UserFactory()
    StaffMembershipFactory(user=other_tutor, school=school, role="tutor")
    for person in (other_tutor, cas.director):
        with pytest.raises(PermissionDenied):
            approve_phase_change(actor=person, review=review)
    cas.refresh_from_db()
    assert cas.phase == Phase.INTEGRATION


def test_returning_needs_a_comment_and_keeps_the_phase(cas):
    complete_phase(cas, cas.director)
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


def test_the_three_phases_lead_to_a_concluded_cas(school, director, tutor):
    community = create_community(actor=director, school=school, school_year="2027-2028", tutor=tutor)
    for expected in (Phase.DEVELOPMENT, Phase.DISSEMINATION, Phase.CONCLUDED):
        complete_phase(community, director)
        review = request_phase_change(actor=director, community=community)
        approve_phase_change(actor=tutor, review=review)
        community.refresh_from_db()
        assert community.phase == expected
    with pytest.raises(ValidationError, match="concluyó todas sus fases"):
        request_phase_change(actor=director, community=community)
    assert Milestone.objects.filter(community=community, completed_at__isnull=True).count() == 0

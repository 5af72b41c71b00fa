import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from communities.models import Event, Invitation, Membership, MilestoneKind, StaffMembership
from communities.services.communities import create_community, set_teacher_cap
from communities.services.membership import (
    accept_invitation,
    decline_invitation,
    expire_invitations,
    invite_teacher,
    leave_community,
    revoke_invitation,
)
from tests.conftest import join, more_teachers
from tests.factories import SchoolFactory, StaffMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_invitation_is_mailed_with_a_personal_link(cas, colleague, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague, message="¡Te esperamos!")

    assert invitation.status == Invitation.Status.PENDING
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    (message,) = mail.outbox
    assert message.to == [colleague.email]
    assert message.subject == f"Invitación a la comunidad de aprendizaje de {cas.school.name}"
    assert "¡Te esperamos!" in message.body
    token = re.search(r"/invitations/open/([\w-]+)/", message.body).group(1)
    assert token == invitation.token
    assert token not in Invitation.objects.values_list("token_hash", flat=True)  # only its hash is kept
    assert Event.objects.filter(community=cas, verb=Event.Verb.INVITED, subject=colleague.full_name).exists()


def test_inviting_someone_outside_the_school_is_refused(cas, outsider):
    with pytest.raises(ValidationError) as excinfo:
        invite_teacher(actor=cas.director, community=cas, teacher=outsider)
    assert excinfo.value.message_dict["teacher"] == [f"{outsider.full_name} no es docente de esta escuela."]
    assert not cas.invitations.filter(invitee=outsider).exists()


def test_only_the_director_invites(cas, colleague, tutor, teacher):
    for actor in (tutor, teacher):
        with pytest.raises(PermissionDenied):
            invite_teacher(actor=actor, community=cas, teacher=colleague)
    assert not cas.invitations.filter(invitee=colleague).exists()


def test_a_member_or_a_pending_invitee_is_not_invited_twice(cas, teacher, colleague):
    with pytest.raises(ValidationError, match="ya forma parte de esta CAS"):
        invite_teacher(actor=cas.director, community=cas, teacher=teacher)
    invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    with pytest.raises(ValidationError, match="ya tiene una invitación pendiente"):
        invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    assert cas.invitations.filter(invitee=colleague).count() == 1


def test_an_expired_invitation_can_be_sent_again(cas, colleague):
    first = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        second = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    first.refresh_from_db()
    assert first.status == Invitation.Status.EXPIRED
    assert second.status == Invitation.Status.PENDING


def test_accepting_makes_the_teacher_a_member(cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    membership = accept_invitation(actor=colleague, invitation=invitation)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.responded_at is not None
    assert membership.is_active
    assert Event.objects.filter(community=cas, actor=colleague, verb=Event.Verb.JOINED).exists()


def test_accepting_twice_is_refused_and_changes_nothing(cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    accept_invitation(actor=colleague, invitation=invitation)
    with pytest.raises(ValidationError, match="Ya aceptaste esta invitación"):
        accept_invitation(actor=colleague, invitation=invitation)
    assert Membership.objects.filter(community=cas, teacher=colleague).count() == 1


def test_an_invitation_works_only_for_the_invited_person(cas, colleague, teacher):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    with pytest.raises(PermissionDenied):
        accept_invitation(actor=teacher, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_an_expired_invitation_cannot_be_accepted(cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    with (
        time_machine.travel(timezone.now() + timedelta(days=15)),
        pytest.raises(ValidationError, match="Esta invitación caducó"),
    ):
        accept_invitation(actor=colleague, invitation=invitation)
    assert not cas.memberships.filter(teacher=colleague).exists()


def test_a_withdrawn_invitation_cannot_be_accepted(cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    revoke_invitation(actor=cas.director, invitation=invitation)
    with pytest.raises(ValidationError, match="La dirección retiró esta invitación"):
        accept_invitation(actor=colleague, invitation=invitation)


def test_a_sixth_acceptance_is_refused(cas, school):
    four, sixth = more_teachers(school, 4), more_teachers(school, 1, start=10)[0]
    invitations = [invite_teacher(actor=cas.director, community=cas, teacher=t) for t in [*four, sixth]]
    for teacher, invitation in zip(four, invitations, strict=False):
        accept_invitation(actor=teacher, invitation=invitation)
    assert cas.memberships.filter(left_at__isnull=True).count() == 5

    with pytest.raises(ValidationError, match="ya tiene a sus 5 docentes"):
        accept_invitation(actor=sixth, invitation=invitations[-1])

    assert cas.memberships.filter(left_at__isnull=True).count() == 5
    invitations[-1].refresh_from_db()
    assert invitations[-1].status == Invitation.Status.PENDING


def test_no_one_is_invited_once_every_place_is_taken(cas, school):
    for teacher in more_teachers(school, 4):
        join(cas, teacher)
    extra = more_teachers(school, 1, start=20)[0]
    with pytest.raises(ValidationError, match="no hay lugar para invitar"):
        invite_teacher(actor=cas.director, community=cas, teacher=extra)


def test_five_accepted_teachers_complete_the_invitation_milestone(cas, school):
    milestone = cas.milestones.get(kind=MilestoneKind.INVITATIONS)
    teachers = more_teachers(school, 4)
    for teacher in teachers[:3]:
        join(cas, teacher)
    milestone.refresh_from_db()
    assert not milestone.is_completed

    join(cas, teachers[3])

    milestone.refresh_from_db()
    assert milestone.completed_automatically
    assert milestone.evidence_text == "5 docentes aceptaron la invitación."


def test_declining_is_recorded(cas, colleague):
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    decline_invitation(actor=colleague, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert not cas.memberships.filter(teacher=colleague).exists()
    with pytest.raises(ValidationError, match="Ya rechazaste esta invitación"):
        accept_invitation(actor=colleague, invitation=invitation)


def test_a_member_leaves_and_the_history_keeps_it(cas, teacher):
    leave_community(actor=teacher, community=cas)
    membership = Membership.objects.get(community=cas, teacher=teacher)
    assert membership.left_at is not None
    assert Event.objects.filter(community=cas, actor=teacher, verb=Event.Verb.LEFT).exists()
    with pytest.raises(PermissionDenied):  # no longer a teacher of the CAS
        leave_community(actor=teacher, community=cas)

    join(cas, teacher)  # and may come back when invited again
    assert cas.memberships.filter(teacher=teacher).count() == 2


def test_expire_invitations_is_safe_to_repeat(cas, colleague):
    invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    later = timezone.now() + timedelta(days=15)
    assert expire_invitations(now=later) == 1
    assert expire_invitations(now=later) == 0


def test_create_community_gives_it_the_seed_milestones_and_conditions(school, director, tutor):
    community = create_community(actor=director, school=school, school_year="2027-2028", tutor=tutor)
    assert community.director == director
    assert community.teacher_cap == 5
    assert list(community.milestones.values_list("phase", flat=True)).count("integration") == 4
    assert community.milestones.filter(phase="development").count() == 5
    assert community.milestones.filter(phase="dissemination").count() == 3
    assert community.conditions.count() == 8
    assert Event.objects.filter(community=community, verb=Event.Verb.CREATED, actor=director).exists()


def test_a_second_active_cas_for_the_same_school_and_year_is_refused(cas, director, tutor):
    with pytest.raises(ValidationError) as excinfo:
        create_community(actor=director, school=cas.school, school_year=cas.school_year, tutor=tutor)
    assert excinfo.value.message_dict["school_year"] == [
        "Esta escuela ya tiene una CAS activa para el ciclo escolar 2026-2027."
    ]
    assert cas.school.communities.count() == 1


def test_the_database_also_refuses_a_second_active_cas(cas):
    from communities.models import Community

    with pytest.raises(IntegrityError):
        Community.objects.create(
            school=cas.school,
            school_year=cas.school_year,
            director=cas.director,
            tutor=cas.tutor,
            created_by=cas.director,
        )


def test_create_community_checks_the_tutor_year_and_actor(school, director, teacher, outsider):
    other_tutor = UserFactory()
    StaffMembershipFactory(user=other_tutor, school=SchoolFactory(), role=StaffMembership.Role.TUTOR)
    with pytest.raises(ValidationError) as excinfo:
        create_community(actor=director, school=school, school_year="2026-2028", tutor=other_tutor)
    assert set(excinfo.value.message_dict) == {"tutor", "school_year"}
    with pytest.raises(PermissionDenied):
        create_community(actor=teacher, school=school, school_year="2026-2027", tutor=other_tutor)


def test_an_admin_forms_a_cas_naming_its_director(school, director, tutor, admin_user):
    with pytest.raises(ValidationError) as excinfo:
        create_community(actor=admin_user, school=school, school_year="2026-2027", tutor=tutor)
    assert "director" in excinfo.value.message_dict
    community = create_community(
        actor=admin_user, school=school, school_year="2026-2027", tutor=tutor, director=director
    )
    assert community.director == director
    assert community.created_by == admin_user


def test_only_admins_change_the_cap_and_never_below_the_members(cas, school, admin_user):
    for teacher in more_teachers(school, 2):
        join(cas, teacher)
    with pytest.raises(PermissionDenied):
        set_teacher_cap(actor=cas.director, community=cas, cap=7)
    with pytest.raises(ValidationError, match="ya tiene 3 docentes"):
        set_teacher_cap(actor=admin_user, community=cas, cap=2)
    assert set_teacher_cap(actor=admin_user, community=cas, cap=6).teacher_cap == 6

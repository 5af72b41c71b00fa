"""Invitations, answering them and leaving the CAS: what people see and do, bad input, query counts."""

import pytest
from django.core import mail
from django.urls import reverse

from communities.models import Invitation
from communities.services.membership import invite_teacher
from tests.conftest import more_teachers

pytestmark = pytest.mark.django_db


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


def test_teacher_leaves_and_the_page_keeps_them_as_former_member(client, cas, teacher):
    client.force_login(teacher)
    client.post(reverse("communities:leave", args=[cas.pk]))
    client.force_login(cas.director)
    html = client.get(reverse("communities:detail", args=[cas.pk])).content.decode()
    assert "Integrantes anteriores" in html
    assert teacher.full_name in html


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

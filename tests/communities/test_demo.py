"""The demo data gives every demo account real content of its own school, and
nothing of the other one."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from communities import access, documents
from communities.demo import demo_accounts
from communities.models import Community, Invitation, Phase, PhaseReview, Proposal, Report, User
from communities.models.community import current_school_year
from tests.conftest import with_second_factor

pytestmark = pytest.mark.django_db

SCHOOL_A = "Centro de Bachillerato Tecnológico Industrial y de Servicios No. 38"
SCHOOL_B = "Escuela Secundaria General No. 5 «Sor Juana Inés de la Cruz»"


@pytest.fixture
def demo(demo_data):
    return {
        "a": Community.objects.get(school__cct="14DCT0038K"),
        "b": Community.objects.get(school__cct="20DES0005Q"),
    }


def test_escuela_a_is_in_development_with_its_history(demo):
    cas = demo["a"]
    assert cas.phase == Phase.DEVELOPMENT
    assert cas.memberships.filter(left_at__isnull=True).count() == 5
    assert cas.invitations.filter(status=Invitation.Status.DECLINED).exists()
    assert cas.proposals.filter(kind=Proposal.Kind.NORM, status=Proposal.Status.ADOPTED).count() >= 3
    assert not cas.milestones.filter(phase=Phase.INTEGRATION, completed_at__isnull=True).exists()
    assert list(cas.phase_reviews.values_list("status", flat=True)) == [
        PhaseReview.Status.RETURNED,
        PhaseReview.Status.APPROVED,
        PhaseReview.Status.REQUESTED,  # Difusión: waiting on the tutor
    ]
    assert not cas.milestones.filter(phase=Phase.DEVELOPMENT, completed_at__isnull=True).exists()


def test_each_demo_account_has_something_waiting(demo):
    """The shop window: the tutor of escuela-a has a phase change to review and
    escuela-b's director has teachers to invite."""
    tutor = User.objects.get(email="tutor@escuela-a.demo")
    assert tutor.notifications.unread().filter(kind="phase_review").exists()
    b = demo["b"]
    invitable = access.staff_with_role(b.school, "teacher").exclude(pk__in=b.invitations.values("invitee_id"))
    # The two the director imported this week, and the rest of the school's teachers.
    assert sorted(invitable.values_list("email", flat=True), key=lambda e: int(e[7:].split("@")[0])) == [
        f"docente{n}@escuela-b.demo" for n in range(6, 13)
    ]


def test_escuela_b_is_in_integration_with_pending_invitations_and_a_proposed_norm(demo):
    cas = demo["b"]
    assert cas.phase == Phase.INTEGRATION
    assert cas.invitations.pending().count() == 3
    assert cas.proposals.filter(status=Proposal.Status.OPEN, kind=Proposal.Kind.NORM).count() == 1


def test_seeding_twice_keeps_the_history_as_it_is(demo):
    counts = [(c.events.count(), c.invitations.count(), c.proposals.count()) for c in demo.values()]
    call_command("seed_demo", stdout=StringIO())
    assert [(c.events.count(), c.invitations.count(), c.proposals.count()) for c in demo.values()] == counts


@pytest.mark.parametrize("email", [email for email, _ in demo_accounts() if not email.startswith("admin")])
def test_every_demo_account_sees_its_school_and_not_the_other(client, demo, email):
    own, other = ("a", "b") if "escuela-a" in email else ("b", "a")
    client.force_login(User.objects.get(email=email))

    home = client.get(reverse("communities:home")).content.decode()
    assert (SCHOOL_A if own == "a" else SCHOOL_B) in home
    assert (SCHOOL_B if own == "a" else SCHOOL_A) not in home
    # A community, an invitation to one, or (newly added staff) the news that the school has one.
    assert f"CAS {current_school_year()}" in home or "te invita" in home or "Tu escuela tiene una CAS" in home

    other_pages = [
        reverse("communities:detail", args=[demo[other].pk]),
        reverse("communities:proposals", args=[demo[other].pk]),
        reverse("communities:invitations", args=[demo[other].pk]),
    ]
    for url in other_pages:
        assert client.get(url).status_code == 404


def test_the_admin_sees_both_in_the_overview(client, demo):
    client.force_login(with_second_factor(User.objects.get(email="admin@cas.demo")))
    html = client.get(reverse("communities:staff_overview")).content.decode()
    assert "Jalisco" in html and "Oaxaca" in html


def test_the_demo_admin_is_asked_to_set_up_a_second_factor(client, demo):
    """`make run` shows the enrolment; the other demo accounts sign in with their password alone."""
    response = client.post(reverse("login"), {"username": "admin@cas.demo", "password": settings.DEMO_PASSWORD})
    assert response["Location"] == reverse("communities:home")
    response = client.get(reverse("communities:staff_overview"))
    assert response["Location"].startswith(reverse("security_app"))


def test_each_demo_school_has_its_reports_ready_for_its_director(client, demo):
    for community in demo.values():
        ready = Report.objects.filter(status=Report.Status.READY)
        progress = ready.get(kind=documents.COMMUNITY_PROGRESS, community=community)
        school = ready.get(kind=documents.SCHOOL_REPORT, school=community.school)
        client.force_login(community.director)
        page = client.get(reverse("communities:detail", args=[community.pk])).content.decode()
        for report in (progress, school):
            link = reverse("communities:report_download", args=[report.pk])
            assert link in page
            assert client.get(link).status_code == 200
    call_command("seed_demo", stdout=StringIO())
    assert Report.objects.filter(kind=documents.COMMUNITY_PROGRESS).count() == 2  # seeding again builds none

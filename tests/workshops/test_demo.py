"""The workshop's demo: escuela-b lived the whole workshop in January 2026
(twelve teachers, four spaces concluded, its Carpeta built, its members'
continuity agreements taken to its CAS); escuela-a is in its second space,
with the notice waiting for its teachers; seeding again changes nothing."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from communities.models import Agreement, Report, StaffMembership, User
from workshops import selectors
from workshops.cas import CARPETA, carpeta_subject
from workshops.models import (
    AxisRating,
    Calligram,
    CalligramWord,
    CollaborativeProposal,
    CommonProblem,
    ContinuityAgreement,
    DirectorCommitment,
    DirectorsDay,
    Dot,
    PathMilestone,
    ProposalAction,
    SessionRoleAssignment,
    Situation,
    SpaceRun,
    Workshop,
    WorkshopSession,
    WorkSpace,
)

pytestmark = pytest.mark.django_db

A, B = "14DCT0038K", "20DES0005Q"
WORKSHOP_TABLES = [
    Workshop,
    WorkshopSession,
    SessionRoleAssignment,
    SpaceRun,
    PathMilestone,
    AxisRating,
    Situation,
    CommonProblem,
    Dot,
    CollaborativeProposal,
    ProposalAction,
    ContinuityAgreement,
    CalligramWord,
    Calligram,
    DirectorsDay,
    DirectorCommitment,
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())


def _workshop(cct: str) -> Workshop:
    return Workshop.objects.select_related("school", "template").get(school__cct=cct)


def _snapshot():
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in WORKSHOP_TABLES}
    rows["Report"] = list(Report.objects.order_by("pk").values_list("kind", "subject", "status"))
    rows["Agreement"] = list(Agreement.objects.order_by("pk").values())
    return rows


def test_escuela_b_lived_the_whole_workshop_in_january_2026(demo):
    workshop = _workshop(B)
    assert (workshop.school_year, workshop.starts_on, workshop.ends_on) == (
        "2025-2026",
        date(2026, 1, 8),
        date(2026, 1, 9),
    )
    assert workshop.facilitator.email == "docente1@escuela-b.demo"
    assert all(session.roles.count() == 3 for session in workshop.sessions.all())
    assert list(workshop.spaces.values_list("state", flat=True)) == [SpaceRun.State.CONCLUDED] * 4
    assert all(run.synthesis and run.revision == 2 for run in workshop.spaces.all())

    teachers = set(
        StaffMembership.objects.filter(school=workshop.school, role=StaffMembership.Role.TEACHER).values_list(
            "user_id", flat=True
        )
    )
    assert {f"docente{n}@escuela-b.demo" for n in range(8, 13)} <= set(
        User.objects.filter(pk__in=teachers).values_list("email", flat=True)
    )
    contributed = set().union(*selectors.contributors(workshop).values())
    assert len(contributed & teachers) >= 12
    authors = PathMilestone.objects.filter(workshop=workshop).values_list("author_id", flat=True)
    assert all(2 <= list(authors).count(author) <= 4 for author in set(authors))
    assert set(AxisRating.objects.filter(workshop=workshop).values_list("light", flat=True)) == {
        "verde",
        "amarillo",
        "rojo",
    }

    ranked = list(workshop.problems.order_by("rank").values_list("rank", flat=True))
    assert ranked == [1, 2, 3, 4]
    assert Dot.objects.filter(workshop=workshop).count() == 3 * 13
    assert workshop.situations.count() >= 12 and not workshop.situations.filter(problem__isnull=True).exists()
    assert workshop.proposals.count() == 3
    assert all(p.problem.is_prioritised and p.actions.exists() for p in workshop.proposals.all())

    agreements = ContinuityAgreement.objects.filter(proposal__workshop=workshop)
    assert set(agreements.values_list("horizon", flat=True)) == {15, 30}
    assert agreements.filter(wants_goal=True).exists()
    in_the_cas = agreements.filter(agreement__isnull=False).select_related("agreement")
    assert in_the_cas.exists()
    assert {row.agreement.status for row in in_the_cas} == {Agreement.Status.DONE, Agreement.Status.PENDING}
    assert agreements.filter(agreement__isnull=True, status=ContinuityAgreement.Status.DONE).exists()
    assert agreements.filter(agreement__isnull=True, status=ContinuityAgreement.Status.PENDING).exists()

    calligram = Calligram.objects.get(workshop=workshop)
    assert calligram.commitment
    words = list(CalligramWord.objects.filter(workshop=workshop).values_list("key", flat=True))
    assert len(words) >= 35 and words.count("comunidad") > 1
    day = DirectorsDay.objects.get(workshop=workshop)
    assert day.reflection and 4 <= day.commitments.count() <= 5

    report = Report.objects.get(kind=CARPETA, subject=carpeta_subject(workshop))
    assert report.status == Report.Status.READY and report.file

    # Lived in January, not stamped today.
    stamps = PathMilestone.objects.filter(workshop=workshop).values_list("created_at", flat=True)
    assert {timezone.localtime(stamp).date() for stamp in stamps} == {date(2026, 1, 8)}
    assert timezone.localtime(workshop.spaces.last().concluded_at).date() == date(2026, 1, 9)


def test_escuela_a_is_in_the_lupa_and_its_teachers_have_a_notice_waiting(demo, client):
    workshop = _workshop(A)
    yesterday = timezone.localdate() - timedelta(days=1)
    assert workshop.starts_on == yesterday
    states = dict(workshop.spaces.values_list("space__workspace", "state"))
    assert states[WorkSpace.HUELLA_COLECTIVA] == SpaceRun.State.CONCLUDED
    assert states[WorkSpace.PRACTICA_BAJO_LA_LUPA] == SpaceRun.State.IN_PROGRESS
    assert workshop.situations.exists() and workshop.problems.count() == 2
    assert workshop.voting_opened_at is None
    assert PathMilestone.objects.filter(workshop=workshop).values("author").distinct().count() == 6

    teacher = User.objects.get(email="docente5@escuela-a.demo")
    assert teacher.notifications.unread().filter(key__startswith="workshop-space:").exists()
    client.force_login(teacher)
    page = client.get(reverse("workshops:space", args=[workshop.pk, WorkSpace.PRACTICA_BAJO_LA_LUPA]))
    assert page.status_code == 200


def test_the_pages_of_escuela_bs_workshop_show_what_it_lived(demo, client):
    workshop = _workshop(B)
    client.force_login(User.objects.get(email="docente12@escuela-b.demo"))
    assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 200
    for workspace in WorkSpace.values:
        assert client.get(reverse("workshops:space", args=[workshop.pk, workspace])).status_code == 200
    assert client.get(reverse("workshops:calligram_svg", args=[workshop.pk])).status_code == 200


def test_seeding_twice_changes_nothing(demo):
    before = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == before

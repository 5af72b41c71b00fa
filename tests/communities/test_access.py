"""The rules of communities/access.py, each tested where a small break of the
code would otherwise go unnoticed (the mutation check of issue 8): a teacher
who left the CAS, the five-teacher cap, who records a session, who sees the
bank of practices, and the outbox's lease."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from communities import access
from communities.access import Need, Role
from communities.emails import deliver_email
from communities.models import (
    Community,
    OutgoingEmail,
    Practice,
    Proposal,
    ProposalVote,
    Scope,
    SessionRole,
    Visibility,
)
from communities.models.email import send_lease
from communities.services.communities import set_teacher_cap
from communities.services.journal import write_reflection
from communities.services.meetings import assign_session_roles, record_attendance, write_minutes
from communities.services.membership import accept_invitation, invite_teacher, leave_community
from communities.services.practices import share_practice
from communities.services.proposals import propose, vote_on_proposal
from tests.conftest import held, join, more_teachers, schedule
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- A teacher who left ------------------------------------------------------------------------


@pytest.fixture
def former(cas, teacher):
    """`teacher` joined the CAS and then left it."""
    leave_community(actor=teacher, community=cas)
    return teacher


def test_a_teacher_who_left_has_no_role_and_is_no_member(cas, former):
    assert access.role_in(cas, former) is None
    assert not access.is_member(cas, former)
    assert former not in cas.members()
    assert former.pk not in cas.member_ids()
    assert not Community.objects.with_member(former).filter(pk=cas.pk).exists()
    assert not Community.objects.with_teacher(former).filter(pk=cas.pk).exists()


def test_a_teacher_who_left_no_longer_views_proposes_or_votes(client, cas, former):
    proposal = propose(actor=cas.director, community=cas, text="Cerramos cada sesión con un acuerdo.")
    with pytest.raises(PermissionDenied):
        propose(actor=former, community=cas, text="Una propuesta de quien ya se fue.")
    with pytest.raises(PermissionDenied):
        vote_on_proposal(actor=former, proposal=proposal, choice=ProposalVote.Choice.AGREE)
    assert not proposal.votes.filter(voter=former).exists()
    assert Proposal.objects.filter(community=cas).count() == 1
    client.force_login(former)
    assert client.get(reverse("communities:detail", args=[cas.pk])).status_code == 403  # still staff of the school
    assert client.get(reverse("communities:proposals", args=[cas.pk])).status_code == 403


def test_a_teacher_who_left_no_longer_reads_what_the_cas_shares(client, cas, teacher, school):
    peer = more_teachers(school, 1)[0]
    join(cas, peer)
    shared = write_reflection(actor=peer, community=cas, title="Para la CAS", body="Texto", visibility="community")
    mine = write_reflection(actor=teacher, community=cas, title="Mía", body="Texto", visibility="private")
    assert set(access.visible_reflections(teacher)) == {shared, mine}
    leave_community(actor=teacher, community=cas)
    former = teacher
    assert list(access.visible_reflections(former)) == [mine]
    client.force_login(former)
    assert client.get(reverse("communities:reflection", args=[shared.pk])).status_code == 404
    assert "Para la CAS" not in client.get(reverse("communities:journal")).content.decode()


def test_the_cap_counts_only_the_teachers_in_the_cas_now(cas, former, colleague, admin_user):
    set_teacher_cap(actor=admin_user, community=cas, cap=1)
    invitation = invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    accept_invitation(actor=colleague, invitation=invitation)  # the seat the former member left is free
    assert cas.current_teacher_count() == 1
    with pytest.raises(ValidationError, match="ya tiene a sus 1 docentes"):
        invite_teacher(actor=cas.director, community=cas, teacher=former)


# --- Roles, one by one -------------------------------------------------------------------------


def test_each_person_gets_their_role(cas, teacher, colleague, outsider, admin_user):
    assert access.role_in(cas, cas.director) is Role.DIRECTOR
    assert access.role_in(cas, cas.tutor) is Role.TUTOR
    assert access.role_in(cas, teacher) is Role.TEACHER
    assert access.role_in(cas, admin_user) is Role.ADMIN
    assert access.role_in(cas, colleague) is None
    assert access.role_in(cas, outsider) is None


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("director", {Need.VIEW, Need.PARTICIPATE, Need.LEAD, Need.MANAGE}),
        ("tutor", {Need.VIEW, Need.PARTICIPATE, Need.LEAD, Need.REVIEW}),
        ("teacher", {Need.VIEW, Need.PARTICIPATE, Need.LEAVE}),
        ("admin_user", {Need.VIEW}),
        ("colleague", set()),
        ("outsider", set()),
    ],
)
def test_what_each_role_may_do_with_the_community(request, cas, role, allowed):
    person = request.getfixturevalue(role)
    granted = {need for need in access.BY_ROLE if access.allows(person, cas, need)}
    assert granted == allowed


def test_an_inactive_account_has_no_role(cas, teacher):
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    assert access.role_in(cas, teacher) is None


# --- Who records a session ---------------------------------------------------------------------


def test_only_the_relator_among_the_session_roles_records(cas, teacher, school):
    moderator, timekeeper = more_teachers(school, 2)
    for person in (moderator, timekeeper):
        join(cas, person)
    meeting = schedule(cas, days=1)
    assign_session_roles(
        actor=cas.director,
        meeting=meeting,
        people={
            SessionRole.Kind.MODERATION: moderator,
            SessionRole.Kind.MINUTES: teacher,
            SessionRole.Kind.TIMEKEEPING: timekeeper,
        },
    )
    held(meeting)
    for person in (moderator, timekeeper):
        assert not access.allows(person, meeting, Need.RECORD)
        with pytest.raises(PermissionDenied):
            write_minutes(actor=person, meeting=meeting, text="Acta de quien no es relator")
        with pytest.raises(PermissionDenied):
            record_attendance(actor=person, meeting=meeting, statuses={teacher.pk: "present"})
    meeting.refresh_from_db()
    assert meeting.minutes == ""
    assert not meeting.attendance.exists()
    write_minutes(actor=teacher, meeting=meeting, text="Acta de la relatora")
    assert access.allows(cas.tutor, meeting, Need.RECORD)


def test_a_relator_who_left_no_longer_records(cas, teacher):
    meeting = schedule(cas, days=1)
    assign_session_roles(actor=cas.director, meeting=meeting, people={SessionRole.Kind.MINUTES: teacher})
    held(meeting)
    leave_community(actor=teacher, community=cas)
    assert not access.allows(teacher, meeting, Need.RECORD)


# --- The bank of practices ---------------------------------------------------------------------


def test_someone_who_works_at_no_school_sees_no_practice(cas, teacher, school, skills):
    for scope in (Scope.COMMUNITY, Scope.SCHOOL, Scope.ALL_SCHOOLS):
        share_practice(
            actor=teacher,
            school=school,
            scope=scope,
            kind=Practice.Kind.PRACTICE,
            title=f"Práctica {scope}",
            summary="Resumen",
            level="basica",
            steps="Pasos",
        )
    nobody = UserFactory(email="sin-escuela@cas.test")
    assert not access.visible_practices(nobody).exists()
    assert access.visible_practices(teacher).count() == 3


# --- Journal entries ---------------------------------------------------------------------------


def test_only_the_author_edits_an_entry_that_others_read(cas, teacher):
    entry = write_reflection(actor=teacher, community=cas, title="T", body="B", visibility=Visibility.COMMUNITY)
    assert access.allows(teacher, entry, Need.EDIT)
    for reader in (cas.director, cas.tutor):
        assert access.allows(reader, entry, Need.VIEW)
        assert not access.allows(reader, entry, Need.EDIT)


# --- The outbox's lease ------------------------------------------------------------------------


def test_a_claim_left_by_a_crashed_worker_is_taken_over_after_the_lease():
    stale = timezone.now() - send_lease() - timedelta(seconds=1)
    email = OutgoingEmail.objects.create(to="ana@escuela.test", subject="Aviso", body="Hola", claimed_at=stale)
    assert OutgoingEmail.objects.claimable().filter(pk=email.pk).exists()
    assert deliver_email(email_id=email.pk) is True
    assert [m.subject for m in mail.outbox] == ["Aviso"]


def test_a_claim_within_the_lease_is_left_alone():
    recent = timezone.now() - send_lease() + timedelta(minutes=1)
    email = OutgoingEmail.objects.create(to="ana@escuela.test", subject="Aviso", body="Hola", claimed_at=recent)
    assert deliver_email(email_id=email.pk) is False
    assert mail.outbox == []


# --- A refusal says why ------------------------------------------------------------------------
# The 403 page shows the reason access.py gives, in the reader's language; a
# refusal without its reason leaves a person with no way forward.


def _refusal(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 403
    return response.content.decode()


def test_a_teacher_is_told_the_overview_is_for_platform_administrators(client, teacher):
    html = _refusal(client, teacher, reverse("communities:staff_overview"))
    assert "Solo la administración de la plataforma puede ver esta página." in html


def test_a_person_outside_every_cas_is_told_when_the_journal_opens(client, colleague):
    html = _refusal(client, colleague, reverse("communities:reflection_create"))
    assert "Podrás escribir en la bitácora cuando formes parte de una CAS." in html


def test_an_administrator_is_told_practices_are_shared_by_school_staff(client, admin_user):
    html = _refusal(client, admin_user, reverse("communities:practice_create"))
    assert "Las prácticas las comparte el personal de una escuela." in html


def test_a_member_without_the_role_is_told_who_may(client, cas, teacher):
    client.force_login(teacher)
    response = client.post(reverse("communities:invitations", args=[cas.pk]), {"teacher": "x@y.test"})
    assert response.status_code == 403
    assert "Solo la dirección de esta CAS puede hacer esto." in response.content.decode()


def test_a_teacher_is_told_only_the_director_forms_the_cas(client, school, teacher):
    html = _refusal(client, teacher, reverse("communities:create", args=[school.pk]))
    assert "Solo la dirección de la escuela puede conformar su CAS." in html


def test_the_journal_form_costs_the_same_queries_for_two_cas_or_four(client, school, director, tutor):
    """A tutor guiding several schools writes about all of them: the list of
    their CAS is read with its schools in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from communities.services.communities import create_community
    from tests.factories import SchoolFactory, StaffMembershipFactory

    def guide_another_school():
        another = SchoolFactory()
        head = UserFactory()
        StaffMembershipFactory(user=head, school=another, role="director")
        StaffMembershipFactory(user=tutor, school=another, role="tutor")
        create_community(actor=head, school=another, school_year="2026-2027", tutor=tutor)

    create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    guide_another_school()
    client.force_login(tutor)
    url = reverse("communities:reflection_create")
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    guide_another_school()
    guide_another_school()
    with CaptureQueriesContext(connection) as four:
        html = client.get(url).content.decode()
    assert len(four.captured_queries) == len(two.captured_queries)
    assert html.count("CAS 2026-2027 ·") == 4


# --- What the mutation check of access.py found untested ----------------------------------------


def _practice(author, school, scope=Scope.SCHOOL, **extra):
    return share_practice(
        actor=author,
        school=school,
        scope=scope,
        kind=Practice.Kind.PRACTICE,
        title=extra.pop("title", "La pausa activa"),
        summary="Resumen",
        level="basica",
        steps="Pasos",
        **extra,
    )


def test_an_author_keeps_their_practices_after_moving_to_another_school(cas, teacher, school):
    practice = _practice(teacher, school)
    teacher.staff_memberships.all().delete()
    leave_community(actor=teacher, community=cas)
    assert list(access.visible_practices(teacher)) == [practice]


def test_a_platform_administrator_who_writes_keeps_their_private_entries(cas, teacher):
    entry = write_reflection(actor=teacher, community=cas, title="Solo mía", body="B", visibility=Visibility.PRIVATE)
    teacher.is_staff = True
    teacher.save(update_fields=["is_staff"])
    assert entry in access.visible_reflections(teacher)


@pytest.mark.parametrize(
    "need", [Need.RECORD, Need.UPDATE, Need.COMPLETE, Need.ANSWER, Need.FORM, Need.MANAGE, Need.LEAD]
)
def test_a_need_that_means_nothing_for_an_entry_is_refused_even_to_its_author(cas, teacher, need):
    entry = write_reflection(actor=teacher, community=cas, title="T", body="B", visibility=Visibility.COMMUNITY)
    assert not access.allows(teacher, entry, need)


def test_a_practice_not_shared_with_someone_says_so(cas, teacher, school, other_school, outsider):
    from communities.services.practices import mark_practice_used

    practice = _practice(teacher, school)
    with translation.override("es-mx"), pytest.raises(PermissionDenied) as refusal:
        mark_practice_used(actor=outsider, practice=practice)
    assert str(refusal.value) == "Esta práctica no está compartida contigo."


def test_the_author_is_offered_to_edit_their_practice_and_a_colleague_is_told_why_not(
    client, cas, teacher, school, colleague
):
    practice = _practice(teacher, school)
    edit = reverse("communities:practice_edit", args=[practice.pk])
    client.force_login(teacher)
    assert f'href="{edit}"' in client.get(reverse("communities:practice", args=[practice.pk])).content.decode()
    client.force_login(colleague)
    assert f'href="{edit}"' not in client.get(reverse("communities:practice", args=[practice.pk])).content.decode()
    response = client.get(edit)
    assert response.status_code == 403
    assert "Solo quien lo escribió puede cambiarlo." in response.content.decode()


def test_an_administrator_reading_a_shared_entry_is_told_they_cannot_comment(client, cas, teacher, admin_user):
    entry = write_reflection(actor=teacher, community=cas, title="T", body="B", visibility=Visibility.COMMUNITY)
    client.force_login(admin_user)
    response = client.post(reverse("communities:reflection", args=[entry.pk]), {"body": "Hola"})
    assert response.status_code == 403
    assert "No puedes comentar esta entrada." in response.content.decode()


def test_a_teacher_without_a_session_role_is_told_who_records(client, cas, teacher):
    meeting = held(schedule(cas))
    client.force_login(teacher)
    response = client.post(reverse("communities:minutes", args=[cas.pk, meeting.pk]), {"minutes": "Acta"})
    assert response.status_code == 403
    assert "La relatoría, la dirección o el tutor registran lo que pasó en la sesión." in response.content.decode()


def test_only_platform_administrators_get_the_administration_links(client, teacher, admin_user):
    overview = reverse("communities:staff_overview")
    client.force_login(teacher)
    assert f'href="{overview}"' not in client.get(reverse("communities:journal")).content.decode()
    client.force_login(admin_user)
    assert f'href="{overview}"' in client.get(reverse("communities:journal")).content.decode()
    assert access.platform_permissions(admin_user).administer is True
    assert access.platform_permissions(teacher).administer is False


def test_the_journal_entry_page_reads_its_relations_in_a_fixed_number_of_queries(client, cas, teacher, catalogue):
    """Every relation the entry page shows is read with the entry: a meeting, a
    goal and a prompt cost no query of their own, nor does each skill's dimension."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from communities.models import ReflectionPrompt, Skill, TeachingDimension
    from communities.services.goals import set_goal

    tags = {
        "dimensions": list(TeachingDimension.objects.all()[:2]),
        "skills": [Skill.objects.filter(dimension=d).first() for d in {s.dimension for s in Skill.objects.all()}][:3],
    }
    client.force_login(teacher)

    def queries(entry) -> int:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse("communities:reflection", args=[entry.pk])).content.decode()
        assert entry.title in html
        return len(captured.captured_queries)

    plain = write_reflection(actor=teacher, community=cas, title="Sin nada", body="B", visibility="community", **tags)
    meeting = held(schedule(cas))
    goal = set_goal(
        actor=cas.director,
        community=cas,
        statement="Menos reportes por conflicto",
        skill=tags["skills"][0],
        indicator="Reportes",
        unit="reportes",
        baseline=10,
        target=5,
        due_date=timezone.localdate() + timedelta(days=60),
        owner=teacher,
    )
    full = write_reflection(
        actor=teacher,
        community=cas,
        title="Con todo",
        body="B",
        visibility="community",
        meeting=meeting,
        goal=goal,
        prompt=ReflectionPrompt.objects.first(),
        **tags,
    )
    assert queries(full) == queries(plain)
    # Session, user, the entry with its author, school, prompt, meeting and goal,
    # its dimensions, its skills, their dimensions, its work space, the unread
    # notices, its comments.
    assert queries(plain) == 9


def test_a_practice_page_reads_its_author_school_and_skills_with_it(client, cas, teacher, school, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from communities.models import Skill

    practice = _practice(teacher, school, skills=list(Skill.objects.all()[:3]))
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(reverse("communities:practice", args=[practice.pk])).content.decode()
    assert teacher.full_name in html and school.name in html
    assert len(captured.captured_queries) == 10


# --- Deny by default ------------------------------------------------------------------------------


def test_a_need_that_means_nothing_for_an_object_is_refused_even_to_the_person_with_most_rights(cas, teacher, school):
    from communities.services.meetings import add_agreement

    meeting = held(schedule(cas))
    agreement = add_agreement(
        actor=cas.director, meeting=meeting, text="Traer la rúbrica", owner=teacher, due_date=timezone.localdate()
    )
    practice = _practice(teacher, school)
    for need in (Need.ANSWER, Need.EDIT, Need.COMMENT, Need.RECORD, Need.UPDATE):
        assert not access.allows(cas.director, cas, need)
    assert not access.allows(teacher, practice, Need.RECORD)
    assert not access.allows(cas.director, school, Need.RECORD)
    assert not access.allows(teacher, agreement, Need.ANSWER)


def test_what_is_not_the_object_own_business_is_the_community_s(cas, teacher, outsider):
    from communities.services.meetings import add_agreement

    meeting = held(schedule(cas))
    agreement = add_agreement(
        actor=cas.director, meeting=meeting, text="Traer la rúbrica", owner=teacher, due_date=timezone.localdate()
    )
    milestone = cas.milestones.first()
    for target in (agreement, milestone):
        assert access.allows(teacher, target, Need.VIEW)
        assert access.allows(cas.director, target, Need.MANAGE)
        assert not access.allows(teacher, target, Need.MANAGE)
        assert not access.allows(outsider, target, Need.VIEW)


def test_an_object_without_rules_is_a_programming_error_that_names_it(teacher):
    from communities.models import Strategy

    with pytest.raises(TypeError, match="No rule for Strategy"):
        access.allows(teacher, Strategy(title="x"), Need.VIEW)


# --- What a page offers is what access allows ------------------------------------------------------


def test_the_author_is_offered_to_edit_their_entry_and_a_member_to_comment(client, cas, teacher):
    entry = write_reflection(actor=teacher, community=cas, title="T", body="B", visibility=Visibility.COMMUNITY)
    url = reverse("communities:reflection", args=[entry.pk])
    edit = reverse("communities:reflection_edit", args=[entry.pk])
    client.force_login(teacher)
    html = client.get(url).content.decode()
    assert f'href="{edit}"' in html and 'name="body"' in html
    client.force_login(cas.director)
    html = client.get(url).content.decode()
    assert f'href="{edit}"' not in html and 'name="body"' in html


def test_the_owner_of_an_agreement_is_offered_to_update_it_on_the_board(client, cas, teacher, colleague, school):
    from communities.services.meetings import add_agreement

    meeting = held(schedule(cas))
    agreement = add_agreement(
        actor=cas.director, meeting=meeting, text="Traer la rúbrica", owner=teacher, due_date=timezone.localdate()
    )
    status_url = reverse("communities:agreement_status", args=[cas.pk, agreement.pk])
    client.force_login(teacher)
    assert status_url in client.get(reverse("communities:agreements", args=[cas.pk])).content.decode()
    other = more_teachers(school, 1)[0]
    join(cas, other)
    client.force_login(other)
    assert status_url not in client.get(reverse("communities:agreements", args=[cas.pk])).content.decode()


def test_an_import_allows_only_reading_it(school, director):
    from communities.models import ImportRun

    run = ImportRun.objects.create(
        kind=ImportRun.Kind.STAFF, school=school, uploaded_by=director, original_name="p.csv"
    )
    assert access.allows(director, run, Need.VIEW)
    for need in (Need.EDIT, Need.STAFF, Need.MANAGE):
        assert not access.allows(director, run, need)


def test_the_tutor_of_a_school_s_cas_sees_its_diagnostic_without_working_there(cas, tutor, school, outsider):
    tutor.staff_memberships.filter(school=school).delete()
    assert not access.works_at(tutor, school.pk)
    assert access.allows(tutor, school, Need.SEE_DIAGNOSTIC)
    assert access.allows(tutor, school, Need.DIAGNOSE)
    assert not access.allows(outsider, school, Need.SEE_DIAGNOSTIC)

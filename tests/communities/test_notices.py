"""Notices (avisos) for what waits on each person: the services leave them for
the right people, once; they stop waiting when the thing is done; the overdue
job is safe to run twice; the navigation shows the unread count; a notice opens
only for its recipient and is read once opened."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities import context_processors, tasks
from communities.models import Notification, ProposalVote, User
from communities.services import meetings, notices
from communities.services.journal import comment_on_reflection, write_reflection
from communities.services.membership import (
    accept_invitation,
    decline_invitation,
    expire_invitations,
    invite_teacher,
    revoke_invitation,
)
from communities.services.phases import approve_phase_change, request_phase_change, return_phase_change
from communities.services.proposals import propose, vote_on_proposal
from tests.conftest import complete_phase, held, join, more_teachers, schedule

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def unread(person: User, kind: str | None = None) -> list[Notification]:
    found = Notification.objects.filter(recipient=person, read_at__isnull=True)
    return list(found.filter(kind=kind) if kind else found)


def kinds_of(person: User) -> list[str]:
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


@pytest.fixture
def big_cas(cas, school):
    """The CAS with four more teachers: seven members, so a vote or an approval
    does not settle things at once."""
    for person in more_teachers(school, 4):
        join(cas, person)
    return cas


# --- Invitations ---------------------------------------------------------------------------


def test_an_invitation_tells_the_invitee_once(cas, colleague, director):
    invitation = invite_teacher(actor=director, community=cas, teacher=colleague)
    [notice] = unread(colleague)
    assert notice.kind == Kind.INVITATION
    assert notice.url == reverse("communities:invitation_detail", args=[invitation.pk])
    assert director.full_name in notice.message and cas.school.name in notice.message
    notices.invitation_sent(invitation=invitation)  # leaving it again changes nothing
    assert Notification.objects.filter(recipient=colleague).count() == 1
    assert unread(director) == []


@pytest.mark.parametrize("answer", ["accept", "decline", "revoke"])
def test_an_answered_or_withdrawn_invitation_no_longer_waits(cas, colleague, director, answer):
    invitation = invite_teacher(actor=director, community=cas, teacher=colleague)
    if answer == "accept":
        accept_invitation(actor=colleague, invitation=invitation)
    elif answer == "decline":
        decline_invitation(actor=colleague, invitation=invitation)
    else:
        revoke_invitation(actor=director, invitation=invitation)
    assert unread(colleague) == []
    assert kinds_of(colleague) == [Kind.INVITATION]  # kept, read


def test_an_expired_invitation_no_longer_waits_and_a_new_one_is_told(cas, colleague, director):
    first = invite_teacher(actor=director, community=cas, teacher=colleague)
    assert expire_invitations(now=first.expires_at + timedelta(minutes=1)) == 1
    assert unread(colleague) == []
    second = invite_teacher(actor=director, community=cas, teacher=colleague)
    [notice] = unread(colleague)
    assert notice.key == f"invitation:{second.pk}"


# --- Proposals -----------------------------------------------------------------------------


def test_a_proposal_waits_on_every_member_who_has_not_voted(big_cas, teacher, director, tutor):
    proposal = propose(actor=teacher, community=big_cas, text="Cerramos cada sesión con un acuerdo.")
    waiting = set(Notification.objects.filter(kind=Kind.PROPOSAL).values_list("recipient", flat=True))
    others = set(big_cas.members().values_list("pk", flat=True)) - {teacher.pk}
    assert waiting == others  # the director and the tutor vote too; the proposer agreed by proposing
    assert teacher.full_name in unread(director)[0].message

    vote_on_proposal(actor=director, proposal=proposal, choice=ProposalVote.Choice.AGREE)
    assert unread(director) == []
    assert len(unread(tutor, Kind.PROPOSAL)) == 1

    for voter in big_cas.members().exclude(pk__in=[teacher.pk, director.pk])[:2]:
        vote_on_proposal(actor=voter, proposal=proposal, choice=ProposalVote.Choice.AGREE)
    proposal.refresh_from_db()
    assert not proposal.is_open  # four of seven: adopted
    assert Notification.objects.filter(kind=Kind.PROPOSAL, read_at__isnull=True).count() == 0


# --- Minutes and agreements ------------------------------------------------------------------


def test_minutes_wait_on_the_other_members_until_a_majority_approves(big_cas, director, tutor, teacher):
    meeting = held(schedule(big_cas), days_ago=2)
    meetings.write_minutes(actor=director, meeting=meeting, text="Acordamos la pausa de tres respiraciones.")
    waiting = {n.recipient for n in Notification.objects.filter(kind=Kind.MINUTES, read_at__isnull=True)}
    assert waiting == set(big_cas.members()) - {director}  # the writer is not told of their own minutes
    [notice] = unread(teacher)
    assert notice.url == reverse("communities:meeting", args=[big_cas.pk, meeting.pk]) + "#minutes"

    meetings.approve_minutes(actor=teacher, meeting=meeting)
    assert unread(teacher) == [] and len(unread(tutor)) == 1

    # A new text drops the approvals: it waits on everyone again, as new.
    meetings.write_minutes(actor=director, meeting=meeting, text="Acta corregida: la pausa, en 2°B y 3°A.")
    assert len(unread(teacher, Kind.MINUTES)) == 1
    assert Notification.objects.filter(recipient=teacher, kind=Kind.MINUTES).count() == 1

    for person in [teacher, tutor, *big_cas.members().exclude(pk__in=[teacher.pk, tutor.pk, director.pk])[:2]]:
        meetings.approve_minutes(actor=person, meeting=meeting)  # four of seven approve: approved
    assert Notification.objects.filter(kind=Kind.MINUTES, read_at__isnull=True).count() == 0


def test_the_owner_of_a_new_agreement_is_told(cas, director, teacher):
    meeting = held(schedule(cas), days_ago=2)
    agreement = meetings.add_agreement(
        actor=director, meeting=meeting, text="Traer la rúbrica.", owner=teacher, due_date=timezone.localdate()
    )
    [notice] = unread(teacher)
    assert notice.kind == Kind.AGREEMENT_ASSIGNED
    assert "Traer la rúbrica" in notice.message and director.full_name in notice.message
    assert notice.url == reverse("communities:agreements", args=[cas.pk]) + "#mine"

    meetings.add_agreement(
        actor=director, meeting=meeting, text="Convocar al consejo.", owner=director, due_date=timezone.localdate()
    )
    assert unread(director, Kind.AGREEMENT_ASSIGNED) == []  # recorded for themselves

    meetings.set_agreement_status(actor=teacher, agreement=agreement, status="done")
    assert unread(teacher) == []


# --- Overdue agreements: the daily job ----------------------------------------------------------


@pytest.fixture
def overdue(cas, director, teacher):
    meeting = held(schedule(cas), days_ago=10)
    return meetings.add_agreement(
        actor=director,
        meeting=meeting,
        text="Entregar las evidencias.",
        owner=teacher,
        due_date=timezone.localdate() - timedelta(days=2),
    )


def test_an_overdue_agreement_is_told_to_its_owner_and_the_director_once(overdue, director, tutor, teacher):
    assert tasks.notify_overdue_agreements() == 1
    assert tasks.notify_overdue_agreements() == 0  # the second run changes nothing
    assert notices.notify_overdue_agreements() == 0
    told = Notification.objects.filter(kind=Kind.AGREEMENT_OVERDUE)
    assert sorted(n.recipient.email for n in told) == sorted([teacher.email, director.email])
    assert unread(tutor) == []
    [mine] = unread(teacher)  # the overdue notice replaces the one that assigned it
    assert mine.kind == Kind.AGREEMENT_OVERDUE and mine.url.endswith("#mine")
    [directors] = unread(director, Kind.AGREEMENT_OVERDUE)
    assert teacher.full_name in directors.message and directors.url.endswith("#all")


def test_a_closed_or_not_yet_due_agreement_is_not_overdue(overdue, cas, director, teacher):
    meetings.set_agreement_status(actor=teacher, agreement=overdue, status="done")
    meeting = held(schedule(cas), days_ago=1)
    meetings.add_agreement(
        actor=director, meeting=meeting, text="Más tarde.", owner=teacher, due_date=timezone.localdate()
    )
    assert tasks.notify_overdue_agreements() == 0
    assert not Notification.objects.filter(kind=Kind.AGREEMENT_OVERDUE).exists()


def test_closing_an_overdue_agreement_clears_its_notices(overdue, director, teacher):
    tasks.notify_overdue_agreements()
    meetings.set_agreement_status(actor=director, agreement=overdue, status="cancelled")
    assert unread(teacher) == [] and unread(director) == []


def test_the_overdue_job_is_on_the_beat_schedule(settings):
    tasks_scheduled = {entry["task"] for entry in settings.BEAT_DEFAULTS.values()}
    assert "communities.tasks.notify_overdue_agreements" in tasks_scheduled


# --- The phase change ----------------------------------------------------------------------


@pytest.mark.parametrize("review", [approve_phase_change, return_phase_change])
def test_a_phase_change_request_waits_on_the_tutor_until_reviewed(cas, director, tutor, teacher, review):
    complete_phase(cas)
    request = request_phase_change(actor=director, community=cas, comment="Listos.")
    [notice] = unread(tutor, Kind.PHASE_REVIEW)
    assert notice.url == reverse("communities:phase_review", args=[cas.pk])
    assert director.full_name in notice.message
    assert unread(director, Kind.PHASE_REVIEW) == [] and unread(teacher, Kind.PHASE_REVIEW) == []
    review(actor=tutor, review=request, comment="Bien.")
    assert unread(tutor, Kind.PHASE_REVIEW) == []


def test_a_returned_request_waits_on_the_director_until_asked_again(cas, director, tutor, teacher):
    complete_phase(cas)
    request = request_phase_change(actor=director, community=cas, comment="Listos.")
    return_phase_change(actor=tutor, review=request, comment="Falta la evidencia de la sesión 2.")
    [notice] = unread(director, Kind.PHASE_RETURNED)
    assert tutor.full_name in notice.message and "Falta la evidencia de la sesión 2" in notice.message
    assert unread(teacher, Kind.PHASE_RETURNED) == [] and unread(tutor, Kind.PHASE_RETURNED) == []
    request_phase_change(actor=director, community=cas, comment="Ya está la evidencia.")
    assert unread(director, Kind.PHASE_RETURNED) == []


# --- Comments ------------------------------------------------------------------------------


def test_a_comment_tells_the_author_and_not_the_commenter(cas, teacher, director):
    entry = write_reflection(actor=teacher, community=cas, title="La pausa", body="Funcionó.", visibility="community")
    comment = comment_on_reflection(actor=director, reflection=entry, body="¡Qué bien!")
    [notice] = unread(teacher)
    assert (notice.kind, notice.key) == (Kind.COMMENT, f"comment:{comment.pk}")
    assert notice.url.endswith(f"#comment-{comment.pk}")
    comment_on_reflection(actor=teacher, reflection=entry, body="Gracias.")
    assert len(unread(teacher)) == 1 and unread(director) == []


def test_notify_all_leaves_each_notice_once(teacher, director):
    for _ in range(2):
        notices.notify_all(
            recipients=[teacher, teacher, director], kind=Kind.OTHER, key="other:1", message="Hola", url="/"
        )
    assert Notification.objects.count() == 2


# --- Pages: the count in the navigation, opening a notice, marking all read ---------------------------


@pytest.fixture
def waiting(cas, colleague, director):
    """Three unread notices for the colleague and one read."""
    for n in range(4):
        notices.notify(recipient=colleague, kind=Kind.OTHER, key=f"other:{n}", message=f"Aviso {n}", url="/journal/")
    notices.resolve(keys=["other:0"])
    return colleague


def test_the_navigation_shows_the_unread_count_on_every_page(client, waiting):
    client.force_login(waiting)
    for name in ("communities:home", "communities:journal", "communities:calendar"):
        html = client.get(reverse(name)).content.decode()
        assert '<span class="badge rounded-pill text-bg-light">3<span class="visually-hidden">' in html
    notices.mark_all_read(actor=waiting)
    assert "badge rounded-pill text-bg-light" not in client.get(reverse("communities:home")).content.decode()


def test_the_count_asks_nothing_for_anonymous_visitors(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert context_processors.notices(request) == {"unread_notices": 0}


def test_the_count_is_one_query_asked_once(waiting, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = waiting
    count = context_processors.notices(request)["unread_notices"]
    with django_assert_num_queries(1):
        assert count() == 3
        assert count() == 3


def test_opening_a_notice_marks_it_read_and_leads_to_its_thing(client, cas, colleague, director):
    invitation = invite_teacher(actor=director, community=cas, teacher=colleague)
    [notice] = unread(colleague)
    client.force_login(colleague)
    response = client.get(reverse("communities:notification_open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:invitation_detail", args=[invitation.pk])
    assert unread(colleague) == []
    assert client.get(reverse("communities:notification_open", args=[notice.pk])).status_code == 302  # again: fine


def test_someone_elses_notice_does_not_exist(client, waiting, director, outsider):
    notice = unread(waiting)[0]
    url = reverse("communities:notification_open", args=[notice.pk])
    for person in (director, outsider):
        client.force_login(person)
        assert client.get(url).status_code == 404
    notice.refresh_from_db()
    assert notice.is_unread  # nobody else's visit reads it
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_notice_opens_only_on_this_site(client, colleague):
    notices.notify(recipient=colleague, kind=Kind.OTHER, key="other:x", message="Fuera", url="https://example.org/")
    client.force_login(colleague)
    notice = Notification.objects.get(key="other:x")
    response = client.get(reverse("communities:notification_open", args=[notice.pk]))
    assert response["Location"] == reverse("communities:notifications")


def test_the_list_shows_unread_first_and_marks_all_read_on_request(client, waiting):
    client.force_login(waiting)
    url = reverse("communities:notifications")
    html = client.get(url).content.decode()
    assert "Marcar todo como leído" in html or "Mark all as read" in html
    assert html.index("Aviso 3") < html.index("Aviso 0")  # the read one last
    assert len(unread(waiting)) == 3  # looking at the list reads nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert unread(waiting) == []
    html = client.get(url).content.decode()
    assert "Aviso 3" in html and "Mark all as read" not in html and "Marcar todo como leído" not in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (
        client.get(reverse("communities:notifications")),
        client.post(reverse("communities:notifications")),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Query counts ----------------------------------------------------------------------------


def _queries(client, url) -> int:
    cache.clear()  # the home's sections are cached: compare the cold pages
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code in (200, 302)
    return len(captured)


def test_the_notice_pages_take_a_fixed_number_of_queries(client, colleague, django_assert_max_num_queries):
    client.force_login(colleague)
    notices.notify(recipient=colleague, kind=Kind.OTHER, key="other:first", message="Primero", url="/journal/")
    few = {name: _queries(client, reverse(name)) for name in ("communities:notifications", "communities:home")}
    for n in range(30):
        notices.notify(recipient=colleague, kind=Kind.OTHER, key=f"other:{n}", message=f"Aviso {n}", url="/journal/")
    many = {name: _queries(client, reverse(name)) for name in ("communities:notifications", "communities:home")}
    assert few == many
    # The session, the person, the notices and the count in the navigation.
    with django_assert_max_num_queries(4):
        client.get(reverse("communities:notifications"))
    notice = Notification.objects.filter(recipient=colleague).first()
    with django_assert_max_num_queries(4):  # the session, the person, the notice, marking it read
        client.get(reverse("communities:notification_open", args=[notice.pk]))


def test_the_count_in_the_navigation_costs_one_query_whatever_the_count(client, colleague):
    client.force_login(colleague)
    url = reverse("communities:calendar")
    _queries(client, url)  # the first visit makes the person's calendar address
    none = _queries(client, url)
    for n in range(12):
        notices.notify(recipient=colleague, kind=Kind.OTHER, key=f"other:{n}", message="Aviso", url="/")
    assert _queries(client, url) == none


# --- The home page: what waits on the director and the tutor ----------------------------------


def test_the_director_and_the_tutor_see_what_waits_on_them(client, overdue, cas, director, tutor, teacher):
    complete_phase(cas)
    request_phase_change(actor=director, community=cas, comment="Listos.")
    tasks.notify_overdue_agreements()
    client.force_login(director)
    html = client.get(reverse("communities:home")).content.decode()
    [notice] = unread(director, Kind.AGREEMENT_OVERDUE)
    assert reverse("communities:notification_open", args=[notice.pk]) in html
    client.force_login(tutor)
    html = client.get(reverse("communities:home")).content.decode()
    [notice] = unread(tutor, Kind.PHASE_REVIEW)
    assert reverse("communities:notification_open", args=[notice.pk]) in html


def test_the_home_page_does_not_list_an_invitation_twice(client, cas, colleague, director):
    invite_teacher(actor=director, community=cas, teacher=colleague)
    client.force_login(colleague)
    html = client.get(reverse("communities:home")).content.decode()
    [notice] = unread(colleague)
    assert reverse("communities:notification_open", args=[notice.pk]) not in html  # listed with its button instead
    assert reverse("communities:invitation_detail", args=[notice.key.split(":")[1]]) in html


# --- The demo ------------------------------------------------------------------------------


def test_every_demo_account_with_something_waiting_has_its_notices():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # seeding again leaves no notice twice
    keys = list(Notification.objects.exclude(key=None).values_list("recipient", "key"))
    assert len(keys) == len(set(keys))

    def waiting_kinds(email):
        return {n.kind for n in unread(User.objects.get(email=email))}

    assert {Kind.AGREEMENT_OVERDUE, Kind.MINUTES, Kind.PROPOSAL} <= waiting_kinds("director@escuela-a.demo")
    assert Kind.MINUTES in waiting_kinds("tutor@escuela-a.demo")
    assert Kind.INVITATION in waiting_kinds("docente3@escuela-b.demo")


@pytest.mark.parametrize("language", ["es-mx", "en"])
def test_a_fan_outs_email_is_the_one_its_templates_would_write(teacher, language):
    """A fan-out fills its e-mails from one rendering per kind and language:
    each is the same, byte for byte, as the templates render it for the person,
    markup in a name or a message escaped in the HTML part and kept as typed in
    the text part."""
    from django.utils import translation

    from communities.services import delivery

    teacher.full_name = 'Teresa <b>"Tere"</b> & Co.'
    frames: dict = {}
    with translation.override(language):
        for message in ("Your agreement «Revisar <script>» is due.", "Otro aviso <script> & más"):
            alone = delivery._email(teacher, "agreement_due", message, "/cas/1/agreements/#mine")
            filled = delivery._email(teacher, "agreement_due", message, "/cas/1/agreements/#mine", frames=frames)
            assert filled == alone
            assert "<script>" not in filled["html_body"] and "&lt;script&gt;" in filled["html_body"]
            assert "<script>" in filled["body"]
    assert len(frames) == 1

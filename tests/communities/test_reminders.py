"""The reminders beat sends, each kind at its time and exactly once: a second
run, or a run after a crash half-way through, delivers nothing twice and
loses nothing; each person gets them the way they chose (app, e-mail at once,
daily digest, not at all), in their language, with a link to stop them."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from communities import tasks
from communities.models import (
    Channel,
    DigestItem,
    Invitation,
    NoticePreference,
    Notification,
    OutgoingEmail,
    Reminder,
    User,
)
from communities.models.journal import NoticeKind
from communities.services import delivery, reminders
from communities.services.meetings import add_agreement, reschedule_meeting
from communities.services.membership import invite_teacher
from communities.services.phases import request_phase_change
from tests.conftest import complete_integration, held, schedule
from tests.factories import StaffMembershipFactory

pytestmark = pytest.mark.django_db


def _run(now=None, kinds=None) -> dict:
    return {kind: outcome.delivered for kind, outcome in reminders.send_reminders(now=now, kinds=kinds).items()}


def _mails_to(person) -> list:
    return [message for message in mail.outbox if message.to == [person.email]]


# --- Each kind at its time, once ---------------------------------------------------------------------


def test_members_get_the_session_of_tomorrow_once(cas, teacher, django_capture_on_commit_callbacks):
    soon = schedule(cas, days=1, purpose="Planeación de la semana")
    schedule(cas, days=5, purpose="Más adelante")
    mail.outbox.clear()
    now = soon.starts_at - timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(now, {NoticeKind.MEETING_SOON}) == {NoticeKind.MEETING_SOON: 3}
        assert _run(now, {NoticeKind.MEETING_SOON}) == {NoticeKind.MEETING_SOON: 0}  # the schedule ran twice
    assert sorted(m.to[0] for m in mail.outbox) == sorted([cas.director.email, cas.tutor.email, teacher.email])
    message = _mails_to(teacher)[0]
    assert "Planeación de la semana" in message.body and message.alternatives  # text and HTML
    assert teacher.notifications.filter(kind=NoticeKind.MEETING_SOON).count() == 1


def test_the_hour_before_the_session_is_a_notice_in_the_app(cas, teacher, django_capture_on_commit_callbacks):
    meeting = schedule(cas, days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(meeting.starts_at - timedelta(hours=2), {NoticeKind.MEETING_NOW}) == {NoticeKind.MEETING_NOW: 0}
        assert _run(meeting.starts_at - timedelta(minutes=50), {NoticeKind.MEETING_NOW}) == {NoticeKind.MEETING_NOW: 3}
    assert mail.outbox == []  # by default, in the app only
    assert teacher.notifications.get(kind=NoticeKind.MEETING_NOW).url.endswith(f"/meetings/{meeting.pk}/")


def test_a_rescheduled_session_is_reminded_of_again(cas, teacher):
    meeting = schedule(cas, days=1)
    _run(meeting.starts_at - timedelta(hours=2), {NoticeKind.MEETING_SOON})
    new_start = meeting.starts_at + timedelta(days=3)
    reschedule_meeting(
        actor=cas.director,
        meeting=meeting,
        purpose=meeting.purpose,
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
        place="Aula",
    )
    assert _run(new_start - timedelta(hours=3), {NoticeKind.MEETING_SOON}) == {NoticeKind.MEETING_SOON: 3}


def test_owners_get_their_agreement_two_days_before_it_is_due(cas, teacher, django_capture_on_commit_callbacks):
    meeting = held(schedule(cas), days_ago=10)
    today = timezone.localdate()
    add_agreement(actor=cas.director, meeting=meeting, text="Pronto", owner=teacher, due_date=today + timedelta(2))
    add_agreement(actor=cas.director, meeting=meeting, text="Lejos", owner=teacher, due_date=today + timedelta(10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(kinds={NoticeKind.AGREEMENT_DUE}) == {NoticeKind.AGREEMENT_DUE: 1}
        assert _run(kinds={NoticeKind.AGREEMENT_DUE}) == {NoticeKind.AGREEMENT_DUE: 0}
    (message,) = _mails_to(teacher)
    assert "«Pronto»" in message.body


def test_a_teacher_quiet_for_a_week_is_reminded_once_and_may_turn_it_off(cas, teacher):
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert _run(kinds={NoticeKind.JOURNAL_QUIET}) == {NoticeKind.JOURNAL_QUIET: 1}
        assert _run(kinds={NoticeKind.JOURNAL_QUIET}) == {NoticeKind.JOURNAL_QUIET: 0}
        assert DigestItem.objects.filter(recipient=teacher).count() == 1  # by default, in the digest
    NoticePreference.objects.create(user=teacher, kind=NoticeKind.JOURNAL_QUIET, channel=Channel.OFF)
    Reminder.objects.filter(kind=NoticeKind.JOURNAL_QUIET).delete()
    with time_machine.travel(timezone.now() + timedelta(days=9)):
        assert _run(kinds={NoticeKind.JOURNAL_QUIET}) == {NoticeKind.JOURNAL_QUIET: 1}
    assert DigestItem.objects.filter(recipient=teacher).count() == 1  # off: nothing more


def test_the_tutor_is_reminded_of_a_phase_change_waiting_three_days(cas):
    complete_integration(cas)
    request_phase_change(actor=cas.director, community=cas, comment="Listos.")
    assert _run(kinds={NoticeKind.PHASE_WAITING}) == {NoticeKind.PHASE_WAITING: 0}
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert _run(kinds={NoticeKind.PHASE_WAITING}) == {NoticeKind.PHASE_WAITING: 1}
        assert _run(kinds={NoticeKind.PHASE_WAITING}) == {NoticeKind.PHASE_WAITING: 0}
    assert cas.tutor.notifications.filter(kind=NoticeKind.PHASE_WAITING).exists()


def test_an_invitee_is_reminded_of_an_invitation_waiting_five_days(cas, colleague):
    invite_teacher(actor=cas.director, community=cas, teacher=colleague)
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert _run(kinds={NoticeKind.INVITATION_WAITING}) == {NoticeKind.INVITATION_WAITING: 1}
        assert _run(kinds={NoticeKind.INVITATION_WAITING}) == {NoticeKind.INVITATION_WAITING: 0}
    assert Invitation.objects.get(invitee=colleague).pk


def test_every_kind_runs_from_the_beat_task(cas):
    delivered = tasks.send_reminders()
    assert set(delivered) >= {
        NoticeKind.MEETING_SOON,
        NoticeKind.MEETING_NOW,
        NoticeKind.AGREEMENT_DUE,
        NoticeKind.JOURNAL_QUIET,
        NoticeKind.PHASE_WAITING,
        NoticeKind.INVITATION_WAITING,
        "campaign_closing",
        "continuity_due",
    }


# --- Exactly once ------------------------------------------------------------------------------------


def test_a_crash_half_way_leaves_the_whole_batch_for_the_next_run(cas, teacher, django_capture_on_commit_callbacks):
    meeting = schedule(cas, days=1)
    now = meeting.starts_at - timedelta(hours=20)
    real = delivery.queue_emails

    def killed(messages):
        raise ConnectionError("the worker was killed mid-batch")

    with mock.patch.object(delivery, "queue_emails", killed), pytest.raises(ConnectionError):
        _run(now, {NoticeKind.MEETING_SOON})
    assert not Reminder.objects.filter(kind=NoticeKind.MEETING_SOON).exists()
    assert not Notification.objects.filter(kind=NoticeKind.MEETING_SOON).exists()
    assert not OutgoingEmail.objects.filter(subject__startswith="CAS:").exists()
    mail.outbox.clear()
    with mock.patch.object(delivery, "queue_emails", real), django_capture_on_commit_callbacks(execute=True):
        assert _run(now, {NoticeKind.MEETING_SOON}) == {NoticeKind.MEETING_SOON: 3}
    assert len(mail.outbox) == 3


def test_two_beats_racing_deliver_each_reminder_once(cas, teacher):
    """The other beat committed the same keys between this one's check and its
    insert: the batch fails on the unique key and is tried again without them."""
    meeting = schedule(cas, days=1)
    now = meeting.starts_at - timedelta(hours=20)
    items = list(reminders.meeting_soon(now))
    real = delivery._deliver_batch
    raced = []

    def the_other_beat_first(batch, outcome):
        if not raced:
            raced.append(True)
            real(batch, delivery.Outcome())  # the other beat's batch, committed in between
            outcome_before = outcome.delivered
            real(batch, outcome)  # ours: every key is taken now
            assert outcome.delivered == outcome_before
            return
        real(batch, outcome)

    with mock.patch.object(delivery, "_deliver_batch", the_other_beat_first):
        delivery.deliver(items)
    assert Reminder.objects.filter(kind=NoticeKind.MEETING_SOON).count() == 3
    assert Notification.objects.filter(kind=NoticeKind.MEETING_SOON).count() == 3


def test_a_batch_costs_the_same_queries_whatever_its_size(cas, django_assert_max_num_queries):
    people = [StaffMembershipFactory(school=cas.school).user for _ in range(40)]

    def items(suffix, who):
        return [
            delivery.Delivery(
                kind=NoticeKind.OTHER, recipient_id=p.pk, key=f"t:{suffix}:{p.pk}", message=lambda: "Hola", url="/"
            )
            for p in who
        ]

    with django_assert_max_num_queries(12) as few:
        delivery.deliver(items("few", people[:2]))
    with django_assert_max_num_queries(12) as many:
        delivery.deliver(items("many", people))
    assert len(many) == len(few)


# --- Channels, language and the link to stop them -------------------------------------------------------


def test_each_person_gets_it_the_way_they_chose(cas, teacher, django_capture_on_commit_callbacks):
    NoticePreference.objects.create(user=teacher, kind=NoticeKind.MEETING_SOON, channel=Channel.DIGEST)
    NoticePreference.objects.create(user=cas.tutor, kind=NoticeKind.MEETING_SOON, channel=Channel.APP)
    meeting = schedule(cas, days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _run(meeting.starts_at - timedelta(hours=20), {NoticeKind.MEETING_SOON})
    assert [m.to for m in mail.outbox] == [[cas.director.email]]
    assert DigestItem.objects.filter(recipient=teacher).count() == 1
    assert cas.tutor.notifications.filter(kind=NoticeKind.MEETING_SOON).exists()


def test_the_email_is_in_the_recipients_language_whoever_caused_it(cas, teacher, django_capture_on_commit_callbacks):
    User.objects.filter(pk=teacher.pk).update(language="en")
    meeting = schedule(cas, days=1, purpose="Planeación")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _run(meeting.starts_at - timedelta(hours=20), {NoticeKind.MEETING_SOON})
    english, spanish = _mails_to(teacher)[0], _mails_to(cas.director)[0]
    assert "of the CAS of" in english.body and "Hello" in english.body
    assert "de la CAS de" in spanish.body and "Hola" in spanish.body


def test_every_email_carries_a_link_that_turns_its_kind_off(client, cas, teacher, django_capture_on_commit_callbacks):
    meeting = schedule(cas, days=1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _run(meeting.starts_at - timedelta(hours=20), {NoticeKind.MEETING_SOON})
    message = _mails_to(teacher)[0]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body and link in message.alternatives[0][0]
    page = client.get(link.removeprefix("http://127.0.0.1:8000"))  # without signing in
    assert page.status_code == 200 and "ya no recibirás correos" in page.content.decode()
    assert NoticePreference.objects.get(user=teacher, kind=NoticeKind.MEETING_SOON).channel == Channel.APP
    again = client.get(link.removeprefix("http://127.0.0.1:8000"))  # reused: says so, changes nothing
    assert again.status_code == 200 and "Nada cambió" in again.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "nada",
        signing.TimestampSigner(salt="otra-cosa").sign_object({"u": 1, "k": "meeting_soon"}),
        "x" * 5000,
        "\x00",
    ],
    ids=["garbage", "other salt", "huge", "nul"],
)
def test_a_forged_link_changes_nothing(client, teacher, token):
    response = client.get(reverse("unsubscribe", args=["a"]).replace("/a/", f"/{token}/"))
    assert response.status_code in (400, 404)
    assert not NoticePreference.objects.exists()


def test_an_expired_link_changes_nothing(client, teacher):
    token = delivery.unsubscribe_token(teacher, NoticeKind.MEETING_SOON)
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        response = client.get(reverse("unsubscribe", args=[token]))
    assert response.status_code == 400 and "ha expirado" in response.content.decode()
    assert not NoticePreference.objects.exists()


def test_a_link_for_one_person_and_kind_turns_off_only_that(client, cas, teacher):
    client.get(reverse("unsubscribe", args=[delivery.unsubscribe_token(teacher, NoticeKind.AGREEMENT_DUE)]))
    assert list(NoticePreference.objects.values_list("user_id", "kind", "channel")) == [
        (teacher.pk, NoticeKind.AGREEMENT_DUE, Channel.APP)
    ]


# --- The daily digest ----------------------------------------------------------------------------------


def test_the_digest_comes_once_at_the_hour_the_person_chose(cas, teacher, django_capture_on_commit_callbacks):
    User.objects.filter(pk=teacher.pk).update(digest_hour=18)
    NoticePreference.objects.create(user=teacher, kind=NoticeKind.MEETING_SOON, channel=Channel.DIGEST)
    meeting = schedule(cas, days=1, purpose="Planeación")
    _run(meeting.starts_at - timedelta(hours=20), {NoticeKind.MEETING_SOON})
    mail.outbox.clear()
    local = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_digests(now=local - timedelta(hours=1)) == 0  # not their hour
        assert delivery.send_digests(now=local) == 1
        assert delivery.send_digests(now=local + timedelta(minutes=30)) == 0  # beat ran twice
    (digest,) = _mails_to(teacher)
    assert "Planeación" in digest.body
    assert not DigestItem.objects.waiting().exists()


def test_the_overdue_agreement_goes_to_the_directors_digest(cas, teacher):
    meeting = held(schedule(cas), days_ago=10)
    add_agreement(
        actor=cas.director, meeting=meeting, text="Tarde", owner=teacher, due_date=timezone.localdate() - timedelta(2)
    )
    tasks.notify_overdue_agreements()
    assert DigestItem.objects.filter(recipient=cas.director, kind=NoticeKind.AGREEMENT_OVERDUE).count() == 1
    assert teacher.notifications.filter(kind=NoticeKind.AGREEMENT_OVERDUE).exists()


# --- The preferences page -------------------------------------------------------------------------------


def test_a_person_chooses_their_channels_and_digest_hour(client, teacher):
    client.force_login(teacher)
    page = client.get(reverse("notice_preferences")).content.decode()
    assert "Mis avisos y correos" in page and "Sesión mañana" in page
    data = {"digest_hour": "20"} | {f"kind_{kind}": "digest" for kind, _label in delivery.preference_kinds()}
    assert client.post(reverse("notice_preferences"), data).status_code == 302
    teacher.refresh_from_db()
    assert teacher.digest_hour == 20
    assert set(NoticePreference.objects.filter(user=teacher).values_list("channel", flat=True)) == {"digest"}


@pytest.mark.parametrize("value", ["24", "-1", "99999999999999999999", "x", "\x00"], ids=repr)
def test_a_digest_hour_outside_the_day_is_refused(client, teacher, value):
    client.force_login(teacher)
    data = {"digest_hour": value} | {f"kind_{kind}": "app" for kind, _label in delivery.preference_kinds()}
    response = client.post(reverse("notice_preferences"), data)
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not NoticePreference.objects.exists()


def test_the_language_chosen_is_kept_for_the_emails(client, teacher):
    client.force_login(teacher)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    teacher.refresh_from_db()
    assert teacher.language == "en"

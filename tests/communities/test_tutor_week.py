"""The tutor's weekly summary e-mail: on Monday morning, once per ISO week,
across the communities they guide, with what moved, what is stuck and what
waits on them; in a fixed number of queries however many communities."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from communities.models import Reminder
from communities.models.journal import NoticeKind
from communities.services import reminders
from communities.services.meetings import add_agreement
from communities.services.phases import request_phase_change
from communities.services.tutor_week import weeks_of
from tests.conftest import complete_integration, held, schedule

pytestmark = pytest.mark.django_db

MEXICO = ZoneInfo("America/Mexico_City")
KIND = {NoticeKind.TUTOR_WEEKLY}


def _run(now) -> int:
    return reminders.send_reminders(now=now, kinds=KIND)[NoticeKind.TUTOR_WEEKLY].delivered


def _monday(hour: int) -> datetime:
    return datetime(2026, 12, 7, hour, 0, tzinfo=MEXICO)  # a Monday


def test_the_tutor_gets_the_week_on_monday_morning_once(cas, teacher, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(_monday(6)) == 0  # before seven
        assert _run(_monday(6) - timedelta(days=2)) == 0  # a Saturday
        assert _run(_monday(7)) == 1
        assert _run(_monday(7) + timedelta(minutes=5)) == 0  # beat again, five minutes later
        assert _run(_monday(7) + timedelta(days=3)) == 0  # not Monday: nothing, however often
        assert _run(_monday(8) + timedelta(days=7)) == 1  # the next week
    assert [m.to for m in mail.outbox] == [[cas.tutor.email]] * 2
    keys = set(Reminder.objects.filter(kind=NoticeKind.TUTOR_WEEKLY).values_list("key", flat=True))
    assert keys == {f"tutor_weekly:{cas.tutor.pk}:2026-W50", f"tutor_weekly:{cas.tutor.pk}:2026-W51"}
    assert cas.tutor.notifications.filter(kind=NoticeKind.TUTOR_WEEKLY).count() == 2


def test_the_week_says_what_moved_what_is_stuck_and_what_waits(cas, teacher, django_capture_on_commit_callbacks):
    now = _monday(8)
    complete_integration(cas)
    request_phase_change(actor=cas.director, community=cas, comment="Listos.")
    past = held(schedule(cas, purpose="Sesión de la semana"), days_ago=1)
    add_agreement(actor=cas.director, meeting=past, text="Entregar", owner=teacher, due_date=now.date() - timedelta(3))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _run(now) == 1
    body = mail.outbox[0].body
    school = cas.school.name
    assert "Lo que se movió" in body and f"{school}: 1 sesión" in body
    assert "Lo que está detenido" in body and "1 acuerdo vencido" in body
    assert "Lo que te espera" in body and "pide pasar a la siguiente fase" in body
    html = mail.outbox[0].alternatives[0][0]
    assert "<li>" in html and "Lo que te espera" in html


def test_a_tutors_week_costs_the_same_queries_whatever_the_communities(
    cas, school, tutor, django_assert_num_queries, django_assert_max_num_queries
):
    with django_assert_max_num_queries(9) as few:
        weeks_of([tutor.pk], _monday(8))
    for n in range(3):
        held(schedule(cas, purpose=f"Sesión {n}"), days_ago=n + 1)
    with django_assert_max_num_queries(9) as many:
        week = weeks_of([tutor.pk], _monday(8))[tutor.pk]
    assert len(many) == len(few)
    assert [c.community for c in week.communities] == [cas]

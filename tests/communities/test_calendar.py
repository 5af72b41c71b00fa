"""Calendars: the .ics of one meeting and a person's secret feed, checked by
parsing them as a calendar client would."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from communities.models import CalendarFeed
from communities.services.calendar import reset_feed
from communities.services.meetings import cancel_meeting, reschedule_meeting
from tests.conftest import schedule

pytestmark = pytest.mark.django_db
MEXICO = ZoneInfo("America/Mexico_City")


def _parse(response) -> icalendar.Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_meeting_ics_is_valid_rfc5545_in_mexico_city_time(client, cas, teacher):
    meeting = schedule(cas, purpose="Planeación de la observación entre pares")
    client.force_login(teacher)
    response = client.get(reverse("communities:meeting_ics", args=[cas.pk, meeting.pk]))
    assert 'filename="sesion-cas-' in response["Content-Disposition"]
    calendar = _parse(response)

    (event,) = calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/Mexico_City"
    assert event["UID"] == f"{meeting.uid}@cas"
    assert event["SUMMARY"] == "CAS · Planeación de la observación entre pares"
    assert event["STATUS"] == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0
    start = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "America/Mexico_City"
    assert start == meeting.starts_at
    assert start.astimezone(MEXICO).hour == 13
    assert event.decoded("DTEND") - start == timedelta(hours=1)
    assert event["LOCATION"] == "Biblioteca"


def test_updates_and_cancellations_reach_the_calendar(client, cas, teacher):
    meeting = schedule(cas)
    later = meeting.starts_at + timedelta(days=1)
    reschedule_meeting(
        actor=cas.director,
        meeting=meeting,
        purpose=meeting.purpose,
        starts_at=later,
        ends_at=later + timedelta(hours=1),
        place="Aula 2",
    )
    client.force_login(teacher)
    url = reverse("communities:meeting_ics", args=[cas.pk, meeting.pk])
    (event,) = _parse(client.get(url)).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == later

    cancel_meeting(actor=cas.director, meeting=meeting)
    (event,) = _parse(client.get(url)).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_personal_feed_lists_the_meetings_of_every_cas_of_the_person(client, cas, teacher, outsider):
    first, second = schedule(cas, days=2), schedule(cas, days=9, purpose="Cierre de bimestre")
    client.force_login(teacher)
    page = client.get(reverse("communities:calendar")).content.decode()
    token = CalendarFeed.objects.get(user=teacher).token
    assert f"/calendar/{token}.ics" in page

    client.logout()  # calendar apps do not sign in
    calendar = _parse(client.get(reverse("communities:calendar_feed", args=[token])))
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"{first.uid}@cas", f"{second.uid}@cas"}

    outsider_feed = CalendarFeed.objects.create(user=outsider)
    calendar = _parse(client.get(reverse("communities:calendar_feed", args=[outsider_feed.token])))
    assert calendar.walk("VEVENT") == []


def test_a_wrong_or_reset_token_is_404(client, teacher, cas):
    schedule(cas)
    old = CalendarFeed.objects.create(user=teacher).token
    assert client.get(reverse("communities:calendar_feed", args=["no-such-token"])).status_code == 404
    new = reset_feed(actor=teacher).token
    assert new != old
    assert client.get(reverse("communities:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("communities:calendar_feed", args=[new])).status_code == 200


def test_reset_through_the_page(client, teacher):
    client.force_login(teacher)
    client.get(reverse("communities:calendar"))
    old = CalendarFeed.objects.get(user=teacher).token
    response = client.post(reverse("communities:calendar_reset"), follow=True)
    assert "Tu calendario tiene una dirección nueva" in response.content.decode()
    assert CalendarFeed.objects.get(user=teacher).token != old


def test_feed_of_a_deactivated_account_is_404(client, teacher):
    feed = CalendarFeed.objects.create(user=teacher)
    teacher.is_active = False
    teacher.save()
    assert client.get(reverse("communities:calendar_feed", args=[feed.token])).status_code == 404


def test_calendar_pages_need_sign_in(client):
    assert client.get(reverse("communities:calendar")).status_code == 302
    assert client.post(reverse("communities:calendar_reset")).status_code == 302

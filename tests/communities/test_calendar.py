"""Calendars: the .ics of one meeting and a person's secret feed, checked by
parsing them as a calendar client would."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from communities.models import CalendarFeed
from communities.models.community import hash_token
from communities.services.calendar import feed_for, reset_feed
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

    outsider_feed = feed_for(outsider)
    calendar = _parse(client.get(reverse("communities:calendar_feed", args=[outsider_feed.token])))
    assert calendar.walk("VEVENT") == []


def test_a_wrong_or_reset_token_is_404(client, teacher, cas):
    schedule(cas)
    old = feed_for(teacher).token
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
    feed = feed_for(teacher)
    teacher.is_active = False
    teacher.save()
    assert client.get(reverse("communities:calendar_feed", args=[feed.token])).status_code == 404


def test_calendar_pages_need_sign_in(client):
    assert client.get(reverse("communities:calendar")).status_code == 302
    assert client.post(reverse("communities:calendar_reset")).status_code == 302


# --- The secret address, stored hashed ---------------------------------------------------------


def _feed(client, token):
    return client.get(reverse("communities:calendar_feed", args=[token]))


def test_the_database_holds_no_usable_address(client, teacher, cas):
    schedule(cas)
    token = feed_for(teacher).token
    assert _feed(client, token).status_code == 200
    (row,) = CalendarFeed.objects.filter(user=teacher).values()
    stored = [str(value) for value in row.values()]
    assert token not in " ".join(stored)
    assert row["token_hash"] == hash_token(token)
    # Nothing read from the table opens the feed: not the hash, not the nonce.
    for value in stored:
        assert _feed(client, value).status_code == 404


def test_the_page_shows_the_same_address_on_every_visit(client, teacher):
    client.force_login(teacher)
    first = client.get(reverse("communities:calendar")).content.decode()
    again = client.get(reverse("communities:calendar")).content.decode()
    token = CalendarFeed.objects.get(user=teacher).token
    assert f"/calendar/{token}.ics" in first and f"/calendar/{token}.ics" in again


def test_after_a_key_rotation_the_address_still_works_and_is_shown(client, teacher, cas, settings):
    schedule(cas)
    token = feed_for(teacher).token
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" * 2
    assert _feed(client, token).status_code == 200
    client.force_login(teacher)
    assert f"/calendar/{token}.ics" in client.get(reverse("communities:calendar")).content.decode()


def test_once_the_former_key_is_retired_the_address_works_but_is_not_shown(client, teacher, cas, settings):
    schedule(cas)
    token = feed_for(teacher).token
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-" * 2
    settings.SECRET_KEY_FALLBACKS = []
    assert _feed(client, token).status_code == 200
    client.force_login(teacher)
    page = client.get(reverse("communities:calendar")).content.decode()
    assert token not in page
    assert "no podemos volver a mostrarla" in page


def test_an_address_made_before_hashing_keeps_working_and_can_be_renewed(client, teacher, cas):
    schedule(cas)
    # As 0021 leaves an existing subscription: the hash of its plain token, no nonce.
    CalendarFeed.objects.create(user=teacher, nonce="", token_hash=hash_token("old-plain-token"))
    assert _feed(client, "old-plain-token").status_code == 200

    client.force_login(teacher)
    page = client.get(reverse("communities:calendar")).content.decode()
    assert "Ya tienes una dirección de calendario" in page
    assert 'id="feed-url"' not in page

    response = client.post(reverse("communities:calendar_reset"), follow=True)
    token = CalendarFeed.objects.get(user=teacher).token
    assert f"/calendar/{token}.ics" in response.content.decode()
    assert _feed(client, "old-plain-token").status_code == 404
    assert _feed(client, token).status_code == 200


def test_the_calendar_page_query_count_is_fixed(client, teacher, django_assert_max_num_queries):
    client.force_login(teacher)
    client.get(reverse("communities:calendar"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("communities:calendar")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_0021_keeps_existing_subscriptions_and_goes_back(client):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("communities", "0020_sessions_and_second_factor")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person = old.get_model("communities", "User").objects.create(email="tere@escuela.test", full_name="Tere")
    old.get_model("communities", "CalendarFeed").objects.create(user_id=person.pk, token="plain-old-token")

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    feed = CalendarFeed.objects.get(user_id=person.pk)
    assert (feed.nonce, feed.token_hash) == ("", hash_token("plain-old-token"))
    assert "plain-old-token" not in str(list(CalendarFeed.objects.values()))
    assert _feed(client, "plain-old-token").status_code == 200

    renewed = reset_feed(actor=feed.user).token
    executor.loader.build_graph()
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("communities", "CalendarFeed")
    assert back.objects.get(user_id=person.pk).token == renewed
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

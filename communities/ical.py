"""Meetings as iCalendar (RFC 5545): one file per meeting, and a person's feed.
Calendar clients match updates by UID, keep the highest SEQUENCE and remove
events whose STATUS is CANCELLED."""

from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from communities.models import Meeting

PRODID = "-//CAS Comunidades de Aprendizaje//ES"


def _event(meeting: Meeting) -> icalendar.Event:
    zone = timezone.get_default_timezone()
    event = icalendar.Event()
    event.add("uid", f"{meeting.uid}@cas")
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("sequence", meeting.sequence)
    event.add("summary", f"CAS · {meeting.purpose}")
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    link = settings.SITE_URL + reverse("communities:meeting", args=[meeting.community_id, meeting.pk])
    event.add("url", link)
    event.add("description", f"{meeting.community.school.name}\n{meeting.online_url}\n{link}".replace("\n\n", "\n"))
    return event


def calendar(meetings: Iterable[Meeting], name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()

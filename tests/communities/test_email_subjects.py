"""E-mail subjects are one line of plain text built from the raw title: a
title with a line break no longer stops the message for every member (Django
refuses such a header), and markup shows as written, never as entities."""

import pytest
from django.core import mail

from communities.emails import plain_subject
from communities.models import Meeting
from communities.services.meetings import cancel_meeting
from tests.conftest import schedule

pytestmark = pytest.mark.django_db

TITLE = "<b>Plan</b> & «lectura»\r\nsegunda línea\t"  # PostgreSQL keeps no NUL: plain_subject's own test has it


def test_a_title_with_a_line_break_and_markup_still_reaches_every_member(
    cas, teacher, django_capture_on_commit_callbacks
):
    meeting = schedule(cas, days=2)
    Meeting.objects.filter(pk=meeting.pk).update(purpose=TITLE)  # as stored before forms refused it
    meeting.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(actor=cas.director, meeting=meeting)
    assert teacher.email in [m.to[0] for m in mail.outbox]
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject and "\x00" not in message.subject
        assert "<b>Plan</b> & «lectura» segunda línea" in message.subject
        assert "&lt;" not in message.subject and "&amp;" not in message.subject


@pytest.mark.parametrize(
    ("raw", "subject"),
    [
        ("Uno\ndos", "Uno dos"),
        ("  espacios   de   más ", "espacios de más"),
        ("tab\tsí", "tab sí"),
        ("nul\x00aquí", "nul aquí"),
        ("x" * 400, "x" * 255),
        ("\ud800roto", "roto"),
    ],
)
def test_a_subject_is_one_line_that_fits(raw, subject):
    assert plain_subject(raw) == subject

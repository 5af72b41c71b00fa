"""Reminders sent by Celery beat. Each row is claimed with a conditional UPDATE
before anyone is mailed, so two workers, or a job run twice, never remind twice."""

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from communities.access import member_ids
from communities.emails import queue_email
from communities.models import Agreement, Meeting, User

MEETING_NOTICE = timedelta(hours=24)
AGREEMENT_NOTICE_DAYS = 2


def _mail(to: User, template: str, context: dict) -> None:
    subject = render_to_string(f"communities/email/{template}_subject.txt", context).strip()
    queue_email(to=to.email, subject=subject, body=render_to_string(f"communities/email/{template}.txt", context))


def send_meeting_reminders(*, now=None) -> int:
    """Remind the members of every meeting that starts within a day."""
    now = now or timezone.now()
    due = Meeting.objects.upcoming(now).filter(starts_at__lte=now + MEETING_NOTICE, reminder_sent_at__isnull=True)
    sent = 0
    for meeting in due.select_related("community__school"):
        if not Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
            continue  # another run took it
        link = settings.SITE_URL + reverse("communities:meeting", args=[meeting.community_id, meeting.pk])
        with translation.override(settings.LANGUAGE_CODE):
            for person in User.objects.filter(pk__in=member_ids(meeting.community), is_active=True):
                _mail(person, "meeting_reminder", {"meeting": meeting, "community": meeting.community, "link": link})
        sent += 1
    return sent


def send_agreement_reminders(*, today=None) -> int:
    """Remind each owner of a pending agreement due within two days."""
    today = today or timezone.localdate()
    due = Agreement.objects.pending().filter(
        due_date__lte=today + timedelta(days=AGREEMENT_NOTICE_DAYS),
        due_date__gte=today,
        reminder_sent_at__isnull=True,
        community__closed_at__isnull=True,
    )
    sent = 0
    for agreement in due.select_related("owner", "community__school"):
        if not Agreement.objects.filter(pk=agreement.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        ):
            continue
        link = settings.SITE_URL + reverse("communities:agreements", args=[agreement.community_id])
        with translation.override(settings.LANGUAGE_CODE):
            _mail(agreement.owner, "agreement_reminder", {"agreement": agreement, "link": link})
        sent += 1
    return sent

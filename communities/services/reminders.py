"""Reminders sent by Celery beat. A reminder's claim (the conditional UPDATE of
its `reminder_sent_at`) and the outbox rows it creates commit in one
transaction: two workers, or a job run twice, never remind twice, and a crash
between the two leaves neither, so the next run sends it."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from communities.emails import queue_email
from communities.models import Agreement, Meeting, User

MEETING_NOTICE = timedelta(hours=24)
AGREEMENT_NOTICE_DAYS = 2


def _mail(to: User, template: str, context: dict) -> None:
    subject = render_to_string(f"communities/email/{template}_subject.txt", context).strip()
    queue_email(to=to.email, subject=subject, body=render_to_string(f"communities/email/{template}.txt", context))


def send_meeting_reminders(*, now: datetime | None = None) -> int:
    """Remind the members of every meeting that starts within a day."""
    now = now or timezone.now()
    due = Meeting.objects.upcoming(now).filter(starts_at__lte=now + MEETING_NOTICE, reminder_sent_at__isnull=True)
    sent = 0
    for meeting in due.select_related("community__school"):
        with transaction.atomic():
            if not Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                continue  # another run took it
            link = settings.SITE_URL + reverse("communities:meeting", args=[meeting.community_id, meeting.pk])
            with translation.override(settings.LANGUAGE_CODE):
                for person in meeting.community.members().filter(is_active=True):
                    _mail(
                        person, "meeting_reminder", {"meeting": meeting, "community": meeting.community, "link": link}
                    )
        sent += 1
    return sent


def send_agreement_reminders(*, today: date | None = None) -> int:
    """Remind each owner of a pending agreement due within two days."""
    today = today or timezone.localdate()
    due = (
        Agreement.objects.pending()
        .in_active_communities()
        .filter(
            due_date__lte=today + timedelta(days=AGREEMENT_NOTICE_DAYS),
            due_date__gte=today,
            reminder_sent_at__isnull=True,
        )
    )
    sent = 0
    for agreement in due.select_related("owner", "community__school"):
        with transaction.atomic():
            claimed = Agreement.objects.filter(pk=agreement.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
            if not claimed:
                continue
            link = settings.SITE_URL + reverse("communities:agreements", args=[agreement.community_id])
            with translation.override(settings.LANGUAGE_CODE):
                _mail(agreement.owner, "agreement_reminder", {"agreement": agreement, "link": link})
        sent += 1
    return sent

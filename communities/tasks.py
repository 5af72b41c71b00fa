"""Celery entry points of the core app. Each task takes ids, calls one service,
and is safe to run twice. The outbox's own tasks (`send_email`,
`resend_unsent_email`) live with the outbox in `communities.emails`; importing
them here registers them with the worker, which looks in each app's tasks.py."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from communities.emails import resend_unsent_email, send_email
from communities.services import membership, notices, onboarding, reminders, reports

__all__ = [
    "clear_expired_sessions",
    "expire_invitations",
    "notify_overdue_agreements",
    "remind_due_agreements",
    "remind_upcoming_meetings",
    "resend_unsent_email",
    "build_report",
    "run_import",
    "send_email",
    "sweep_reports",
]


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sessions; the session table otherwise grows forever."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def expire_invitations() -> int:
    """Mark unanswered invitations past their date as expired."""
    return membership.expire_invitations()


@shared_task
def notify_overdue_agreements() -> int:
    """Leave a notice for the owner and the director of each overdue agreement,
    once per agreement (the notices' keys make a second run a no-op)."""
    return notices.notify_overdue_agreements()


@shared_task
def remind_upcoming_meetings() -> int:
    """E-mail the members of meetings that start within a day."""
    return reminders.send_meeting_reminders()


@shared_task
def remind_due_agreements() -> int:
    """E-mail the owners of agreements due within two days."""
    return reminders.send_agreement_reminders()


@shared_task
def run_import(run_id: int) -> str:
    """Check and write one uploaded list (a school's staff or a list of schools);
    a no-op for an import another worker holds or that is finished."""
    run = onboarding.process_import(run_id=run_id)
    return run.status if run is not None else "not claimed"


@shared_task(acks_late=True)
def build_report(report_id: int) -> str:
    """Build one queued report; a no-op for one another worker holds or that is built."""
    report = reports.build(report_id=report_id)
    return report.status if report is not None else "not claimed"


@shared_task
def sweep_reports() -> tuple[int, int]:
    """Fail builds a killed worker left half-way, and delete expired reports and their files."""
    return reports.sweep()

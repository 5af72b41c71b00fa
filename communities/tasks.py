"""Celery entry points of the core app. Each task takes ids, calls one service,
and is safe to run twice. The outbox's own tasks (`send_email`,
`resend_unsent_email`) live with the outbox in `communities.emails`; importing
them here registers them with the worker, which looks in each app's tasks.py."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from communities import task_queue
from communities.emails import resend_unsent_email, send_email
from communities.services import delivery, membership, notices, onboarding, password_reset, reminders, reports

__all__ = [
    "clear_expired_sessions",
    "expire_invitations",
    "notify_overdue_agreements",
    "send_digests",
    "send_reminders",
    "resend_unsent_email",
    "build_report",
    "run_import",
    "send_email",
    "send_password_reset",
    "sweep_reports",
    "republish_queued_tasks",
]


@shared_task(acks_late=True)
def send_password_reset(person_id: int | None) -> bool:
    """The reset link a request asked for (None: an address without an account,
    asked for in the same way so that the answer tells nothing)."""
    return password_reset.mail_reset_link(person_id=person_id)


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


@shared_task(acks_late=True)
def send_reminders() -> dict[str, int]:
    """Deliver every reminder due now, each once (`services.reminders`): safe to
    run twice, from two beats, or again after a worker was killed mid-batch."""
    return {kind: outcome.delivered for kind, outcome in reminders.send_reminders().items()}


@shared_task(acks_late=True)
def send_digests() -> int:
    """Send the daily digest to the people whose hour it is, once a day each."""
    return delivery.send_digests()


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
def sweep_reports() -> tuple[int, int, int]:
    """Send again builds whose message was lost, fail builds a killed worker
    left half-way, and delete expired reports and their files."""
    return reports.sweep()


@shared_task
def republish_queued_tasks() -> int:
    """Hand the broker again the work it could not take when it was asked for
    (Redis was down); each task claims its row, so nothing runs twice."""
    return task_queue.republish_stranded()


@shared_task
def prune_queued_tasks() -> int:
    """Delete the queued-task rows handed to the broker over a week ago."""
    return task_queue.prune_sent()

"""`python -m bench.reminder_fanout [COUNT]`: the time to fan out COUNT
(100,000) due reminders to the e-mail backend: agreements due tomorrow, one
reminder each, to 2,000 owners. Two figures: the fan-out (ledger rows,
in-app notices and outbox e-mails, written in batches of 1,000, with its
query count), then the delivery of the outbox to the backend (Django's
in-memory one: what a worker does, without the network).

Runs on whatever DATABASE_URL says (a throw-away test database on
PostgreSQL; a SQLite file when unset). `measure(count)` (what `make bench`
calls) returns the fan-out's seconds and the reminders delivered.
"""

import os
import sys
import time
from datetime import timedelta

from bench.scratch import school_with_director, scratch_database, setup_django

OWNERS = 2000
COUNT = 100_000


def measure(count: int = COUNT) -> tuple[float, int]:
    """In a set-up process (with the in-memory e-mail backend): the seconds
    to fan out `count` due reminders and how many were delivered, in a
    scratch database of its own."""
    with scratch_database():
        _due_agreements(count)
        seconds, outcome, _queries = _fan_out()
    return seconds, outcome.delivered


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else COUNT
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    setup_django("cas-bench-fanout-")
    from django.core import mail
    from django.db import connection

    from communities.emails import HAND_OVER_BATCH, deliver_emails
    from communities.models import OutgoingEmail
    from communities.models.journal import NoticeKind
    from communities.services.reminders import send_reminders

    with scratch_database():
        _due_agreements(count)
        fanned, outcome, queries = _fan_out()
        print(
            f"{connection.vendor}: fan-out of {outcome.delivered:,} due reminders in {fanned:.1f} s "
            f"({outcome.delivered / fanned:,.0f} a second), {queries:,} queries, channels {outcome.by_channel}"
        )
        ids = list(OutgoingEmail.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
        started = time.perf_counter()
        for start in range(0, len(ids), HAND_OVER_BATCH):  # as the send_emails tasks take them
            deliver_emails(email_ids=ids[start : start + HAND_OVER_BATCH])
        sent = time.perf_counter() - started
        print(
            f"{connection.vendor}: {len(mail.outbox):,} e-mails delivered to the backend in {sent:.1f} s "
            f"({len(mail.outbox) / sent:,.0f} a second, by one worker process)"
        )
        again = time.perf_counter()
        repeat = send_reminders(kinds={NoticeKind.AGREEMENT_DUE})[NoticeKind.AGREEMENT_DUE]
        print(
            f"{connection.vendor}: the same run again delivers {repeat.delivered} "
            f"({repeat.already:,} already delivered) in {time.perf_counter() - again:.1f} s"
        )
    return 0


def _due_agreements(count: int) -> None:
    """A CAS whose `count` agreements, owned by OWNERS teachers, are due tomorrow."""
    from django.utils import timezone

    from communities.models import Agreement, StaffMembership, User
    from communities.services.communities import create_community

    school, director = school_with_director()
    tutor = User.objects.create_user("tutor@escuela.test", full_name="Tomás Tutor")
    StaffMembership.objects.create(user=tutor, school=school, role=StaffMembership.Role.TUTOR)
    community = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
    owners = User.objects.bulk_create(
        User(email=f"docente{n}@escuela.test", full_name=f"Docente {n}") for n in range(OWNERS)
    )
    StaffMembership.objects.bulk_create(
        StaffMembership(user=owner, school=school, role=StaffMembership.Role.TEACHER) for owner in owners
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    Agreement.objects.bulk_create(
        (
            Agreement(
                community=community,
                origin="bench",
                text=f"Acuerdo {n}",
                owner=owners[n % OWNERS],
                due_date=tomorrow,
                created_by=director,
            )
            for n in range(count)
        ),
        batch_size=5000,
    )


def _fan_out():
    """(seconds, outcome, queries) of one run of the agreement reminders; the
    outbox stays undelivered (a worker's business, timed apart)."""
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cas_project.celery import app
    from communities.models.journal import NoticeKind
    from communities.services.reminders import send_reminders

    app.conf.task_always_eager = False  # the outbox is delivered apart, and timed apart
    mail.outbox = []
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        outcome = send_reminders(kinds={NoticeKind.AGREEMENT_DUE})[NoticeKind.AGREEMENT_DUE]
    return time.perf_counter() - started, outcome, len(queries)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

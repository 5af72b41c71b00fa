"""`python -m bench.reminder_fanout [COUNT]`: the time to fan out COUNT
(100,000) due reminders to the e-mail backend: agreements due tomorrow, one
reminder each, to 2,000 owners. Two figures: the fan-out (ledger rows,
in-app notices and outbox e-mails, written in batches of 1,000, with its
query count), then the delivery of the outbox to the backend (Django's
in-memory one: what a worker does, without the network).

Runs on whatever DATABASE_URL says (a throw-away test database on
PostgreSQL; a SQLite file when unset).
"""

import os
import sys
import time
from datetime import timedelta

from bench.scratch import school_with_director, scratch_database, setup_django

OWNERS = 2000


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 100_000
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    setup_django("cas-bench-fanout-")
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cas_project.celery import app
    from communities.emails import HAND_OVER_BATCH, deliver_emails
    from communities.models import Agreement, OutgoingEmail, StaffMembership, User
    from communities.models.journal import NoticeKind
    from communities.services.communities import create_community
    from communities.services.reminders import send_reminders

    app.conf.task_always_eager = False  # the outbox is delivered below, and timed apart
    mail.outbox = []
    with scratch_database():
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
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            outcome = send_reminders(kinds={NoticeKind.AGREEMENT_DUE})[NoticeKind.AGREEMENT_DUE]
        fanned = time.perf_counter() - started
        print(
            f"{connection.vendor}: fan-out of {outcome.delivered:,} due reminders in {fanned:.1f} s "
            f"({outcome.delivered / fanned:,.0f} a second), {len(queries):,} queries, channels {outcome.by_channel}"
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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

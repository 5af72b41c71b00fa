"""`python -m bench.kill_reminders [COUNT]`: a real Celery worker on Redis and
PostgreSQL is killed with SIGKILL while it delivers a batch of COUNT (1,000)
reminders; a new worker starts, beat's jobs run again as they would (the
reminders every few minutes, the stranded e-mail), and the bench counts what
reached the mail backend: sent, lost, duplicated. CI runs it (`.ci/run`)
and fails on a lost reminder or on two different messages for one reminder.

The reminders are agreements due tomorrow (one each), e-mailed to their
owners; the mail backend writes one file per message delivered, so a
message sent twice shows as two files with one Message-ID.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

REDIS_DB = "redis://127.0.0.1:6379/3"  # apart from make run's (0) and CI's test suite (1)
DEADLINE = 240  # seconds for the restarted worker to finish
SUBJECT = re.compile(r"^Subject: .*«Acuerdo (\d+)»", re.M)
MESSAGE_ID = re.compile(r"^Message-ID: (\S+)", re.M)


def _environment(mail_dir: Path) -> dict:
    return {
        **os.environ,
        "REDIS_URL": os.environ.get("KILL_BENCH_REDIS_URL", REDIS_DB),
        "EMAIL_BACKEND": "cas_project.mail.FileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "EMAIL_SEND_LEASE_SECONDS": "5",
        "EMAIL_STRANDED_AFTER_SECONDS": "5",
        "CELERY_VISIBILITY_TIMEOUT": "60",
    }


def _worker(env: dict) -> subprocess.Popen:
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(  # noqa: S603 — our own venv's celery, our own arguments
        [celery, "-A", "cas_project", "worker", "--concurrency=2", "--prefetch-multiplier=1", "--loglevel=WARNING"],
        env=env,
        start_new_session=True,  # its own process group: SIGKILL takes the pool's children too
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _files(mail_dir: Path) -> list[Path]:
    return sorted(mail_dir.glob("*.txt")) if mail_dir.exists() else []


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 1000
    mail_dir = Path(tempfile.mkdtemp(prefix="cas-kill-mail-"))
    env = _environment(mail_dir)
    os.environ.update({key: env[key] for key in ("REDIS_URL", "EMAIL_BACKEND", "EMAIL_FILE_PATH")})
    os.environ.update({key: env[key] for key in env if key.startswith(("EMAIL_", "CELERY_"))})
    from bench.scratch import school_with_director, scratch_database, setup_django

    setup_django("cas-bench-kill-")
    from django.db import connection
    from django.utils import timezone

    if connection.vendor != "postgresql":
        print("kill test: needs DATABASE_URL to a PostgreSQL server (and Redis), as in CI")
        return 2
    from cas_project.celery import app
    from communities.models import Agreement, OutgoingEmail, Reminder, StaffMembership, User
    from communities.models.journal import NoticeKind
    from communities.services.communities import create_community

    with scratch_database():
        school, director = school_with_director()
        tutor = User.objects.create_user("tutor@escuela.test", full_name="Tomás Tutor")
        StaffMembership.objects.create(user=tutor, school=school, role=StaffMembership.Role.TUTOR)
        community = create_community(actor=director, school=school, school_year="2026-2027", tutor=tutor)
        tomorrow = timezone.localdate() + timedelta(days=1)
        Agreement.objects.bulk_create(
            Agreement(
                community=community,
                origin="bench",
                text=f"Acuerdo {n:04d}",
                owner=(director, tutor)[n % 2],
                due_date=tomorrow,
                created_by=director,
            )
            for n in range(count)
        )
        # The worker reads the scratch database the bench just filled.
        env["DATABASE_URL"] = _url_of(connection.settings_dict)
        app.control.purge()

        started = time.monotonic()
        # First kill: while the fan-out's transaction is open (the task is
        # running and nothing is claimed yet). Second: half-way through sending.
        worker = _worker(env)
        app.send_task("communities.tasks.send_reminders")
        while not _fanning_out(connection) and time.monotonic() - started < 60:
            time.sleep(0.005)
        _kill(worker, mail_dir, count, Reminder, NoticeKind, "during the fan-out")
        worker = _worker(env)
        app.send_task("communities.tasks.send_reminders")  # beat's next run
        while len(_files(mail_dir)) < count // 4 and time.monotonic() - started < 120:
            time.sleep(0.02)
        _kill(worker, mail_dir, count, Reminder, NoticeKind, "while sending")

        worker = _worker(env)
        try:
            deadline = time.monotonic() + DEADLINE
            while time.monotonic() < deadline:
                # What beat does every few minutes: both jobs are safe to run again.
                app.send_task("communities.tasks.send_reminders")
                app.send_task("communities.emails.resend_unsent_email")
                time.sleep(3)
                if OutgoingEmail.objects.filter(sent_at__isnull=False).count() >= count and not (
                    OutgoingEmail.objects.filter(sent_at__isnull=True).exists()
                ):
                    break
            elapsed = time.monotonic() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
        delivered = Counter()
        message_ids: dict[str, set[str]] = {}
        for path in _files(mail_dir):
            text = path.read_text(encoding="utf-8")
            found = SUBJECT.search(text)
            if found:
                delivered[found.group(1)] += 1
                message_ids.setdefault(found.group(1), set()).add(MESSAGE_ID.search(text).group(1))
        sent = len(delivered)
        lost = count - sent
        duplicated = sum(n - 1 for n in delivered.values())
        distinct_messages = sum(len(ids) for ids in message_ids.values())
        reminders = Reminder.objects.filter(kind=NoticeKind.AGREEMENT_DUE).count()
        print(
            f"after the restart: sent {sent}, lost {lost}, duplicated {duplicated} "
            f"({distinct_messages} distinct Message-IDs for {sent} reminders); "
            f"{reminders} reminders in the ledger; {elapsed:.1f} s in all"
        )
    return 0 if lost == 0 and distinct_messages == count and reminders == count else 1


def _fanning_out(connection) -> bool:
    """The worker holds a transaction open on the scratch database (the
    fan-out's batch is being written)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND state <> 'idle'"
        )
        return cursor.fetchone()[0] > 0


def _kill(worker, mail_dir: Path, count: int, reminder_model, kinds, when: str) -> None:
    written = len(_files(mail_dir))
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    claimed = reminder_model.objects.filter(kind=kinds.AGREEMENT_DUE).count()
    print(f"killed the worker (SIGKILL) {when}: {written} of {count} e-mails written, {claimed} reminders claimed")


def _url_of(settings_dict: dict) -> str:
    user, password = settings_dict.get("USER") or "", settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""`python -m bench.staff_import [ROWS]`: the wall time to check and write a
staff list of ROWS new teachers (5,000 unless told), as the worker does it.

Runs on whatever DATABASE_URL says: a throw-away SQLite file when unset, a
throw-away test database on PostgreSQL. The time covers reading the CSV,
checking every row and writing the accounts, the ties, the audit rows and the
outbox rows in one transaction; handing each e-mail to the broker afterwards
(`send_email.delay`, once per message) is the worker's business and is left out.
`measure(rows)` (what `make bench` calls) returns the import's seconds.
"""

import sys
import time
from unittest import mock

from bench.scratch import school_with_director, scratch_database, setup_django

ROWS = 5_000


def staff_csv(rows: int) -> bytes:
    lines = ["nombre,correo,rol", *(f"Docente Número {n},docente{n}@escuela.test,docente" for n in range(1, rows + 1))]
    return ("\n".join(lines) + "\n").encode()


def measure(rows: int = ROWS) -> float:
    """In a set-up process: the seconds to check and write a staff list of
    `rows` new teachers, in a scratch database of its own."""
    with scratch_database():
        school, director = school_with_director()
        seconds, _run, _content = _import(school, director, rows)
    return seconds


def _import(school, director, rows: int):
    """(seconds, the finished ImportRun, the CSV) of one import of `rows` new teachers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from communities.models import ImportRun
    from communities.services.onboarding import process_import, start_staff_import

    content = staff_csv(rows)
    # Nothing handed to a worker: the bench times the import itself.
    with mock.patch("communities.task_queue.publish"):
        run = start_staff_import(actor=director, school=school, upload=SimpleUploadedFile("plantilla.csv", content))
        started = time.perf_counter()
        run = process_import(run_id=run.pk)
        elapsed = time.perf_counter() - started
    assert run.status == ImportRun.Status.DONE, run.errors[:5]
    return elapsed, run, content


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else ROWS
    setup_django("cas-bench-import-")
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    from communities.models import OutgoingEmail
    from communities.services.onboarding import process_import, start_staff_import

    with scratch_database():
        school, director = school_with_director()
        elapsed, run, content = _import(school, director, rows)
        print(
            f"{connection.vendor}: {rows:,} rows ({len(content) // 1024} KB) checked and written in {elapsed:.2f} s: "
            f"{run.added:,} ties, {run.new_accounts:,} accounts, {OutgoingEmail.objects.count():,} e-mails queued"
        )
        started = time.perf_counter()
        with mock.patch("communities.task_queue.publish"):
            again = start_staff_import(actor=director, school=school, upload=SimpleUploadedFile("p.csv", content))
            again = process_import(run_id=again.pk)
        print(
            f"{connection.vendor}: the same file again in {time.perf_counter() - started:.2f} s: "
            f"{again.added} added, {again.skipped:,} already there"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The work done away from the pages, timed by the standalone benches'
`measure` functions: the diagnostic's scoring over 2,000,000 answers
(`bench.diagnostic_scoring`), the fan-out of 100,000 due reminders
(`bench.reminder_fanout`), the community progress PDF of the dataset's CAS
(`bench.reports`), the Carpeta (`bench.carpeta`) and a 5,000-row staff
import (`bench.staff_import`).

`python -m bench.jobs --dataset large [--answers N --reminders N --rows N]`
prints one JSON line. The PDF reads the dataset's own database; the others
write a scratch database each on the same server (`bench.scratch`), as their
command lines do."""

import argparse
import json
import os
import sys
import tempfile

from bench import dataset as datasets

ANSWERS = 2_000_000
REMINDERS = 100_000
ROWS = 5_000


def environment(found: datasets.Dataset) -> dict[str, str]:
    """As the standalone benches run: no Redis (a file-based queue in a
    temporary VAR_DIR), e-mail kept in memory, on the dataset's server."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_REPLICA_URL"}}
    env.update(
        DATABASE_URL=found.database_url,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        VAR_DIR=tempfile.mkdtemp(prefix="cas-bench-jobs-"),
        DJANGO_SETTINGS_MODULE="cas_project.settings",
    )
    return env


def measure(found: datasets.Dataset, *, answers: int, reminders: int, rows: int) -> dict:
    from bench import carpeta, diagnostic_scoring, reminder_fanout, reports, staff_import

    def step(name: str, run):
        print(f"bench.jobs: {name}…", file=sys.stderr, flush=True)
        return run()

    pdf = step("progress PDF", lambda: reports.progress_pdf_seconds(found.ids["community"]))
    scoring = step(f"scoring {answers:,} answers", lambda: diagnostic_scoring.measure(answers))
    fanout_seconds, fanned = step(f"fan-out of {reminders:,} reminders", lambda: reminder_fanout.measure(reminders))
    carpeta_seconds = step("Carpeta", carpeta.measure)
    imported = step(f"staff import of {rows:,} rows", lambda: staff_import.measure(rows))
    return {
        "scoring_seconds": round(scoring, 3),
        "scoring_answers": answers,
        "fanout": {"seconds": round(fanout_seconds, 2), "count": fanned},
        "pdf_seconds": round(pdf, 3),
        "carpeta_seconds": round(carpeta_seconds, 3),
        "import_seconds": round(imported, 2),
        "import_rows": rows,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.jobs")
    parser.add_argument("--dataset", choices=datasets.SIZES, default="large")
    parser.add_argument("--answers", type=int, default=ANSWERS)
    parser.add_argument("--reminders", type=int, default=REMINDERS)
    parser.add_argument("--rows", type=int, default=ROWS)
    args = parser.parse_args(argv)
    found = datasets.describe(args.dataset)
    os.environ.update(environment(found))
    import django

    django.setup()
    print(json.dumps(measure(found, answers=args.answers, reminders=args.reminders, rows=args.rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

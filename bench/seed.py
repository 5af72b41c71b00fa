"""`python -m bench.seed [small|large] [--database NAME] [--force]`: a
PostgreSQL database filled with synthetic, realistic CAS data at state scale,
for the benches to time pages against.

Sizes (`bench.seed_plan.SIZES`):

    large  10,000 schools, 80,000 people, 10,000 CAS, 1,000,000 journal
           entries, 200,000 meetings, 2,000,000 diagnostic answers, the SEP
           workshop with its products at 5,000 schools
    small  the same shape at 1/100 (100 schools, 800 people…)
    tiny   three schools, only for the tests

Every shape keeps what a bench leans on: a tutor guides 50 CAS; the
representative school has 60 staff; its CAS (in Desarrollo) has five
teachers, forty sessions, agreements, goals and the representative teacher's
400 journal entries; its closed línea base holds a twentieth of all answers.

Measured on the 2-core bench machine (PostgreSQL 15), while other benches
kept its load average at 14–19: `large --force` in 239 s end to end (the old
database dropped, the new one made from the migrated template, seeded on
two connections, analysed, every foreign key checked; 407 s when it still
ran on one connection); `small --force` in 7 s; `tiny` fills in about a
second; a run that finds its dataset recorded answers in 0.1 s. The first
run on a server (or after a new migration) also migrates an empty database
once (7–35 s) and keeps it as `cas_bench_template_<hash>`.

The database (`cas_bench_small` / `cas_bench_large` unless told) is created
on the server of DATABASE_URL (postgres://postgres@127.0.0.1:5432/ when
unset), migrated and filled (`bench.seed_plan` decides who is where,
`bench.seed_fill` and `bench.seed_satellites` write the rows through
`bench.seed_sql`, with the words of `bench.seed_words`), and a row of `bench_dataset`
(a table of the seed's own, outside Django's models) records the size,
counts, people and ids once filling finished. Only databases named
`cas_bench_*` are ever created, dropped or filled.

From other bench code, `ensure(size)` returns that record as a `Dataset`,
seeding first in a child process when needed, so the caller's own Django
setup (whatever database it points at) is never touched. Every seeded person
signs in with the password «aprender-juntos-2026».

`Dataset.ids`, named after the URL kwargs they fill:
    community      the teacher's CAS (directed by `director`, guided by `tutor`)
    meeting        one of its held meetings with minutes
    school         its school (60 staff); `school_pk` of workshops:school
    campaign       the school's closed línea base (diagnostics:results)
    workshop_run   the school's workshop: `pk` of workshops:detail, :sala, :space
    workshop_space the SpaceRun of `Dataset.workspace` in it; the space page is
                   reverse("workshops:space", args=[ids["workshop_run"], dataset.workspace])
    session_pk     its first session (workshops:session_roles)
    proposal_pk    its first collaborative proposal (workshops:proposal)
    situation_pk, problem_pk, milestone_pk, day_pk: one of each of its products
`Dataset.admin_totp_key` is the hex key of the admin's confirmed TOTP device
(`django_otp.oath.totp(bytes.fromhex(key))` gives the current code).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.seed_plan import SIZES

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "aprender-juntos-2026"  # noqa: S105 (every seeded account's, as the demo's)
SAFE_NAME = re.compile(r"^cas_bench_[a-z0-9_]+$")
SEED_VERSION = 2  # raise when the shape of the data changes: older datasets are seeded again
COUNTED_TABLES = [
    "communities_school", "communities_user", "communities_staffmembership", "communities_community",
    "communities_membership", "communities_invitation", "communities_milestone", "communities_proposal",
    "communities_proposalvote", "communities_meeting", "communities_agendaitem", "communities_sessionrole",
    "communities_attendance", "communities_minutesapproval", "communities_agreement", "communities_goal",
    "communities_progressupdate", "communities_reflection", "communities_reflection_dimensions",
    "communities_reflection_skills", "communities_reflectioncomment", "communities_notification",
    "communities_event", "communities_practice", "communities_strategyanalysis", "diagnostics_campaign",
    "diagnostics_response", "diagnostics_answer", "workshops_workshop", "workshops_spacerun",
    "workshops_pathmilestone", "workshops_axisrating", "workshops_situation", "workshops_commonproblem",
    "workshops_dot", "workshops_collaborativeproposal", "workshops_proposalaction",
    "workshops_continuityagreement", "workshops_calligramword", "workshops_directorsday",
]  # fmt: skip


@dataclass(frozen=True)
class Dataset:
    size: str
    database: str
    database_url: str
    counts: dict
    people: dict[str, str]
    ids: dict[str, int]
    admin_totp_key: str = ""
    workspace: str = "huella-colectiva"
    seconds: float = 0.0  # the seed's own run, end to end


# --- Where -------------------------------------------------------------------------------------------


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"} else DEFAULT_SERVER


def database_url(name: str) -> str:
    return urlunsplit(urlsplit(server_url())._replace(path=f"/{name}"))


def default_name(size: str) -> str:
    return f"cas_bench_{size}"


def check_name(name: str) -> str:
    if not SAFE_NAME.match(name):
        raise SystemExit(f"Refused: the seed only touches databases named cas_bench_*, not {name!r}.")
    return name


def _connect(dbname: str):
    import psycopg2

    parts = urlsplit(server_url())
    return psycopg2.connect(
        dbname=dbname, user=parts.username, password=parts.password, host=parts.hostname, port=parts.port or 5432
    )


# --- The record of a finished seed ---------------------------------------------------------------------


def read_dataset(size: str, name: str) -> Dataset | None:
    """The dataset recorded in database `name`, if seeding it finished with this seed's version."""
    import psycopg2

    try:
        connection = _connect(name)
    except psycopg2.OperationalError:
        return None  # no such database yet
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_dataset') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute(
                "SELECT counts, people, ids, admin_totp_key, seconds FROM bench_dataset "
                "WHERE size = %s AND version = %s",
                [size, SEED_VERSION],
            )
            row = cursor.fetchone()
    finally:
        connection.close()
    if row is None:
        return None
    counts, people, ids, key, seconds = row
    return Dataset(size, name, database_url(name), counts, people, ids, key, seconds=seconds)


def record_dataset(cursor, dataset: Dataset) -> None:
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_dataset (size text PRIMARY KEY, version int NOT NULL, "
        "finished_at timestamptz NOT NULL DEFAULT now(), seconds double precision NOT NULL, counts jsonb NOT NULL, "
        "people jsonb NOT NULL, ids jsonb NOT NULL, admin_totp_key text NOT NULL)"
    )
    cursor.execute(
        "INSERT INTO bench_dataset (size, version, seconds, counts, people, ids, admin_totp_key) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (size) DO UPDATE SET version = EXCLUDED.version, "
        "finished_at = now(), seconds = EXCLUDED.seconds, counts = EXCLUDED.counts, people = EXCLUDED.people, "
        "ids = EXCLUDED.ids, admin_totp_key = EXCLUDED.admin_totp_key",
        [
            dataset.size,
            SEED_VERSION,
            dataset.seconds,
            json.dumps(dataset.counts),
            json.dumps(dataset.people),
            json.dumps(dataset.ids),
            dataset.admin_totp_key,
        ],
    )


# --- From other bench code ------------------------------------------------------------------------------


def ensure(size: str) -> Dataset:
    """The dataset of `size` in its default database, seeded first (in a child
    process, under the seed's lock) when it is missing. Safe to call from any
    process: it reads the record over its own connection and never touches the
    caller's Django settings or connections."""
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}: choose one of {', '.join(SIZES)}.")
    name = default_name(size)
    dataset = read_dataset(size, name)
    if dataset is None:
        command = [sys.executable, "-m", "bench.seed", size, "--database", name]
        subprocess.run(command, check=True, cwd=PROJECT_ROOT)  # noqa: S603 (our own interpreter and module)
        dataset = read_dataset(size, name)
    else:
        # Seeded before the latest migrations (a new index, a new column):
        # bring it up to date, so pages are timed on the schema of the code.
        command = [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"]
        env = {**os.environ, "DATABASE_URL": dataset.database_url}
        subprocess.run(command, check=True, cwd=PROJECT_ROOT, env=env)  # noqa: S603 (our own interpreter)
    if dataset is None:
        raise RuntimeError(f"Seeding {name} did not finish.")
    return dataset


# --- The command ----------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", default="small", choices=list(SIZES))
    parser.add_argument("--database", help="default: cas_bench_<size>")
    parser.add_argument("--force", action="store_true", help="drop the database and seed it again")
    args = parser.parse_args(argv)
    name = check_name(args.database or default_name(args.size))
    started = time.perf_counter()
    maintenance = _connect("postgres")
    maintenance.autocommit = True
    try:
        with maintenance.cursor() as cursor:
            # One seeder per database at a time: a second one waits, then finds it done.
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [f"cas-bench-seed:{name}"])
            dataset = None if args.force else read_dataset(args.size, name)
            if dataset is not None:
                print(f"{name}: {args.size} dataset already seeded ({time.perf_counter() - started:.1f} s to check)")
                _print(dataset)
                return 0
            dataset = _seed_database(cursor, args.size, name, started)
    finally:
        maintenance.close()  # and with it the lock
    _print(dataset)
    return 0


def _seed_database(maintenance, size: str, name: str, started: float) -> Dataset:
    os.environ["DATABASE_URL"] = database_url(name)
    from bench.scratch import setup_django

    setup_django("cas-bench-seed-")
    from django.core.management import call_command
    from django.db import connection

    template = _template_name()
    maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    maintenance.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template])
    has_template = maintenance.fetchone() is not None
    # A database made from the migrated template only checks its migrations.
    maintenance.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if has_template else ""))
    call_command("migrate", verbosity=0)
    if not has_template:
        connection.close()
        _keep_as_template(maintenance, name, template)
    print(f"{name}: migrated in {time.perf_counter() - started:.1f} s; seeding {size}")
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        trusted = cursor.fetchone()[0]
        second = _connect(name)
        try:
            dataset = seed(cursor, size, name, commit=raw.commit, trusted=trusted, second=second)
        finally:
            second.close()
        dataset = Dataset(**{**asdict(dataset), "seconds": round(time.perf_counter() - started, 1)})
        record_dataset(cursor, dataset)
    raw.commit()
    print(f"{name}: {size} seeded in {dataset.seconds:.1f} s")
    return dataset


def _template_name() -> str:
    """`cas_bench_template_<hash>`: an empty database migrated to exactly the
    migrations on disk (project and installed apps), named by their list, so
    that a new migration makes a new template instead of a stale copy."""
    import hashlib

    from django.db.migrations.loader import MigrationLoader

    nodes = sorted(f"{app}.{migration}" for app, migration in MigrationLoader(None).graph.nodes)
    return f"cas_bench_template_{hashlib.sha256(chr(10).join(nodes).encode()).hexdigest()[:12]}"


def _keep_as_template(maintenance, name: str, template: str) -> None:
    """Copy the freshly migrated database as the template of the next runs (best
    effort: a copy needs the source without other connections)."""
    import psycopg2

    try:
        maintenance.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
    except psycopg2.Error as error:
        print(f"{name}: not kept as a template ({error.pgerror or error})")
        return
    # Templates of other migration sets are stale now.
    maintenance.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE 'cas\\_bench\\_template\\_%%' AND datname <> %s",
        [template],
    )
    for (stale,) in maintenance.fetchall():
        maintenance.execute(f'DROP DATABASE IF EXISTS "{check_name(stale)}"')


def seed(
    cursor, size: str, name: str = "", *, commit=lambda: None, trusted: bool = False, second=None, log=print
) -> Dataset:
    """Fill the database behind `cursor` (a psycopg2 cursor on a migrated
    database) with a dataset of `size`, and say what it holds. `commit` runs
    after each step (the command commits; a test leaves it to its
    transaction). `trusted` skips the row-by-row foreign-key triggers (it
    needs a superuser); either way every key is checked in bulk at the end.
    `second`, another psycopg2 connection to the same database, writes the
    diagnostic and the workshop meanwhile (a command's run, not a test's)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from bench import seed_fill
    from bench.seed_plan import make_plan
    from communities.models.community import current_school_year

    cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM communities_user")
    first_user = cursor.fetchone()[0]
    plan = make_plan(SIZES[size], first_user)
    fill = seed_fill.Fill(
        cursor=cursor,
        plan=plan,
        now=timezone.now(),
        today=timezone.localdate().isoformat(),
        school_year=current_school_year(),
        password_hash=make_password(PASSWORD),  # one hash for everybody: hashing 80,000 would take an hour
        trusted=trusted,
        log=log,
    )
    if second is None or not trusted:  # the chains may commit in any order only when nothing checks keys meanwhile
        seed_fill.run_steps(fill, commit)
    else:
        other = second.cursor()
        sibling = replace(fill.sibling(other), log=lambda line: log(f"{line}  (satellites)"))
        seed_fill.run_in_parallel(fill, commit, sibling, second.commit)
        other.close()
    return Dataset(
        size=size,
        database=name,
        database_url=database_url(name) if name else "",
        counts=_counts(cursor),
        people=dict(seed_fill.REP_EMAILS),
        ids=_representative_ids(fill),
        admin_totp_key=seed_fill.ADMIN_TOTP_KEY,
    )


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for table in COUNTED_TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own list of tables)
        counts[table] = cursor.fetchone()[0]
    return counts


def _representative_ids(fill) -> dict[str, int]:
    cursor = fill.cursor

    def one(statement: str, params: list) -> int | None:
        cursor.execute(statement, params)
        row = cursor.fetchone()
        return row[0] if row else None

    school = fill.school_ids[0]
    community = one("SELECT id FROM communities_community WHERE school_id = %s", [school])
    run = one("SELECT id FROM workshops_workshop WHERE school_id = %s", [school])
    ids = {
        "community": community,
        "meeting": one(
            "SELECT id FROM communities_meeting WHERE community_id = %s AND minutes <> '' ORDER BY starts_at DESC",
            [community],
        ),
        "school": school,
        "campaign": one(
            "SELECT id FROM diagnostics_campaign WHERE school_id = %s AND status = 'closed' ORDER BY opens_on", [school]
        ),
        "workshop_run": run,
        "workshop_space": one(
            "SELECT r.id FROM workshops_spacerun r JOIN workshops_templatespace s ON s.id = r.space_id "
            "WHERE r.workshop_id = %s AND s.workspace = 'huella-colectiva'",
            [run],
        ),
        "session_pk": one("SELECT min(id) FROM workshops_workshopsession WHERE workshop_id = %s", [run]),
        "proposal_pk": one("SELECT min(id) FROM workshops_collaborativeproposal WHERE workshop_id = %s", [run]),
        "situation_pk": one("SELECT min(id) FROM workshops_situation WHERE workshop_id = %s", [run]),
        "problem_pk": one("SELECT min(id) FROM workshops_commonproblem WHERE workshop_id = %s", [run]),
        "milestone_pk": one("SELECT min(id) FROM workshops_pathmilestone WHERE workshop_id = %s", [run]),
        "day_pk": one("SELECT min(id) FROM workshops_directorsday WHERE workshop_id = %s", [run]),
    }
    return ids


def _print(dataset: Dataset) -> None:
    print(json.dumps({"people": dataset.people, "ids": dataset.ids}, ensure_ascii=False))
    width = max(len(table) for table in dataset.counts)
    for table, count in dataset.counts.items():
        print(f"  {table:<{width}} {count:>12,}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

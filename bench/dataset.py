"""The data `make bench` measures: `bench.seed`'s small and large datasets
(`cas_bench_small`, `cas_bench_large`, seeded once and reused), or, while that
module is missing, the demo data in a database of its own (`cas_bench_demo`)
behind the same `Dataset` shape, for both sizes.

`describe(size)` asks in a child process (`python -m bench.dataset SIZE`, which
prints the dataset as JSON): seeding binds Django's settings to a database, and
the caller measures another one next."""

import dataclasses
import json
import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DEMO_DATABASE = "cas_bench_demo"
DEMO_PASSWORD = "aprender-juntos-2026"  # noqa: S105 (the demo accounts' published password)
DEMO_PEOPLE = {
    "teacher": "docente1@escuela-a.demo",
    "director": "director@escuela-a.demo",
    "tutor": "tutor@escuela-a.demo",
    "admin": "admin@cas.demo",
}
DEMO_CCT = "14DCT0038K"  # escuela A: its CAS, a closed línea base, a workshop under way
DEMO_WORKSPACE = "practica-bajo-la-lupa"
SIZES = ("small", "large")


@dataclasses.dataclass(frozen=True)
class Dataset:
    size: str
    database: str
    database_url: str
    counts: dict
    people: dict  # role → e-mail; every password is PASSWORD
    ids: dict  # community, meeting, school, campaign, workshop_run, workshop_space… (bench.seed's docstring)
    admin_totp_key: str = ""
    workspace: str = DEMO_WORKSPACE  # the slug of the work space page: /taller/<workshop_run>/espacios/<workspace>/
    source: str = "bench.seed"
    password: str = DEMO_PASSWORD

    def as_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))


def server_url() -> str:
    """The PostgreSQL server of DATABASE_URL, or the local one."""
    url = os.environ.get("DATABASE_URL", "")
    return url if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"} else LOCAL_SERVER


def database_url(name: str) -> str:
    return urlunsplit(urlsplit(server_url())._replace(path=f"/{name}"))


def has_seed_module() -> bool:
    return find_spec("bench.seed") is not None


def describe(size: str) -> Dataset:
    """The dataset of `size`, seeded first when it is not there yet (in a child process)."""
    env = {**os.environ, "DATABASE_URL": server_url()}
    done = subprocess.run(  # noqa: S603 (our own module, no shell)
        [sys.executable, "-m", "bench.dataset", size],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    fields = json.loads(done.stdout.strip().splitlines()[-1])
    return Dataset(**fields)


def ensure(size: str) -> Dataset:
    """In this process: bench.seed's dataset, or the demo adapter's."""
    if has_seed_module():
        from bench import seed

        found = seed.ensure(size)
        fields = {f.name: getattr(found, f.name) for f in dataclasses.fields(Dataset) if hasattr(found, f.name)}
        return Dataset(**{**fields, "source": "bench.seed"})
    return _demo(size)


def _demo(size: str) -> Dataset:
    """The demo data (`manage.py seed_demo`) in `cas_bench_demo`, seeded once."""
    import psycopg2

    url = database_url(DEMO_DATABASE)
    _create_database(DEMO_DATABASE)
    if not _demo_is_seeded(url):
        env = {**os.environ, "DATABASE_URL": url}
        env.pop("REDIS_URL", None)  # the demo's e-mails go nowhere: a file-based queue in VAR_DIR
        env.setdefault("VAR_DIR", str(BASE_DIR / "var" / "bench"))
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *command], cwd=BASE_DIR, env=env, check=True, stdout=sys.stderr
            )
    parts = urlsplit(url)
    with psycopg2.connect(dbname=DEMO_DATABASE, user=parts.username, host=parts.hostname, port=parts.port) as db:
        cursor = db.cursor()

        def one(sql: str, *args) -> int:
            cursor.execute(sql, args)
            return cursor.fetchone()[0]

        school = one("SELECT id FROM communities_school WHERE cct = %s", DEMO_CCT)
        community = one("SELECT id FROM communities_community WHERE school_id = %s ORDER BY id LIMIT 1", school)
        ids = {
            "school": school,
            "community": community,
            "meeting": one(
                "SELECT id FROM communities_meeting WHERE community_id = %s AND minutes <> '' "
                "ORDER BY starts_at DESC LIMIT 1",
                community,
            ),
            "campaign": one(
                "SELECT id FROM diagnostics_campaign WHERE school_id = %s AND status = 'closed' ORDER BY id LIMIT 1",
                school,
            ),
            "workshop_run": one(
                "SELECT id FROM workshops_workshop WHERE school_id = %s ORDER BY starts_on DESC LIMIT 1", school
            ),
        }
        counts = {}
        for table in (
            "communities_user",
            "communities_school",
            "communities_community",
            "communities_meeting",
            "communities_agreement",
            "communities_reflection",
            "communities_practice",
            "diagnostics_answer",
        ):
            counts[table.split("_", 1)[1]] = one(f"SELECT count(*) FROM {table}")  # noqa: S608 (our table names)
    return Dataset(
        size=size,
        database=DEMO_DATABASE,
        database_url=url,
        counts=counts,
        people=dict(DEMO_PEOPLE),
        ids=ids,
        source="demo (bench.seed missing)",
    )


def _create_database(name: str) -> None:
    import psycopg2

    parts = urlsplit(server_url())
    admin = psycopg2.connect(dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        admin.close()


def _demo_is_seeded(url: str) -> bool:
    import psycopg2

    parts = urlsplit(url)
    try:
        with psycopg2.connect(dbname=DEMO_DATABASE, user=parts.username, host=parts.hostname, port=parts.port) as db:
            cursor = db.cursor()
            cursor.execute("SELECT 1 FROM communities_user WHERE email = %s", [DEMO_PEOPLE["admin"]])
            return cursor.fetchone() is not None
    except psycopg2.Error:
        return False


def main(argv: list[str]) -> int:
    size = argv[0] if argv else "small"
    if size not in SIZES:
        print(f"usage: python -m bench.dataset [{'|'.join(SIZES)}]", file=sys.stderr)
        return 2
    # Whatever seeding prints goes to stderr: stdout carries the JSON line.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        found = ensure(size)
    finally:
        sys.stdout = real_stdout
    print(found.as_json())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

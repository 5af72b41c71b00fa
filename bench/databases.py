"""A PostgreSQL database of a bench's own beside the one DATABASE_URL names
(`<name>_<suffix>`), created and dropped through the server's maintenance
database, so the benches that wipe or cut never touch the URL's own data."""

import contextlib
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def _run_sql(url: str, *statements: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    admin = psycopg2.connect(
        dbname="postgres", user=parts.username, password=parts.password, host=parts.hostname, port=parts.port or 5432
    )
    admin.autocommit = True  # and no `with admin:`, which would open a transaction
    try:
        with admin.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        admin.close()


@contextlib.contextmanager
def own_database(url: str, suffix: str) -> Iterator[tuple[str, str]]:
    """(the URL of a new, empty database `<name>_<suffix>`, its name); dropped
    on the way out, with whatever connections are still open to it."""
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{suffix}"
    _run_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), name
    finally:
        _run_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

# ruff: noqa: S608 (the SQL is put together from this module's own constants, lengths and
# column names, never from input; every value travels as a parameter)
"""The machinery of the bench seed's SQL: a `Fill` carries the cursor, the
plan and the moment the seed pretends it is, and runs statements (with
`pg_temp.pick(%(list)s)` for a random element of a list), COPYs from
in-memory buffers and reserves blocks of ids."""

import io
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from bench.seed_plan import Plan

LOCAL = "America/Mexico_City"  # the schools' time zone (the project's TIME_ZONE)
SLOW_STATEMENT = 0.2  # seconds: a statement that takes longer is named in the log


@dataclass
class Fill:
    cursor: object  # a psycopg2 cursor
    plan: Plan
    now: datetime  # aware, UTC
    today: str  # the schools' date, ISO
    school_year: str
    password_hash: str
    # Skip the per-row foreign-key triggers (superuser only), checked in bulk at the end instead.
    trusted: bool = False
    log: Callable[[str], None] = print
    timings: dict[str, float] = field(default_factory=dict)
    school_ids: dict[int, int] = field(default_factory=dict)
    first_cas: int = 0
    first_meeting: int = 0

    def sibling(self, cursor) -> "Fill":
        """The same fill over another connection (its own temporary tables)."""
        return replace(self, cursor=cursor, timings={})

    def sql(self, statement: str, params: dict | None = None) -> None:
        params = {"now": self.now, "today": self.today, **(params or {})}
        statement = _inline_picks(statement, params)
        started = time.perf_counter()
        self.cursor.execute(statement, params)
        elapsed = time.perf_counter() - started
        if elapsed > SLOW_STATEMENT:
            self.log(f"    {elapsed:5.1f} s  {statement[:70]}")

    def copy(self, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
        """COPY the rows (tuples of str, int, None…) in from one in-memory buffer."""
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(_copy_value(value) for value in row))
            buffer.write("\n")
        buffer.seek(0)
        self.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)

    def reserve(self, table: str, count: int) -> int:
        """The first of `count` consecutive ids taken from the table's sequence."""
        self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = self.cursor.fetchone()[0]
        self.cursor.execute("SELECT nextval(%s)", [sequence])
        first = self.cursor.fetchone()[0]
        if count > 1:
            self.cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def scalar(self, statement: str, params: dict | None = None):
        self.sql(statement, params)
        return self.cursor.fetchone()[0]


PICK = re.compile(r"pg_temp\.pick\(%\((\w+)\)s\)")


def _inline_picks(statement: str, params: dict) -> str:
    """`pg_temp.pick(%(words)s)` written out as an array subscript: the same
    random element, without a function call per row (a million rows call it
    four times each)."""
    return PICK.sub(lambda m: f"(%({m[1]})s::text[])[1 + floor(random() * {len(params[m[1]])})::int]", statement)


def rows(fill: Fill, statement: str, params: dict | None = None) -> list[tuple]:
    fill.sql(statement, params)
    return fill.cursor.fetchall()


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

"""Reads that may come from a read replica: the report builds and the
platform's figures, which read much, write nothing and can bear data a second
old. The project's database router sends the reads made inside
`reading_from_replica()` to the replica when one is configured; without one,
and for every write, nothing changes."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_wanted: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Inside this block (or a function it decorates) reads may be answered by
    the replica; per thread and per task, so other requests are untouched."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def replica_wanted() -> bool:
    return _wanted.get()

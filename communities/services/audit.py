"""The audit trail: rows are appended by the services (`record_event`) and
never changed or deleted, except on two documented paths.

- `anonymising()`: the one way a row's texts (subject, before, after) may be
  rewritten, used by the anonymisation of a person (their name replaced by a
  pseudonym everywhere, the trail included). Who, what, when and the rows the
  event names (community, school, person, actor) cannot change even then.
- `backdating()`: the demo dates what it seeds (only `created_at` moves).

The model refuses any other update or delete (`EventQuerySet`, `Event.save`),
and on PostgreSQL so does a trigger on the table (migration 0022), whatever
code or SQL tries it.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from communities import page_cache
from communities.models import Community, Event, School, User
from communities.models.events import REWRITING

# The session-local setting the trigger reads (`SET LOCAL`: it ends with the
# transaction, so a rewrite never outlives the block that asked for it).
REWRITE_SETTING = "cas.audit_rewrite"


def event_row(
    *,
    community: Community | None = None,
    school: School | None = None,
    person: User | None = None,
    actor: User | None,
    verb: Event.Verb,
    subject: str = "",
    old: str = "",
    new: str = "",
) -> Event:
    """One line of the audit trail, not yet saved: `record_event` saves it, bulk
    writers (the imports) save many at once."""
    return Event(
        community=community,
        school=school,
        person=person,
        actor=actor,
        verb=verb,
        subject=str(subject)[:300],
        old_value=str(old)[:300],
        new_value=str(new)[:300],
    )


def record_event(
    *,
    community: Community | None = None,
    actor: User | None,
    verb: Event.Verb,
    subject: str = "",
    old: str = "",
    new: str = "",
    school: School | None = None,
    person: User | None = None,
) -> Event:
    """Append one line to the community's activity and audit trail (actor None:
    the platform acted); `old` and `new` keep a value that changed. What happens
    at a school outside its CAS names the `school` instead of a community; what
    is done to a person's own account (their second factor, their sessions,
    their settings) names the `person`."""
    event = event_row(
        community=community, school=school, person=person, actor=actor, verb=verb, subject=subject, old=old, new=new
    )
    event.save()
    # The dashboards that show what this line is about are stale from now on.
    page_cache.events_written([event])
    return event


def record_events(rows: Iterable[Event]) -> list[Event]:
    """Save many lines of `event_row` at once (the imports, the admin's
    changes), leaving the same traces as `record_event`."""
    events = Event.objects.bulk_create(rows)
    if events:
        page_cache.events_written(events)
    return events


@contextmanager
def _rewriting(mode: str) -> Iterator[None]:
    with transaction.atomic():
        token = REWRITING.set(mode)
        _set_rewrite(mode)
        try:
            yield
        finally:
            REWRITING.reset(token)
        _set_rewrite("")  # a block nested in a longer transaction must not leave it on


def _set_rewrite(mode: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [REWRITE_SETTING, mode])


@contextmanager
def anonymising() -> Iterator[None]:
    """Inside this block (one transaction) events' `subject`, `old_value` and
    `new_value` may be updated, and nothing else: the path by which a person's
    name is replaced in the trail. Deleting an event stays refused."""
    with _rewriting("anonymising"):
        yield


@contextmanager
def backdating() -> Iterator[None]:
    """Inside this block (one transaction) events' `created_at` may be moved,
    and nothing else: the demo's seeding dates the story it tells."""
    with _rewriting("backdating"):
        yield

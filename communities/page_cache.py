"""What a dashboard shows, kept in the cache until the data under it changes.

Each school and each person have a *version* in the cache, a random token;
so do the platform's catalogues (what a change naming no place and no person
touches) and the platform as a whole (what every change touches, for the
administrator's figures). `changed(...)` gives new tokens to what a write touched;
`services.audit.record_event` calls it for every line of the audit trail, so
every service that leaves one invalidates the pages that show its work (a
change in a CAS changes its school's version). A cached section is stored
under a key made of its name, the person it was built for, what else it
varies on, and the versions it depends on: a write makes the old entry
unreachable and the next page load builds it again. Nothing is shared across
people, so nothing crosses what each one may see.

A version is bumped at once and again when the transaction commits, so a page
built in between from the data before the commit is not kept under the new
version. Entries also expire (`TIMEOUT`, or sooner when the caller says when
its data turns stale by the clock: a meeting ending, an invitation lapsing,
midnight). With the cache down (`cas_project.cache.ForgivingRedisCache`)
every lookup is a miss and pages are built as if nothing were cached."""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from communities.models import Community, Event

PREFIX = "page"
TIMEOUT = 600  # seconds an entry is kept at most
VERSION_TIMEOUT = 24 * 3600  # longer than any entry, so a lost version only costs a miss
CATALOGUE = f"{PREFIX}:v:catalogue"  # changes that name no place and no person
EVERYTHING = f"{PREFIX}:v:everything"  # any change at all
_MISSING = object()  # a cached False or None is a hit


def _school(school_id: int) -> str:
    return f"{PREFIX}:v:school:{school_id}"


def _person(person_id: int) -> str:
    return f"{PREFIX}:v:person:{person_id}"


def _bump(keys: list[str]) -> None:
    cache.set_many({key: secrets.token_hex(8) for key in keys}, VERSION_TIMEOUT)


def changed(*, school_ids: Iterable[int] = (), person_ids: Iterable[int] = ()) -> None:
    """The data of these schools (and their CAS) or of these people changed
    (neither given: the platform's catalogues): their cached sections, and the
    platform's figures, are stale. Bumps now and again on commit."""
    keys = [*(_school(pk) for pk in set(school_ids)), *(_person(pk) for pk in set(person_ids))]
    keys += [EVERYTHING] if keys else [CATALOGUE, EVERYTHING]
    _bump(keys)
    transaction.on_commit(lambda: _bump(keys))


def events_written(events: Iterable[Any]) -> None:
    """Lines of the audit trail were written: what they name changed."""
    schools: set[int] = set()
    people: set[int] = set()
    unloaded: set[int] = set()  # CAS named by id only: their schools in one query, not one each
    community_field = Event._meta.get_field("community")
    for event in events:
        if event.community_id is not None:
            if community_field.is_cached(event):
                schools.add(event.community.school_id)
            else:
                unloaded.add(event.community_id)
        if event.school_id is not None:
            schools.add(event.school_id)
        if event.person_id is not None:
            people.add(event.person_id)
    if unloaded:
        schools |= set(Community.objects.filter(pk__in=unloaded).values_list("school_id", flat=True))
    changed(school_ids=schools, person_ids=people)


def fetch(
    name: str,
    *,
    person_id: int | None,
    school_ids: Iterable[int] = (),
    everything: bool = False,
    vary: tuple = (),
    build: Callable[[], Any],
    stale_at: Callable[[Any], datetime | None] = lambda value: None,
) -> Any:
    """The section `name` for the person, from the cache or from `build()`,
    valid while the versions of the catalogues, the person and `school_ids`
    (or, `everything`, of the whole platform) stay and the clock is before
    `stale_at(value)` (and the local date is today's)."""
    keys = [CATALOGUE, *(_school(pk) for pk in sorted(set(school_ids)))]
    if person_id is not None:
        keys.append(_person(person_id))
    if everything:
        keys = [EVERYTHING]
    versions = cache.get_many(keys)
    if missing := {key: secrets.token_hex(8) for key in keys if key not in versions}:
        cache.set_many(missing, VERSION_TIMEOUT)
        versions |= missing
    today = timezone.localdate()
    signature = repr((today.isoformat(), vary, [versions[key] for key in keys]))
    key = f"{PREFIX}:{name}:{person_id}:{hashlib.blake2b(signature.encode(), digest_size=16).hexdigest()}"
    value = cache.get(key, _MISSING)
    if value is not _MISSING:
        return value
    value = build()
    if (timeout := _timeout(stale_at(value), today)) > 0:
        cache.set(key, value, timeout)
    return value


def _timeout(stale_at: datetime | None, today) -> int:
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    until = min(filter(None, (stale_at, midnight, now + timedelta(seconds=TIMEOUT))))
    return int((until - now).total_seconds())

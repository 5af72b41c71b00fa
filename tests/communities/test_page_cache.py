"""The dashboards' cache: kept until what it depends on changes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from communities import page_cache

# A change bumps the versions again on commit: the transaction needs the database.
pytestmark = pytest.mark.django_db


class Builds:
    """A section's builder that counts how often it ran."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def _fetch(build, **kwargs):
    return page_cache.fetch("section", person_id=kwargs.pop("person_id", 1), build=build, **kwargs)


def test_it_builds_once_until_something_it_depends_on_changes():
    build = Builds()
    assert _fetch(build, school_ids=[7]) == 1
    assert _fetch(build, school_ids=[7]) == 1
    page_cache.changed(school_ids=[8])
    assert _fetch(build, school_ids=[7]) == 1
    page_cache.changed(school_ids=[7])
    assert _fetch(build, school_ids=[7]) == 2
    page_cache.changed(person_ids=[1])
    assert _fetch(build, school_ids=[7]) == 3
    page_cache.changed()  # the catalogues
    assert _fetch(build, school_ids=[7]) == 4


def test_it_keeps_one_entry_per_person():
    build = Builds()
    assert _fetch(build, person_id=1) == 1
    assert _fetch(build, person_id=2) == 2
    assert _fetch(build, person_id=1) == 1


def test_the_platform_figures_change_with_any_change():
    build = Builds()
    assert _fetch(build, person_id=None, everything=True) == 1
    page_cache.changed(school_ids=[9])
    assert _fetch(build, person_id=None, everything=True) == 2


def test_a_section_stale_by_the_clock_is_not_kept():
    build = Builds()
    _fetch(build, stale_at=lambda value: timezone.now() - timedelta(seconds=1))
    assert _fetch(build) == 2


def test_a_cached_false_is_a_hit():
    calls = []
    for _ in range(2):
        page_cache.fetch("flag", person_id=1, build=lambda: calls.append(1) or False)
    assert calls == [1]


def test_a_line_of_the_audit_trail_changes_its_school(cas, school):
    from communities.models import Event
    from communities.services.audit import record_event

    build = Builds()
    _fetch(build, school_ids=[school.pk])
    record_event(community=cas, actor=cas.director, verb=Event.Verb.VOTED, subject="x")
    assert _fetch(build, school_ids=[school.pk]) == 2


def test_lines_naming_their_cas_by_id_change_its_school_in_one_query(cas, school, django_assert_num_queries):
    from communities.models import Event

    build = Builds()
    _fetch(build, school_ids=[school.pk])
    lines = [Event(community_id=cas.pk, verb=Event.Verb.VOTED, subject=str(n)) for n in range(5)]
    with django_assert_num_queries(1):  # the five CAS's schools, together
        page_cache.events_written(lines)
    assert _fetch(build, school_ids=[school.pk]) == 2


def test_without_a_cache_it_builds_every_time(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    build = Builds()
    assert [_fetch(build), _fetch(build)] == [1, 2]

"""Hostile values in the parameters of addresses that are not ids: tokens
(invitations, calendar feeds, unsubscribe and password links), answer codes,
section numbers, the journal export's format. Each route 200 times, by GET
and (where it writes) by POST with its valid form, as a role that reaches
it: never a 500, and nothing written by an address that does not exist."""

from urllib.parse import quote

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.communities.test_role_matrix import EXPECTATIONS, fingerprint
from tests.hostile.harness import (
    HOSTILE,
    answered,
    assert_nothing_written,
    assert_sound,
    fill,
    free_parameters,
    patterns_by_name,
    person,
    reader,
    sign_in,
    write_mark,
)
from tests.hostile.strategies import path_segments

pytestmark = pytest.mark.django_db

PATTERNS = patterns_by_name()
ROUTES = sorted(route for route in EXPECTATIONS if route in PATTERNS and free_parameters(PATTERNS[route]))


def _quoted(segment: str) -> str:
    # "%" is kept: "%ff" reaches the app as the raw byte the client decodes it to.
    return quote(segment, safe="%")


def test_the_routes_with_free_parameters_are_found():
    assert {"communities:invitation", "communities:calendar_feed", "answer:section", "unsubscribe"} <= set(ROUTES)


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_path_parameter_is_answered_without_500_or_write(client, scene, sessions, route):
    row = EXPECTATIONS[route]
    role = reader(row) if 200 in row.get else "anonymous"
    user = person(scene, role)
    pattern = PATTERNS[route]
    sign_in(client, sessions, user)
    real = client.get(scene.url(route)).resolver_match.kwargs
    methods = ["GET"] + (["POST"] if row.post is not None else [])
    before = fingerprint()

    @HOSTILE
    @given(
        segments=st.fixed_dictionaries(dict.fromkeys(free_parameters(pattern), path_segments)),
        hostile=st.sets(st.sampled_from(free_parameters(pattern)), min_size=1),
        method=st.sampled_from(methods),
    )
    def example(segments, hostile, method) -> None:
        values = {name: str(value) for name, value in real.items()}
        values |= {name: _quoted(segments[name]) for name in hostile}
        url = fill(pattern, values)
        with transaction.atomic():
            sign_in(client, sessions, user)
            send = client.get if method == "GET" else client.post
            mark = write_mark()
            response = answered("path", route, lambda: send(url, row.data(scene) if method == "POST" else None))
            what = f"{method} {url[:300]!r} as {role}"
            assert_sound(response, what)
            if response.status_code == 404:
                assert_nothing_written(before, mark, f"404 to {what}")
            response.close()
            transaction.set_rollback(True)

    example()

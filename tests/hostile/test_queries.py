"""Hostile query strings on every page that reads, as a role that reads it:
the filter forms (journal, bank, platform lists, figures), the downloads and
the JSON answers get 200 examples each; the other pages, whose query string
nothing reads, one in twenty of that (`?page=`, `?next=` and such still
reach them).
Parameters are the page's own GET form fields plus names views read
directly; a quarter of the examples carry bytes that are not UTF-8."""

import pytest
from django.db import transaction
from hypothesis import given

from tests.communities.test_role_matrix import EXPECTATIONS
from tests.hostile.harness import HOSTILE, answered, assert_sound, get_routes, page_fields, person, reader, sign_in
from tests.hostile.strategies import query_strings

pytestmark = pytest.mark.django_db

# Read straight from request.GET by some view (pagination, the results' base, a prompt).
READ_DIRECTLY = frozenset({"page", "base", "prompt", "next", "q", "format", "state", "school", "tutor"})
ROUTES = get_routes({"", "communities", "diagnostics", "answer", "workshops"})


def _examples(response, fields: frozenset[str]) -> int:
    is_html = "text/html" in response.get("Content-Type", "")
    return HOSTILE.max_examples if fields or not is_html else max(1, HOSTILE.max_examples // 20)


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_query_string_is_answered_without_500_or_echo(client, scene, sessions, route):
    role = reader(EXPECTATIONS[route])
    user = person(scene, role)
    sign_in(client, sessions, user)
    url = scene.url(route)
    first = client.get(url)
    fields = (
        page_fields(client, url, route=first.resolver_match.view_name, method="get")
        if first.status_code == 200
        else frozenset()
    )
    first.close()

    @HOSTILE.__class__(HOSTILE, max_examples=_examples(first, fields))
    @given(query=query_strings(fields | READ_DIRECTLY))
    def example(query) -> None:
        params, raw = query
        with transaction.atomic():
            sign_in(client, sessions, user)
            response = answered(
                "query",
                route,
                lambda: client.get(url, params) if raw is None else client.generic("GET", url, QUERY_STRING=raw),
            )
            assert_sound(response, f"GET {route} as {role} with {params if raw is None else raw[:200]!r}")
            response.close()
            transaction.set_rollback(True)

    example()

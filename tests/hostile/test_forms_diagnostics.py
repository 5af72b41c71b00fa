"""Hostile input in every form of the diagnostic (campaigns, paper sheets, answering with a code): each route posted
200 times by the role that may carry it out, its valid form with fields
oversize, empty, repeated, NUL, invalid UTF-8, Unicode edge cases, numbers no
column holds and markup, or a body the parser must refuse."""

import pytest

from tests.hostile.harness import PostProbe, post_routes
from tests.hostile.strategies import submissions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("route", post_routes({"diagnostics", "answer"}))
def test_hostile_form_is_answered_without_500_partial_write_or_echo(client, scene, sessions, route):
    PostProbe("diag", route, scene, sessions, client).run(submissions)

"""Two people acting at the same moment, on PostgreSQL (SQLite serialises every
write, so only PostgreSQL shows whether the row locks hold)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from communities.models import Membership
from communities.services.communities import set_teacher_cap
from communities.services.membership import accept_invitation, invite_teacher
from tests.conftest import IN_CI, more_teachers, require

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(*actions) -> list:
    """Run each action in its own thread and database connection, released
    together; return what each returned or raised."""
    start = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        try:
            start.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # noqa: BLE001 - the caller inspects what happened
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_teachers_accepting_the_last_seat_at_once_get_one_seat(cas, school, admin_user):
    if not IN_CI:
        require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"
    set_teacher_cap(actor=admin_user, community=cas, cap=2)  # `teacher` holds one seat; one is left
    first, second = more_teachers(school, 2)
    invitations = [invite_teacher(actor=cas.director, community=cas, teacher=t) for t in (first, second)]

    results = _at_once(
        lambda: accept_invitation(actor=first, invitation=invitations[0]),
        lambda: accept_invitation(actor=second, invitation=invitations[1]),
    )

    joined = [result for result in results if isinstance(result, Membership)]
    refused = [result for result in results if isinstance(result, ValidationError)]
    assert (len(joined), len(refused)) == (1, 1), results
    assert refused[0].code == "full"
    assert cas.memberships.current().count() == 2

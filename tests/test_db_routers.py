"""The report builds and the platform's figures read from the replica when
there is one; every write, every other read and anything inside a transaction
stays on the primary; without a replica nothing changes."""

import threading
from contextlib import contextmanager

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from cas_project.db_routers import REPLICA, ReplicaRouter
from communities import documents, figures
from communities.models import Report, School
from communities.replica import reading_from_replica, replica_wanted
from communities.services import reports


@contextmanager
def a_replica_mirroring_default():
    """A `replica` alias on the database the test uses, as DATABASE_REPLICA_URL
    with TEST MIRROR gives one: a second connection to the same data."""
    connections.settings[REPLICA] = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def test_without_a_replica_reads_in_the_block_stay_on_default():
    with reading_from_replica():
        assert School.objects.all().db == "default"


def test_reads_in_the_block_go_to_the_replica():
    with a_replica_mirroring_default(), reading_from_replica():
        assert School.objects.all().db == REPLICA
        assert router.db_for_read(Report) == REPLICA


def test_reads_outside_the_block_stay_on_default():
    with a_replica_mirroring_default():
        assert School.objects.all().db == "default"
        with reading_from_replica():
            pass
        assert School.objects.all().db == "default"


def test_writes_always_go_to_default():
    with a_replica_mirroring_default(), reading_from_replica():
        assert router.db_for_write(Report) == "default"
        assert Report.objects.select_for_update().db == "default"


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_default():
    # pytest-django holds each test in a transaction: what it wrote is seen.
    with a_replica_mirroring_default(), reading_from_replica():
        assert School.objects.all().db == "default"


def test_the_block_belongs_to_its_thread():
    seen = []
    with reading_from_replica():
        worker = threading.Thread(target=lambda: seen.append(replica_wanted()))
        worker.start()
        worker.join()
        assert replica_wanted()
    assert seen == [False] and not replica_wanted()


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate(REPLICA, "communities") is False
    assert ReplicaRouter().allow_migrate("default", "communities") is True


@pytest.fixture(scope="class")
def _replica(django_db_setup, django_db_blocker):
    # Class-wide, so that it is there before pytest-django's own test case,
    # which must know the alias.
    with django_db_blocker.unblock(), a_replica_mirroring_default():
        yield


@pytest.mark.usefixtures("_replica")
class TestOnAReplica:
    """Against a second connection, as in production: the transactional tests
    commit, so the replica's connection sees the rows."""

    @pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
    def test_a_report_is_built_from_the_replica_and_kept_on_default(self, school, director):
        report = Report.objects.create(
            kind=documents.SCHOOL_REPORT,
            subject=documents.school_subject(school),
            school=school,
            requested_by=director,
        )
        with (
            CaptureQueriesContext(connections[REPLICA]) as on_replica,
            CaptureQueriesContext(connections["default"]) as on_default,
        ):
            built = reports.build(report_id=report.pk)
        assert built.status == Report.Status.READY
        assert any("communities_school" in query["sql"] for query in on_replica.captured_queries)
        # The claim and the finished row: the primary's, never the replica's.
        assert all("UPDATE" not in query["sql"] for query in on_replica.captured_queries)
        assert sum("UPDATE" in query["sql"] for query in on_default.captured_queries) == 2

    @pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
    def test_the_platforms_figures_are_counted_on_the_replica(self, school):
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            counted = figures.figures()
        assert counted.schools == 1
        assert len(on_replica.captured_queries) >= 5  # overview's counts and the participation

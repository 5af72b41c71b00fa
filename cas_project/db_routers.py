"""Which database a query goes to. Everything goes to `default` (the primary,
through PgBouncer in production), except the reads made inside
`communities.replica.reading_from_replica()` (report builds, the platform's
figures) when DATABASE_REPLICA_URL configured a `replica` and no transaction is
open on the primary: a transaction must see its own writes, and reads next to
it the same snapshot."""

from django.db import DEFAULT_DB_ALIAS, connections

from communities.replica import replica_wanted

REPLICA = "replica"


def _replica_serves() -> bool:
    return replica_wanted() and REPLICA in connections.settings and not connections[DEFAULT_DB_ALIAS].in_atomic_block


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return REPLICA if _replica_serves() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the primary's rows: an object read from either may
        # point at one read from the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # The replica follows the primary's schema by replication.
        return db != REPLICA

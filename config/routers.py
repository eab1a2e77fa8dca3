"""The database router for a read replica (docs/deployment.md).

Reads inside ``core.replica.reading_replica()`` go to the ``replica`` alias when it is
configured. Every write goes to the primary, even for an object that was read from the
replica (Django would otherwise save it back where it came from). The replica is never
migrated: it follows the primary through PostgreSQL's streaming replication.
"""

from django.db import DEFAULT_DB_ALIAS, connections

from core.replica import REPLICA, replica_wanted

SAME_DATA = {DEFAULT_DB_ALIAS, REPLICA}


def _replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if replica_wanted() and _replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS if _replica_configured() else None

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= SAME_DATA:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None

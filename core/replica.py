"""Reads that may be served by a read replica (docs/deployment.md).

Statistics and reports read a lot and tolerate data a few seconds old; wrap them in
``reading_replica()`` (a context manager, or a decorator on a view). Inside it, the
database router (config/routers.py) sends reads to the ``replica`` alias when
``DATABASE_REPLICA_URL`` configures one; writes always go to the primary. Without a
replica it changes nothing.
"""

from contextlib import contextmanager
from contextvars import ContextVar

REPLICA = "replica"
_reading = ContextVar("hongyi_reading_replica", default=False)


@contextmanager
def reading_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_wanted() -> bool:
    return _reading.get()

"""CPU time that a load test's server side spends, read from /proc: gunicorn's workers
and, on PostgreSQL, the server processes serving the benchmark's database.

On a shared machine a request rate moves with whatever else runs; the CPU each request
costs moves far less, and on two saturated cores it is what sets the rate. Sampled
before and after a wrk run, divided by the requests it made.
"""

import os
from pathlib import Path

HERTZ = os.sysconf("SC_CLK_TCK")


def _ticks(pid: int) -> int:
    """utime + stime of one process (0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def database_pids() -> list[int]:
    """PostgreSQL's server processes for this database, other than our own connection."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def seconds(pids: list[int]) -> float:
    return sum(_ticks(pid) for pid in pids) / HERTZ


def loadgen_seconds() -> float:
    """CPU of this process's finished children (wrk), user + system."""
    usage = os.times()
    return usage.children_user + usage.children_system

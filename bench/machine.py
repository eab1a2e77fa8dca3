"""One paragraph describing the machine and versions, printed above every table."""

import os
import platform
import sqlite3
import subprocess
from pathlib import Path


def describe() -> str:
    return "\n".join(f"- {label}: {value}" for label, value in _facts())


def _facts():
    yield "date", subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True,  # noqa: S607
                                 text=True, check=False).stdout.strip()  # fmt: skip
    yield "CPU", f"{_cpu_model()}, {os.cpu_count()} cores"
    yield "memory", f"{_memory_gib():.0f} GiB"
    yield "OS", f"{platform.system()} {platform.release()}"
    yield "Python", platform.python_version()
    yield "SQLite", sqlite3.sqlite_version
    yield "PostgreSQL", _postgres_version()
    yield "WeasyPrint", _version("weasyprint")
    yield "Django", _version("django")


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    first = Path("/proc/meminfo").read_text().splitlines()[0]
    return int(first.split()[1]) / 1024 / 1024


def _postgres_version() -> str:
    try:
        import psycopg

        url = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(url, connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - the description must not stop the run
        return f"unavailable ({error.__class__.__name__})"


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)

"""CPU per request of the scan and of the bare view, in-process, without a server.

A noise-resistant companion to bench_scan (which needs a quiet machine): many requests
go straight through Django's WSGI handler, the same settings, URLconf, middleware and
database as bench_scan's gunicorn, and the process's own CPU time is measured, not the
wall clock. Bare and scan alternate in blocks, and each figure is the median of its
blocks. On PostgreSQL the server process's CPU for the same requests is read from
/proc (10 ms ticks, so use blocks of a few hundred requests).

    .venv/bin/python bench/scan_cpu.py                 # SQLite
    .venv/bin/python bench/scan_cpu.py --postgres      # a fresh hongyi_bench_scancpu
    .venv/bin/python bench/scan_cpu.py --profile scan  # cProfile of the scans, top 40
    .venv/bin/python bench/scan_cpu.py --callgrind     # instructions per request (slow)

``--callgrind`` reruns the script under valgrind (instrumentation off until the requests
start, switched by a tiny C helper built with gcc and valgrind's callgrind.h): an
instruction count does not move with whatever else the machine is running.
"""

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _environ(path: str, body: bytes, cookie: str) -> dict:
    from bench_scan import HEADERS

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": HEADERS["Content-Type"],
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_HOST": HEADERS["Host"],
        "HTTP_REFERER": HEADERS["Referer"],
        "HTTP_X_CSRFTOKEN": HEADERS["X-CSRFToken"],
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


class Runner:
    def __init__(self, application, secret: str, cookies: list[str]):
        import json

        self.app, self.cookies = application, iter(cookies)
        self.body = json.dumps({"token": secret, "latitude": 38.3, "longitude": 114.0}).encode()

    def bare(self) -> None:
        self._call(_environ("/bench/insert/", b"{}", ""), "201")

    def scan(self) -> None:
        self._call(_environ("/api/v1/stations/scan", self.body, next(self.cookies)), "201")

    def _call(self, environ, expected: str) -> None:
        status = []
        response = self.app(environ, lambda s, headers, exc_info=None: status.append(s))
        b"".join(response)
        response.close()
        if not status[0].startswith(expected):
            raise RuntimeError(f"{environ['PATH_INFO']} answered {status[0]}")


def _server_ticks() -> int | None:
    """utime + stime of this connection's PostgreSQL server process, in clock ticks."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def measure(runner: Runner, kind: str, count: int) -> tuple[float, float | None]:
    """(client CPU µs per request, server CPU µs per request or None)."""
    call = getattr(runner, kind)
    ticks = _server_ticks()
    started = time.process_time()
    for _ in range(count):
        call()
    client = (time.process_time() - started) / count * 1e6
    if ticks is None:
        return client, None
    hertz = os.sysconf("SC_CLK_TCK")
    return client, (_server_ticks() - ticks) / hertz / count * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("-n", type=int, default=500, help="requests per block")
    parser.add_argument("-r", type=int, default=7, help="blocks of each kind")
    parser.add_argument("--only", choices=["bare", "scan"])
    parser.add_argument("--profile", choices=["bare", "scan"])
    parser.add_argument("--sample", choices=["bare", "scan"], help="pyinstrument, if installed")
    parser.add_argument("--callgrind", action="store_true", help="instructions, not seconds")
    args = parser.parse_args()
    if args.callgrind and not os.environ.get(UNDER_CALLGRIND):
        return _callgrind(args)
    _set_up(args.postgres)
    import bench_scan
    from django.core.wsgi import get_wsgi_application

    secret, cookies = bench_scan._world(args.n * (args.r + 1) + 10)
    bench_scan._settle()
    runner = Runner(get_wsgi_application(), secret, cookies)
    if args.profile:
        return _profile(runner, args.profile, args.n)
    if args.sample:
        return _sample(runner, args.sample, args.n)
    if args.callgrind:
        return _count(runner, [args.only] if args.only else ["bare", "scan"], args.n)
    kinds = [args.only] if args.only else ["bare", "scan"]
    for kind in kinds:  # warm: compiled statements, imports, caches
        measure(runner, kind, 10 if args.only else args.n // 5)
    figures = {kind: [] for kind in kinds}
    for _ in range(args.r):
        for kind in kinds:
            figures[kind].append(measure(runner, kind, args.n))
    _print(figures)
    return 0


def _set_up(postgres: bool) -> None:
    os.environ["HONGYI_DATA_DIR"] = tempfile.mkdtemp(prefix="hongyi-scancpu-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "scanserver_settings"
    os.environ["DEBUG"] = "false"
    if postgres:
        from run import _fresh_postgres

        os.environ["DATABASE_URL"] = _fresh_postgres("bench_scancpu")
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    if os.environ.get("SCAN_CPU_HOOK"):  # e.g. a module that stubs one step, to weigh it
        __import__(os.environ["SCAN_CPU_HOOK"])


def _print(figures: dict) -> None:
    medians = {}
    for kind, runs in figures.items():
        client = statistics.median(run[0] for run in runs)
        server = [run[1] for run in runs if run[1] is not None]
        medians[kind] = client + (statistics.median(server) if server else 0)
        extra = f", server {statistics.median(server):7.1f} µs" if server else ""
        spread = f"{min(r[0] for r in runs):.0f}–{max(r[0] for r in runs):.0f}"
        print(f"{kind:<5} client {client:7.1f} µs/request (blocks {spread}){extra}")
    if len(medians) == 2:
        print(f"scan − bare: {medians['scan'] - medians['bare']:.1f} µs (client + server)")


UNDER_CALLGRIND = "HONGYI_UNDER_CALLGRIND"
HELPER = r"""
#include <valgrind/callgrind.h>
void cg_start(void) { CALLGRIND_START_INSTRUMENTATION; CALLGRIND_ZERO_STATS; }
void cg_dump(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
void cg_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; }
"""


def _callgrind(args) -> int:
    """Run this script again under callgrind and print instructions per request."""
    import subprocess

    folder = Path(tempfile.mkdtemp(prefix="hongyi-callgrind-"))
    (folder / "helper.c").write_text(HELPER)
    build = ["gcc", "-O2", "-shared", "-fPIC", "-o", str(folder / "helper.so"),
             str(folder / "helper.c")]  # fmt: skip
    subprocess.run(build, check=True)  # noqa: S603 - a fixed command
    command = ["/usr/bin/valgrind", "--tool=callgrind", "--instr-atstart=no",
               f"--callgrind-out-file={folder}/out.%p", sys.executable, *sys.argv]  # fmt: skip
    env = {**os.environ, UNDER_CALLGRIND: str(folder), "PYTHONHASHSEED": "0"}
    subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)  # noqa: S603
    for dump in sorted(folder.glob("out.*.*")):
        text = dump.read_text(errors="replace")
        kind = re.search(r"^desc: Trigger: Client Request: (\w+)", text, re.M).group(1)
        total = int(re.search(r"^(?:summary|totals): (\d+)", text, re.M).group(1))
        print(f"{kind:<5} {total / args.n:12,.0f} instructions per request")
    return 0


def _count(runner: Runner, kinds: list[str], count: int) -> int:
    import ctypes

    helper = ctypes.CDLL(str(Path(os.environ[UNDER_CALLGRIND]) / "helper.so"))
    for kind in kinds:
        measure(runner, kind, 20)
    helper.cg_start()
    for kind in kinds:
        for _ in range(count):
            getattr(runner, kind)()
        helper.cg_dump(kind.encode())
    helper.cg_stop()
    return 0


def _sample(runner: Runner, kind: str, count: int) -> int:
    """A sampling profile: less distorted than cProfile by many small calls."""
    from pyinstrument import Profiler

    measure(runner, kind, 50)
    profiler = Profiler(interval=0.0002)
    profiler.start()
    measure(runner, kind, count)
    profiler.stop()
    root = profiler.last_session.root_frame()
    total, cumulative = root.time, {}

    def walk(frame, seen):
        key = f"{frame.function} {frame.file_path_short}:{frame.line_no}"
        if key not in seen:  # recursion counted once
            cumulative[key] = cumulative.get(key, 0) + frame.time
        for child in frame.children:
            walk(child, seen | {key})

    walk(root, frozenset())
    for key, seconds in sorted(cumulative.items(), key=lambda item: -item[1])[:120]:
        print(f"{seconds / total * 100:5.1f}%  {key}")
    return 0


def _profile(runner: Runner, kind: str, count: int) -> int:
    import cProfile
    import pstats

    measure(runner, kind, 50)
    profiler = cProfile.Profile()
    profiler.runcall(measure, runner, kind, count)
    stats = pstats.Stats(profiler).strip_dirs().sort_stats("cumulative")
    stats.print_stats(60)
    stats.sort_stats("tottime").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Check-in scan under gunicorn (2 sync workers), 32 connections over loopback, against a
bare view inserting one row under the same server in the same run.

Bare and scan alternate over a few rounds and each figure is the median of its rounds,
so a burst of load from outside the benchmark does not land on one side only.
The load comes from wrk (C, so it leaves the two cores to the server) with a Lua script
that gives every request its own logged-in volunteer: each scan is a first check-in,
answered 201, never a cheaper 409. Both figures use the same server, middleware,
database, headers and load generator (see scanserver_urls.py for the bare view).
"""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import cpu

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 32
SECONDS = 4  # each timed run
ROUNDS = 3  # bare and scan alternate, so a burst of load from elsewhere hits both alike
WARM_UP_SECONDS = 2
# wrk cannot stop when the volunteers run out, so there are more than the fastest run
# could use: after them a volunteer would scan again and get a cheaper 409.
VOLUNTEERS_PER_SECOND = 2500
UNUSABLE = "!"  # Django's mark for an unusable password: these users never log in by form
CSRF = "benchbenchbenchbenchbenchbench12"  # a 32-character CSRF secret, cookie = header
HEADERS = {
    "Host": "127.0.0.1",
    "Content-Type": "application/json",
    "Referer": "http://127.0.0.1/",
    "X-CSRFToken": CSRF,
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _world(count: int):
    """A station with a poster, and ``count`` active volunteers each logged in once."""
    from core.models import Region
    from stations.models import ServiceProgram, Station
    from stations.services import poster_ensure

    township = Region.objects.get(code="130131110")
    station = Station.objects.create(name="基准驿站", region=township)
    program = ServiceProgram.objects.first()
    station.programs.add(program)
    station.default_program = program
    station.save()
    users = _volunteers(count, township)
    return poster_ensure(station=station).secret, _logged_in(users)


def _volunteers(count: int, township):
    from core.models import User
    from volunteers.choices import Status
    from volunteers.models import Volunteer

    users = User.objects.bulk_create(
        (User(mobile=f"135{n:08d}", name=f"志愿者{n}", password=UNUSABLE) for n in range(count)),
        batch_size=2000,
    )
    Volunteer.objects.bulk_create(
        (
            Volunteer(
                user=user,
                number=f"BENCH{n:08d}",
                status=Status.ACTIVE,
                birth_date=date(1980, 1, 1),
                gender="female",
                township=township,
                consent_policy_version="bench",
                consent_source="online",
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    return users


def _logged_in(users) -> list[str]:
    """A session cookie for each user, stored by the configured session engine, and the
    login pass that the login's answer gives a volunteer's browser (core.passes)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from core import passes

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    model, store = store_class.get_model_class(), store_class()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows, cookies = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "volunteers.auth.VolunteerAwareBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        encoded = store.encode(data)
        rows.append(model(session_key=key, session_data=encoded, expire_date=expires, user=user))
        login_pass = f"{passes.COOKIE}={passes.issue(key, user)}"
        cookies.append(f"sessionid={key}; csrftoken={CSRF}; {login_pass}")
    model.objects.bulk_create(rows, batch_size=2000)
    return cookies


def _settle() -> None:
    """A steady state before timing: planner statistics for the new rows, so autovacuum
    does not wake up to gather them mid-run, and a checkpoint already written."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _server(port: int, root: Path = ROOT):
    """gunicorn with the code in ``root`` (another checkout, for an A/B: scan_ab.py)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scanserver_settings", "DEBUG": "false"}
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--pythonpath", f"{root},{root / 'bench'}",
        "--log-level", "warning", "config.wsgi:application",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=root)  # noqa: S603 - fixed command
    for _ in range(300):  # until a worker answers, not only until the port is bound
        try:
            _post(port, "/bench/insert/", "{}", "")
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _post(port: int, path: str, body: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers={**HEADERS, "Cookie": cookie})
        return conn.getresponse().status
    finally:
        conn.close()


LUA = """
local cookies = {%s}
local threads, i = 0, 0
function setup(thread)
  thread:set("first", threads * math.floor(#cookies / %d))
  threads = threads + 1
end
local headers = %s
request = function()
  i = i + 1
  headers["Cookie"] = cookies[((first or 0) + i - 1) %% #cookies + 1]
  return wrk.format("POST", "%s", headers, '%s')
end
"""


def _lua_headers() -> str:
    return "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in HEADERS.items()) + "}"


def _wrk(port: int, path: str, body: str, cookies: list[str], seconds: int, *, server=None):
    """Load with wrk: (req/s, p99 ms, responses other than 2xx/3xx, socket errors, CPU µs
    per request of the server's processes, CPU µs per request of wrk).

    With ``server`` (gunicorn's Popen) the CPU time of its workers and of their
    PostgreSQL server processes is read before and after (bench/cpu.py)."""
    pids = (cpu.children(server.pid) + cpu.database_pids()) if server else []
    before = cpu.seconds(pids), cpu.loadgen_seconds()
    quoted = ",".join(json.dumps(c) for c in cookies) or '""'
    script = LUA % (quoted, 2, _lua_headers(), path, body)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [shutil.which("wrk"), "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               "-s", handle.name, f"http://127.0.0.1:{port}{path}"]  # fmt: skip
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        Path(handle.name).unlink()
    rate, p99_ms, errors, socket_errors, requests = _parse_wrk(output)
    server_cpu = (cpu.seconds(pids) - before[0]) / requests * 1e6
    wrk_cpu = (cpu.loadgen_seconds() - before[1]) / requests * 1e6
    return rate, p99_ms, errors, socket_errors, server_cpu, wrk_cpu


def _parse_wrk(output: str):
    rate = float(_after(output, r"Requests/sec:\s+([\d.]+)"))
    number, unit = re.search(r" 99%\s+([\d.]+)(us|ms|s|m)\b", output).groups()
    p99_ms = float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]
    errors = int(_after(output, r"Non-2xx or 3xx responses:\s+(\d+)") or 0)
    requests = int(_after(output, r"(\d+) requests in"))
    return rate, p99_ms, errors, _after(output, r"Socket errors:\s*(.*)"), requests


def _after(output: str, pattern: str) -> str | None:
    found = re.search(pattern, output)
    return found.group(1).strip() if found else None


def run(report) -> None:
    if shutil.which("wrk"):
        _run_wrk(report)
    else:
        _run_python(report)


def _run_wrk(report) -> None:
    warm = VOLUNTEERS_PER_SECOND * WARM_UP_SECONDS
    per_round = VOLUNTEERS_PER_SECOND * SECONDS
    secret, cookies = _world(warm + per_round * ROUNDS)
    _settle()
    body = json.dumps({"token": secret, "latitude": 38.3, "longitude": 114.0})
    scan, bare = "/api/v1/stations/scan", "/bench/insert/"
    port = _free_port()
    server = _server(port)
    bares, scans = [], []
    try:
        _wrk(port, bare, "{}", [], WARM_UP_SECONDS)  # both workers, both endpoints warm
        _wrk(port, scan, body, cookies[:warm], WARM_UP_SECONDS)
        for n in range(ROUNDS):
            bares.append(_wrk(port, bare, "{}", [], SECONDS, server=server))
            mine = cookies[warm + n * per_round : warm + (n + 1) * per_round]
            scans.append(_wrk(port, scan, body, mine, SECONDS, server=server))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    _report_rounds(report, bares, scans)


# Issue #18: throughput and tail as ratios to the bare view in the same run.
RATE_GOAL = "ratio ≥ 0.75"
P99_GOAL = "ratio ≤ 1.3"


def _report_rounds(report, bares, scans) -> None:
    """The median of the rounds, each figure on its own (rate, p99, CPU per request)."""
    errors = sum(run[2] for run in scans) + sum(run[2] for run in bares)
    socket_errors = "; ".join(run[3] for run in scans if run[3])
    print(
        f"  wrk, {CONNECTIONS} connections, {ROUNDS} rounds of {SECONDS} s each, alternating; "
        f"scan req/s by round {[round(run[0]) for run in scans]}, "
        f"bare {[round(run[0]) for run in bares]}; non-2xx: {errors}"
        + (f"; socket errors: {socket_errors}" if socket_errors else "")
        + f"; load average {os.getloadavg()[0]:.1f}"
    )
    if errors:
        raise RuntimeError("some requests failed: the figures would not be of real check-ins")
    rate, p99, server, wrk = (statistics.median(run[i] for run in scans) for i in (0, 1, 4, 5))
    bare_rate, bare_p99, bare_server, bare_wrk = (
        statistics.median(run[i] for run in bares) for i in (0, 1, 4, 5)
    )
    print(
        f"  CPU per request: server side (gunicorn workers + database processes) scan "
        f"{server:.0f} µs, bare {bare_server:.0f} µs; wrk scan {wrk:.0f} µs, bare {bare_wrk:.0f} µs"
    )
    report("scan (gunicorn, 2 workers, 32 conns)", rate, "req/s", bare_rate, RATE_GOAL)
    report("scan p99", p99, "ms", bare_p99, P99_GOAL)
    report("scan server CPU per request", server, "µs", bare_server)


def _load(port: int, requests: list[tuple[str, str, str]]) -> tuple[float, float, dict]:
    """Send ``requests`` from CONNECTIONS threads: (req/s, p99 ms, status counts)."""
    latencies, statuses, lock = [], {}, threading.Lock()
    queue = iter(requests)

    def worker():
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                return
            started = time.perf_counter()
            status = _post(port, *item)
            with lock:
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    return len(requests) / elapsed, p99, statuses


def _run_python(report) -> None:
    """Without wrk: a Python load generator, which takes CPU from the server (noted)."""
    count = 3000
    secret, cookies = _world(count + 200)
    _settle()
    body = json.dumps({"token": secret, "latitude": 38.3, "longitude": 114.0})
    port = _free_port()
    server = _server(port)
    try:
        _load(port, [("/bench/insert/", "{}", "")] * 200)  # warm up both workers
        _load(port, [("/api/v1/stations/scan", body, c) for c in cookies[:200]])
        bare_rate, bare_p99, _ = _load(port, [("/bench/insert/", "{}", "")] * count)
        scans = [("/api/v1/stations/scan", body, cookie) for cookie in cookies[200:]]
        scan_rate, scan_p99, statuses = _load(port, scans)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    print(f"  no wrk: Python load generator (shares the CPU); scan statuses {statuses}")
    report("scan (gunicorn, 2 workers, 32 conns)", scan_rate, "req/s", bare_rate, RATE_GOAL)
    report("scan p99", scan_p99, "ms", bare_p99, P99_GOAL)

"""Check-in scan under gunicorn (2 sync workers), 32 connections over loopback, against a
bare view inserting one row under the same server in the same run."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 32
REQUESTS = 3000
UNUSABLE = "!"  # Django's mark for an unusable password: these users never log in by form
CSRF = "benchbenchbenchbenchbenchbench12"  # a 32-character CSRF secret, cookie = header


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _world(count: int):
    """A station with a poster, and ``count`` volunteers each logged in once."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import Region, User
    from stations.models import ServiceProgram, Station
    from stations.services import poster_ensure

    station = Station.objects.create(name="基准驿站", region=Region.objects.get(code="130131110"))
    program = ServiceProgram.objects.first()
    station.programs.add(program)
    station.default_program = program
    station.save()
    users = User.objects.bulk_create(
        User(mobile=f"135{n:08d}", name=f"志愿者{n}", password=UNUSABLE) for n in range(count)
    )
    cookies = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "volunteers.auth.VolunteerAwareBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        cookies.append(f"sessionid={store.session_key}; csrftoken={CSRF}")
    return poster_ensure(station=station).secret, cookies


def _server(port: int):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "scanserver_settings", "DEBUG": "false"}
    command = [
        sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--pythonpath", f"{ROOT},{ROOT / 'bench'}",
        "--log-level", "warning", "config.wsgi:application",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - fixed command
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _load(port: int, requests: list[tuple[str, str, dict]]) -> tuple[float, float, dict]:
    """Send ``requests`` from CONNECTIONS threads: (req/s, p99 ms, status counts)."""
    latencies, statuses, lock = [], {}, threading.Lock()
    queue = iter(requests)

    def worker():
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                return
            method, path, headers, body = item
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(method, path, body=body, headers=headers)
            status = conn.getresponse().status
            conn.close()
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


LUA = """
local cookies = {%s}
local threads = 0
function setup(thread)
  thread:set("offset", threads * math.floor(#cookies / 2))
  threads = threads + 1
end
local i = 0
request = function()
  i = i + 1
  if i == 1 then i = 1 + (offset or 0) %% #cookies end
  local headers = {["Host"] = "127.0.0.1", ["Content-Type"] = "application/json",
                   ["Referer"] = "http://127.0.0.1/", ["X-CSRFToken"] = "%s",
                   ["Cookie"] = cookies[(i %% #cookies) + 1]}
  return wrk.format("%s", "%s", headers, '%s')
end
"""


def _wrk(port: int, target: tuple[str, str, str], cookies: list[str], seconds: int):
    """Load with wrk (C, so the load itself takes little CPU): (req/s, p99 ms, non-2xx)."""
    import shutil
    import tempfile

    method, path, body = target
    quoted = ",".join(json.dumps(c) for c in cookies) or '""'
    script = LUA % (quoted, CSRF, method, path, body)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [shutil.which("wrk"), "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency",
               "-s", handle.name, f"http://127.0.0.1:{port}{path}"]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    Path(handle.name).unlink()
    rate = float(output.split("Requests/sec:")[1].split()[0])
    p99 = output.split(" 99%")[1].split()[0]
    p99_ms = float(p99[:-2]) if p99.endswith("ms") else float(p99[:-1]) * 1000
    errors = (
        int(output.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in output else 0
    )
    return rate, p99_ms, errors


def run(report) -> None:
    import shutil

    if shutil.which("wrk"):
        return _run_wrk(report)
    return _run_python(report)


def _run_wrk(report) -> None:
    seconds = 6
    secret, cookies = _world(9000)
    port = _free_port()
    server = _server(port)
    body = json.dumps({"token": secret, "latitude": 38.3, "longitude": 114.0})
    try:
        bare = ("POST", "/bench/insert/", "{}")
        _wrk(port, bare, [], 2)  # warm up both workers
        bare_rate, bare_p99, _ = _wrk(port, bare, [], seconds)
        scan = ("POST", "/api/v1/stations/scan", body)
        scan_rate, scan_p99, errors = _wrk(port, scan, cookies, seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    print(f"  wrk, {CONNECTIONS} connections, {seconds} s each; non-2xx scans: {errors}")
    report("scan (gunicorn, 2 workers, 32 conns)", scan_rate, "req/s", bare_rate, "ratio ≥ 0.5")
    report("scan p99", scan_p99, "ms", bare_p99, "< 50 ms")


def _run_python(report) -> None:
    secret, cookies = _world(REQUESTS)
    port = _free_port()
    server = _server(port)
    try:
        base = {"Host": "127.0.0.1", "Content-Type": "application/json"}
        bare = [("POST", "/bench/insert/", base, "{}")] * REQUESTS
        body = json.dumps({"token": secret, "latitude": 38.3, "longitude": 114.0})
        scans = [
            ("POST", "/api/v1/stations/scan",
             {**base, "Cookie": cookie, "X-CSRFToken": CSRF, "Referer": "http://127.0.0.1/"},
             body)
            for cookie in cookies
        ]  # fmt: skip
        _load(port, bare[:200])  # warm up both workers
        bare_rate, bare_p99, _ = _load(port, bare)
        scan_rate, scan_p99, statuses = _load(port, scans)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    print(f"  scan statuses {statuses}; p99 scan {scan_p99:.1f} ms, bare {bare_p99:.1f} ms")
    report("scan (gunicorn, 2 workers, 32 conns)", scan_rate, "req/s", bare_rate, "ratio ≥ 0.5")
    report("scan p99", scan_p99, "ms", bare_p99, "< 50 ms")

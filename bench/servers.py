"""The pieces a load benchmark needs around a real server: gunicorn, logged-in cookies, and
an HTTP client that keeps its figures."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = "benchbenchbenchbenchbenchbench12"  # a 32-character CSRF secret, cookie = header


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(*, workers: int, env: dict | None = None, settings: str = "config.settings"):
    """gunicorn serving the project as production would (DEBUG off, static files collected),
    on a free port."""
    port = free_port()
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, "DEBUG": "false", **(env or {})}
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--pythonpath", f"{ROOT},{ROOT / 'bench'}",
        "--log-level", "warning", "config.wsgi:application",
    ]  # fmt: skip
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, env=environ, cwd=ROOT, check=True)  # noqa: S603 - as deployed
    process = subprocess.Popen(command, env=environ, cwd=ROOT)  # noqa: S603 - fixed command
    try:
        _wait_for(port)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def logged_in_cookies(users) -> list[str]:
    """A session per user, made the way ``login()`` makes it, without a password round."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import transaction

    from core.sessions import SessionStore

    cookies = []
    with transaction.atomic():
        for user in users:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "volunteers.auth.VolunteerAwareBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            cookies.append(f"sessionid={store.session_key}; csrftoken={CSRF}")
    return cookies


class Client:
    """Thread-safe request counting: latencies in ms and status codes, per label."""

    def __init__(self, port: int):
        self.port = port
        self.latencies: dict[str, list[float]] = {}
        self.statuses: dict[str, dict[int, int]] = {}
        self._lock = threading.Lock()

    def request(self, label, method, path, cookie, body="") -> tuple[int, bytes]:
        headers = {"Host": "127.0.0.1", "Cookie": cookie, "X-CSRFToken": CSRF,
                   "Content-Type": "application/json", "Referer": "http://127.0.0.1/"}  # fmt: skip
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            content = response.read()
            status = response.status
        finally:
            conn.close()
        self._count(label, (time.perf_counter() - started) * 1000, status)
        return status, content

    def _count(self, label: str, millis: float, status: int) -> None:
        with self._lock:
            self.latencies.setdefault(label, []).append(millis)
            counts = self.statuses.setdefault(label, {})
            counts[status] = counts.get(status, 0) + 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]

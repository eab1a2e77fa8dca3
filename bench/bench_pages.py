"""Page rendering: the home page, against a request that only crosses middleware and routing."""

import time

from django.test import Client

ROUNDS = 300


def _rate(client, path) -> float:
    client.get(path)  # warm up
    started = time.perf_counter()
    for _ in range(ROUNDS):
        client.get(path)
    return ROUNDS / (time.perf_counter() - started)


def run(report) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    # GET on set_language redirects without a template or a query: the floor of a request.
    baseline = _rate(client, "/i18n/setlang/")
    report("home page, anonymous", _rate(client, "/"), "req/s", baseline)

"""An A/B of the scan under gunicorn: the code in another checkout against this one, in
one run, on one database.

Both servers run side by side (2 sync workers each, the same settings as bench_scan) and
the load alternates between them, A then B, round after round, so a burst of load from
elsewhere lands on both alike. Each round gives every request its own logged-in
volunteer, as bench_scan does; ``--bare`` alternates the bare view too.

    git worktree add /tmp/scan-a <commit>     # the code to compare with
    .venv/bin/python bench/scan_ab.py /tmp/scan-a            # SQLite
    .venv/bin/python bench/scan_ab.py /tmp/scan-a --postgres
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the checkout with code A")
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--bare", action="store_true", help="alternate the bare view too")
    args = parser.parse_args()
    _set_up(args.postgres)
    import bench_scan as scan

    per_round = scan.VOLUNTEERS_PER_SECOND * args.seconds
    warm = scan.VOLUNTEERS_PER_SECOND * scan.WARM_UP_SECONDS
    secret, cookies = scan._world(2 * (warm + per_round * args.rounds))
    scan._settle()
    body = scan.json.dumps({"token": secret, "latitude": 38.3, "longitude": 114.0})
    roots = {"A": args.other.resolve(), "B": HERE.parent}
    ports = {side: scan._free_port() for side in roots}
    servers = {side: scan._server(ports[side], roots[side]) for side in roots}
    figures = {key: [] for key in ("A scan", "B scan", "A bare", "B bare")}
    try:
        for side in roots:
            scan._wrk(ports[side], "/bench/insert/", "{}", [], scan.WARM_UP_SECONDS)
            scan._wrk(ports[side], "/api/v1/stations/scan", body, _take(cookies, warm), 2)
        for n in range(args.rounds):
            for side in roots if n % 2 == 0 else reversed(list(roots)):
                mine = _take(cookies, per_round)
                run = scan._wrk(
                    ports[side],
                    "/api/v1/stations/scan",
                    body,
                    mine,
                    args.seconds,
                    server=servers[side],
                )
                _check(run)
                figures[f"{side} scan"].append(run)
                if args.bare:
                    run = scan._wrk(
                        ports[side], "/bench/insert/", "{}", [], args.seconds, server=servers[side]
                    )
                    figures[f"{side} bare"].append(_check(run))
            print(f"round {n + 1}: " + _summary(figures, last=True), flush=True)
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=10)
    print(f"load average {os.getloadavg()[0]:.1f}; medians: " + _summary(figures))
    return 0


def _take(cookies: list, count: int) -> list:
    taken = cookies[:count]
    del cookies[:count]
    if len(taken) < count:
        raise RuntimeError("out of volunteers")
    return taken


def _check(run):
    if run[2]:
        raise RuntimeError(f"{run[2]} requests failed: not real check-ins")
    return run


def _summary(figures: dict, last: bool = False) -> str:
    parts = []
    for key, all_runs in figures.items():
        if all_runs:
            runs = all_runs[-1:] if last else all_runs
            rate, p99, server = (statistics.median(r[i] for r in runs) for i in (0, 1, 4))
            parts.append(f"{key} {rate:,.0f}/s p99 {p99:.1f} ms CPU {server:.0f} µs")
    return "; ".join(parts)


def _set_up(postgres: bool) -> None:
    os.environ["HONGYI_DATA_DIR"] = tempfile.mkdtemp(prefix="hongyi-scanab-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if postgres:
        from run import _fresh_postgres

        os.environ["DATABASE_URL"] = _fresh_postgres("bench_scanab")
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


if __name__ == "__main__":
    sys.exit(main())

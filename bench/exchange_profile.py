"""Where the national export's time goes: a smaller county, one export, cProfile or timings.

A companion to bench_exchange (which needs a quiet machine and builds the full county):
the same volunteers and entries at any size, the export timed as wall time, the process's
CPU time and, on PostgreSQL, the CPU time of the server process that served it (read from
/proc, so it counts even while other sessions load the machine).

    .venv/bin/python bench/exchange_profile.py                       # SQLite, 2,000 + 20,000
    .venv/bin/python bench/exchange_profile.py --postgres --entries 200000 --volunteers 17000
    .venv/bin/python bench/exchange_profile.py --profile             # cProfile, top 30
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _set_up(postgres: bool) -> None:
    os.environ["HONGYI_DATA_DIR"] = tempfile.mkdtemp(prefix="hongyi-exchangeprof-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if postgres:
        from run import _fresh_postgres

        os.environ["DATABASE_URL"] = _fresh_postgres("bench_exchangeprof")
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _time_phases() -> dict:
    """Wrap the export's steps in timers (this process only): {step: [wall, CPU]}."""
    from exchange import xlsx
    from exchange.services import exports

    phases = {}

    def timed(owner, name):
        inner = getattr(owner, name)

        def wrapper(*args, **kwargs):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent = phases.setdefault(name, [0.0, 0.0])
                spent[0] += time.perf_counter() - started
                spent[1] += time.process_time() - cpu

        setattr(owner, name, wrapper)

    for name in ("_volunteer_changes", "_team_changes", "_hour_rows", "write_book", "_finish"):
        timed(exports, name)
    if hasattr(xlsx, "_package"):  # the writer of issue #16 had none
        timed(xlsx, "_package")
    return phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--profile", action="store_true", help="cProfile the export, top 30")
    parser.add_argument("--phases", action="store_true", help="time each step of the export")
    parser.add_argument("--no-tablib", action="store_true", help="no baseline (it takes minutes)")
    args = parser.parse_args()
    _set_up(args.postgres)
    import random

    import bench_exchange

    bench_exchange.VOLUNTEERS, bench_exchange.ENTRIES = args.volunteers, args.entries
    rng = random.Random(130131)  # noqa: S311 - test data
    started = time.perf_counter()
    bench_exchange._entries(rng, bench_exchange._volunteers(rng))
    print(f"built in {time.perf_counter() - started:.1f} s", flush=True)
    # Before the export: afterwards the volunteers are known and no longer written.
    baseline = baseline_cpu = 0.0
    if not args.no_tablib:
        baseline, baseline_cpu = bench_exchange._tablib(bench_exchange._same_rows())
    phases = _time_phases() if args.phases else {}
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    seconds, cpu, server = bench_exchange._export(check=False)
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    print(
        f"export of {args.volunteers:,} volunteers and {args.entries:,} entries: "
        f"wall {seconds:.2f} s, process CPU {cpu:.2f} s, database server CPU {server:.2f} s"
    )
    for name, (wall, cpu) in phases.items():
        print(f"  {name:<20} wall {wall:6.2f} s  CPU {cpu:6.2f} s")
    print(f"tablib, the same rows: wall {baseline:.2f} s, CPU {baseline_cpu:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

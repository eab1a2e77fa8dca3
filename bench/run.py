"""Run every ``bench/bench_*.py`` on SQLite and on PostgreSQL, and print one table.

Each module has ``run(report)``; it measures its figure and a baseline in the same run
and calls ``report(name, value, unit, baseline, goal)``. Each module runs in a child
process with a database of its own (a fresh SQLite file in a temporary folder, or a
freshly created PostgreSQL database), so no benchmark measures what another one left
behind. The children append their rows to a JSON-lines file; the parent prints the table
with every figure, its baseline, the ratio and whether the goal is met, and writes it as
Markdown to ``bench/results/latest.md`` for ``docs/performance.md``.

    bench/run.py                      # both backends, every module
    bench/run.py --sqlite             # one backend
    bench/run.py --only scan,reports  # some modules

Speed goals live here, never in timed tests.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from goals import goal_met  # noqa: E402 - after the path set-up above
from machine import describe  # noqa: E402

POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


# Load tests first: the statistics modules leave PostgreSQL busy for a while (its cache
# refilled, a checkpoint due), which cost the scan a third of its rate when it ran after them.
FIRST = ("bench_scan", "bench_load")


def modules(only: str | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"), key=_order)
    if not only:
        return found
    wanted = {f"bench_{name.removeprefix('bench_')}" for name in only.split(",")}
    return [path for path in found if path.stem in wanted]


def _order(path: Path) -> tuple[int, str]:
    return (FIRST.index(path.stem) if path.stem in FIRST else len(FIRST), path.stem)


# --- the child: one module, one fresh database -------------------------------------------


def child(path: Path, backend: str, results: Path) -> None:
    os.environ["HONGYI_DATA_DIR"] = tempfile.mkdtemp(prefix=f"hongyi-bench-{path.stem}-")
    if backend == "postgresql":
        os.environ["DATABASE_URL"] = _fresh_postgres(path.stem)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    # The hashed manifest needs collectstatic; benchmarks measure our code, not that.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)
    module = _load(path)
    print(f"\n# {backend}: {path.stem}: {module.__doc__.strip().splitlines()[0]}", flush=True)
    module.run(_reporter(path.stem, backend, results))


def _load(path: Path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # so worker processes can find its functions
    spec.loader.exec_module(module)
    return module


def _fresh_postgres(stem: str) -> str:
    """A new, empty database per module, on the server ``BENCH_POSTGRES_URL`` names."""
    import psycopg

    admin = os.environ.get("BENCH_POSTGRES_URL", POSTGRES_ADMIN_URL)
    name = f"hongyi_bench_{stem.removeprefix('bench_')}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def _reporter(module: str, backend: str, results: Path):
    def report(name: str, value: float, unit: str, baseline: float, goal: str = "") -> None:
        ratio = value / baseline if baseline else float("inf")
        met = goal_met(goal, value, baseline) if goal else None
        print(
            f"{name:<42} {value:>11.2f} {unit:<7} baseline {baseline:>11.2f}  "
            f"ratio {ratio:6.2f}  {goal}{'' if met is None else ('  met' if met else '  MISSED')}",
            flush=True,
        )
        row = {"module": module, "backend": backend, "name": name, "value": value,
               "unit": unit, "baseline": baseline, "goal": goal, "met": met}  # fmt: skip
        with results.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    return report


# --- the parent: every module on every backend, then the table ---------------------------


def parent(args) -> int:
    results = Path(tempfile.mkstemp(prefix="hongyi-bench-", suffix=".jsonl")[1])
    started, failures = time.monotonic(), []
    print(describe(), flush=True)
    for backend in args.backends:
        for path in modules(args.only):
            command = [sys.executable, __file__, "--child", str(path), "--backend", backend,
                       "--results", str(results)]  # fmt: skip
            if subprocess.run(command, cwd=ROOT, check=False).returncode:  # noqa: S603
                failures.append(f"{backend}: {path.stem}")
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    table = markdown(rows, args.backends)
    print("\n" + table)
    print(f"\n{len(rows)} figures in {time.monotonic() - started:.0f} s")
    out = HERE / "results" / "latest.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(describe() + "\n\n" + table + "\n", encoding="utf-8")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


def markdown(rows: list[dict], backends: list[str]) -> str:
    """One row per figure; for each backend its value, baseline, ratio and goal verdict."""
    names = list(dict.fromkeys((row["module"], row["name"]) for row in rows))
    by_key = {(row["module"], row["name"], row["backend"]): row for row in rows}
    header = ["benchmark", "unit", "goal"]
    for backend in backends:
        label = "SQLite" if backend == "sqlite" else "PostgreSQL"
        header += [label, "baseline", "ratio", "met"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for module, name in names:
        some = next(row for row in rows if (row["module"], row["name"]) == (module, name))
        cells = [name, some["unit"], some["goal"] or "—"]
        for backend in backends:
            cells += _cells(by_key.get((module, name, backend)))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cells(row: dict | None) -> list[str]:
    if row is None:
        return ["—"] * 4
    ratio = row["value"] / row["baseline"] if row["baseline"] else float("inf")
    verdict = {True: "yes", False: "**no**", None: "—"}[row["met"]]
    return [f"{row['value']:,.2f}", f"{row['baseline']:,.2f}", f"{ratio:.2f}", verdict]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="only SQLite")
    parser.add_argument("--postgres", action="store_true", help="only PostgreSQL")
    parser.add_argument("--only", help="comma-separated module names, e.g. scan,reports")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.backend, args.results)
        return 0
    args.backends = ["sqlite", "postgresql"]
    if args.sqlite != args.postgres:
        args.backends = ["sqlite"] if args.sqlite else ["postgresql"]
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())

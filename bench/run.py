"""Run every ``bench/bench_*.py`` against a fresh SQLite database in a temporary folder.

Each module has ``run(report)``; it measures its figure and a baseline in the same run
and calls ``report(name, value, unit, baseline)``, which prints both and their ratio.
Speed goals live here, never in timed tests.
"""

import importlib.util
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def report(name: str, value: float, unit: str, baseline: float, goal: str = "") -> None:
    ratio = value / baseline if baseline else float("inf")
    suffix = f"  goal: {goal}" if goal else ""
    print(
        f"{name:<40} {value:>12.2f} {unit:<8} baseline {baseline:>12.2f}  "
        f"ratio {ratio:6.2f}{suffix}"
    )


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="hongyi-bench-")
    os.environ["HONGYI_DATA_DIR"] = data_dir
    if "--postgres" not in sys.argv:
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
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[path.stem] = module  # so worker processes can find its functions
        spec.loader.exec_module(module)
        print(f"\n# {path.stem}: {module.__doc__.strip().splitlines()[0]}")
        module.run(report)


if __name__ == "__main__":
    main()

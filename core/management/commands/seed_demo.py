import random
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, SCALES
from core.progress import Progress, is_terminal


@dataclass
class SeedContext:
    """What every app's ``demo.seed(ctx)`` receives: the scale, a seeded RNG, progress."""

    scale: str
    write: Callable[[str], None]
    rng: random.Random = field(default_factory=lambda: random.Random(130131))  # noqa: S311
    terminal: bool = False
    bar: Progress = field(init=False)

    def __post_init__(self):
        self.bar = Progress(self.write, terminal=self.terminal)

    def progress(self, label: str, done: int, total: int) -> None:
        """One line per step redrawn in place on a terminal, a line per tenth in a log
        (``core.progress``); once done, the seconds the step took."""
        self.bar.show(label, done, total)


class Command(BaseCommand):
    help = "Build demo data. Idempotent: running it again only adds what is missing."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")

    def handle(self, *, scale, **options):
        ctx = SeedContext(scale=scale, write=lambda text: self.stdout.write(text, ending=""),
                          terminal=is_terminal(self.stdout))  # fmt: skip
        self.stdout.write(f"Seeding demo data at scale '{scale}'…")
        for module in demo_modules():
            with transaction.atomic():
                module.seed(ctx)
        refresh_planner_statistics()
        self.print_logins()

    def print_logins(self):
        heading = f"Demo logins (password for all: {DEMO_PASSWORD}):"
        self.stdout.write(self.style.SUCCESS(heading))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role.label:<12} {account.mobile}  {account.name}")


def refresh_planner_statistics() -> None:
    """PostgreSQL plans queries from table statistics, which still describe empty tables
    right after a bulk load; autovacuum refreshes them only later (or never, where it is off)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_modules():
    """Each installed Hongyi app's ``demo`` module, in INSTALLED_APPS order (lower layers first)."""
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(config.name) and find_spec(name):
            yield import_module(name)

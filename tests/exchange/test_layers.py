"""Layering: exchange is an output at the top; no app below it imports it (volunteers and
reports show its figures through hooks), and it writes no table of another app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(app: str):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, [node.module]


@pytest.mark.parametrize("app", ["core", "ledger", "volunteers", "stations", "events", "reports"])
def test_lower_apps_never_import_exchange(app):
    for path, names in imported_modules(app):
        assert not any(n == "exchange" or n.startswith("exchange.") for n in names), path


def test_exchange_reads_the_ledger_only_through_its_selectors():
    for path, names in imported_modules("exchange"):
        for name in names:
            if name.split(".")[0] == "ledger":
                assert name == "ledger.selectors", (path, name)


def test_exchange_calls_no_service_of_another_app():
    for path, names in imported_modules("exchange"):
        for name in names:
            app = name.split(".")[0]
            if app in {"ledger", "volunteers", "stations", "events", "reports"}:
                assert not name.endswith(".services"), (path, name)

"""Layering: notices is an output; no app below it imports it, and it writes only its own tables."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELOW = ["core", "ledger", "volunteers", "stations", "events", "wishes", "reports", "exchange"]


def imported_modules(app):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, [node.module]


@pytest.mark.parametrize("app", BELOW)
def test_lower_apps_never_import_notices(app):
    for path, names in imported_modules(app):
        assert not any(n == "notices" or n.startswith("notices.") for n in names), path


def test_notices_reads_the_source_apps_but_not_the_outputs():
    for path, names in imported_modules("notices"):
        assert not any(n.split(".")[0] in ("reports", "exchange", "wishes") for n in names), path

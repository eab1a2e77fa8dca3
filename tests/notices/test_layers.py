"""Layering: notices reads the source apps, never the other outputs or the wishes app.

That no app below notices imports it is tests/test_layers.py's (its LAYERS table)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(app):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, [node.module]


def test_notices_reads_the_source_apps_but_not_the_outputs():
    for path, names in imported_modules("notices"):
        assert not any(n.split(".")[0] in ("reports", "exchange", "wishes") for n in names), path

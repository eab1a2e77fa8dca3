"""Imports between apps go one way: an app imports only apps of a lower layer.

The layers are docs/architecture.md's ("Layers"). Each app's modules are parsed (not
imported), and every ``import x`` and ``from x import y`` counts, at module level or
inside a function. Apps in one layer do not import each other either (events and
wishes; reports and notices). An app not in this checkout is skipped; a new app gets
one row here, and the test fails until it has one.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# app: layer (lower numbers sit lower; an app may import only apps with a lower number)
LAYERS = {
    "core": 0,
    "ledger": 1,
    "volunteers": 2,
    "stations": 3,
    "events": 4,
    "wishes": 4,
    "reports": 5,
    "notices": 5,
    "exchange": 6,
    "config": 7,
}
PRESENT = [app for app in LAYERS if (ROOT / app / "__init__.py").exists()]


def imported_apps(app: str):
    """(file:line, imported app) for every import of another app in ``app``'s modules."""
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in LAYERS and top != app:
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", top


@pytest.mark.parametrize("app", PRESENT)
def test_an_app_imports_only_apps_of_a_lower_layer(app):
    upward = [
        f"{where} imports {other} (layer {LAYERS[other]} ≥ {app}'s {LAYERS[app]})"
        for where, other in imported_apps(app)
        if LAYERS[other] >= LAYERS[app]
    ]
    assert upward == []


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - set(LAYERS) == set()


def test_the_check_sees_an_import_from_below():
    """The parser is not blind: stations does import volunteers (stations/people.py)."""
    assert "volunteers" in {other for _where, other in imported_apps("stations")}

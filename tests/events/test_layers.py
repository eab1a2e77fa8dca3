"""Layering: nothing below events imports it (volunteers fills "我的" through a hook)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", ["core", "ledger", "volunteers", "stations"])
def test_lower_apps_never_import_events(app):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n == "events" or n.startswith("events.") for n in names), path


def test_my_page_lists_upcoming_shifts_through_the_hook(login, shift, volunteer):
    from django.urls import reverse

    from events.services import shift_sign_up

    shift_sign_up(shift=shift, user=volunteer)
    page = login(volunteer).get(reverse("volunteers:me")).content.decode()
    assert shift.event.title in page
    assert "引导" in page

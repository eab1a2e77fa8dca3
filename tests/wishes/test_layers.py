"""Layering: wishes is a source. The ledger (and everything below it) never imports wishes;
wishes never imports an app above it (events, reports, notices, exchange). Its Chinese
catalogue is complete."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def imported(app: str):
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                yield path, [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield path, [node.module]


def top(names) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("app", ["core", "ledger", "volunteers", "stations", "events"])
def test_lower_apps_never_import_wishes(app):
    for path, names in imported(app):
        assert "wishes" not in top(names), path


def test_wishes_imports_no_app_above_it():
    for path, names in imported("wishes"):
        assert not top(names) & {"events", "reports", "notices", "exchange", "config"}, path


def catalogue_entries(path: Path):
    """(msgid, msgstr, fuzzy) for each entry of a .po file, the header left out."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = block.splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        parts, current = {}, None
        for line in lines:
            if line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")):
                current, _space, rest = line.partition(" ")
                parts[current] = rest.strip('"')
            elif line.startswith('"') and current:
                parts[current] += line.strip('"')
        msgid = parts.get("msgid", "")
        if msgid:
            yield msgid, parts.get("msgstr", parts.get("msgstr[0]", "")), fuzzy


def test_every_string_of_the_catalogue_is_translated():
    entries = list(catalogue_entries(ROOT / "wishes/locale/zh_Hans/LC_MESSAGES/django.po"))
    assert len(entries) > 250
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


def test_my_page_links_to_my_wishes(login, helper):
    page = login(helper).get(reverse("volunteers:me")).content.decode()
    assert reverse("wishes:mine") in page
    assert "我的心愿与任务" in page


def test_the_home_page_offers_filing_without_an_account(client, db):
    page = client.get("/").content.decode()
    assert "许个心愿 · 求助" in page
    assert reverse("wishes:file") in page

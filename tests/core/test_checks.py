"""The foundation's system checks."""

import os

from core.checks import compiled_translations


def catalogue(folder, *, compiled: bool, po_newer: bool = False):
    messages = folder / "zh_Hans" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = messages / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    if compiled:
        mo = messages / "django.mo"
        mo.write_bytes(b"")
        os.utime(mo, (1_000, 1_000 if po_newer else 2_000_000_000))
    return po


def test_a_catalogue_compiled_after_its_po_passes(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    catalogue(tmp_path / "locale", compiled=True)
    assert compiled_translations() == []


def test_a_catalogue_never_compiled_or_older_than_its_po_is_named(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    settings.LOCALE_PATHS = [tmp_path / "missing", tmp_path / "stale"]
    catalogue(tmp_path / "missing", compiled=False)
    catalogue(tmp_path / "stale", compiled=True, po_newer=True)
    found = compiled_translations()
    assert [warning.id for warning in found] == ["core.W001", "core.W001"]
    assert "mix English into Chinese" in found[0].msg
    assert "make install" in found[0].hint


def test_the_repository_s_catalogues_are_compiled():
    """``make install`` compiles them; a stale one would mix languages on every page."""
    assert compiled_translations() == []

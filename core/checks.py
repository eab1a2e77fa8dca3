"""System checks of the foundation.

A catalogue compiled before its ``.po`` last changed shows every string added since in
English, among Django's own strings in Chinese ("Service categories：这个字段是必填项。"):
the page then mixes languages. ``manage.py check`` (and so every ``runserver``, ``migrate``
and deploy check) says so, and how to fix it.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def compiled_translations(app_configs=None, **kwargs) -> list:
    return [_stale(po) for po in _catalogues() if _is_stale(po)]


def _catalogues() -> list[Path]:
    """The project's catalogue and any app's own (``<app>/locale/``), as the Makefile's."""
    base = Path(settings.BASE_DIR)
    folders = [Path(folder) for folder in settings.LOCALE_PATHS]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    return [
        po
        for folder in folders
        if folder.is_relative_to(base) and ".venv" not in folder.parts
        for po in folder.glob("*/LC_MESSAGES/*.po")
    ]


def _is_stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def _stale(po: Path) -> CheckWarning:
    return CheckWarning(
        f"{po.with_suffix('.mo')} is missing or older than {po.name}: the pages would mix "
        "English into Chinese.",
        hint="Run `make install` (or `manage.py compilemessages --ignore=.venv`).",
        id="core.W001",
    )

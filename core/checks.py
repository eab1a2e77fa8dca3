"""System checks of the foundation.

A catalogue compiled before its ``.po`` last changed shows every string added since in
English, among Django's own strings in Chinese ("Service categories：这个字段是必填项。"):
the page then mixes languages. ``manage.py check`` (and so every ``runserver``, ``migrate``
and deploy check) says so, and how to fix it.

A production site without ``HONGYI_PUBLIC_URL`` would print ``http://127.0.0.1:8000/…``
in every poster's and certificate's QR code (``core/links.py``): ``manage.py check
--deploy`` warns (``core.W002``).
"""

from pathlib import Path
from urllib.parse import urlsplit

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


LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 - names, not a bind


@register(deploy=True)
def public_url_set(app_configs=None, **kwargs) -> list:
    url = settings.HONGYI_PUBLIC_URL
    if url and urlsplit(url).hostname not in LOOPBACK:
        return []
    said = f"is {url}, this machine" if url else "is not set"
    return [
        CheckWarning(
            f"HONGYI_PUBLIC_URL {said}: the QR codes and links printed on posters and "
            "certificates, and calendar links, would point at http://127.0.0.1:8000.",
            hint="Set HONGYI_PUBLIC_URL to the address the public reaches the site at, "
            "e.g. https://hongyi.example.cn (see docs/configuration.md).",
            id="core.W002",
        )
    ]

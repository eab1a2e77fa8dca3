"""The foundation's system checks."""

import os
import subprocess
import sys

from core.checks import compiled_translations, public_url_set


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


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    """``manage.py check --deploy`` as production runs it, with ``env`` on top."""
    production = {"DEBUG": "false", "HTTPS": "true", "ALLOWED_HOSTS": "hongyi.example.cn",
                  "SECRET_KEY": "k" * 30 + "-production-" + "q" * 30}  # fmt: skip
    base = {k: v for k, v in os.environ.items() if not k.startswith("HONGYI_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings_module_dir(), env=base | production | env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip


def settings_module_dir():
    from django.conf import settings

    return settings.BASE_DIR


def test_the_deploy_check_warns_when_the_public_url_is_unset():
    result = deploy_check({})
    assert result.returncode != 0
    assert "core.W002" in result.stderr
    assert "HONGYI_PUBLIC_URL is not set" in result.stderr


def test_the_deploy_check_is_clean_with_the_public_url_set():
    result = deploy_check({"HONGYI_PUBLIC_URL": "https://hongyi.example.cn"})
    assert result.returncode == 0, result.stderr
    assert "core.W002" not in result.stderr


def test_a_public_url_pointing_at_this_machine_is_warned_about(settings):
    settings.HONGYI_PUBLIC_URL = "http://127.0.0.1:8000"
    assert [w.id for w in public_url_set()] == ["core.W002"]
    settings.HONGYI_PUBLIC_URL = "https://hongyi.example.cn/county"
    assert public_url_set() == []


def test_the_public_url_check_runs_only_with_deploy():
    from django.core.checks import registry

    assert public_url_set in registry.registry.get_checks(include_deployment_checks=True)
    assert public_url_set not in registry.registry.get_checks(include_deployment_checks=False)

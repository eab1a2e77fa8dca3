"""Chromium for the kiosk's browser tests.

Playwright drives Debian's Chromium (``apt-get install chromium``, done by
scripts/system-packages.sh); it never downloads a browser of its own.
"""

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_browser(script, *, args=(), **context_options):
    """Run ``script(context, page)`` in Chromium on its own thread: Playwright's event
    loop must not share a thread with Django's ORM (SynchronousOnlyOperation).
    ``args`` are extra command-line switches (a fake camera, for instance)."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Chromium is missing: run `make install` as root (apt package chromium).")
    from playwright.sync_api import sync_playwright

    def run():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, *args])
            context = browser.new_context(locale="zh-CN", **context_options)
            try:
                return script(context, context.new_page())
            finally:
                context.close()
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=120)

"""Every PDF (cards, posters, programmes, certificates, reports) needs a Chinese font:
without one WeasyPrint prints empty boxes. One check, asked of fontconfig as WeasyPrint
would. Only a font that was found is remembered, for a minute (asking costs a process,
~12 ms, which is most of what a warm certificate costs): installing the font still takes
effect at once."""

import os
import shutil
import subprocess
import time

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

INSTALL_HINT = "apt-get install fonts-noto-cjk"


class MissingCJKFontError(DomainError):
    status = 503

    def __init__(self, *args):
        message = _(
            "No Chinese font is installed on the server, so the PDF cannot be printed. "
            "Ask the administrator to install fonts-noto-cjk."
        )
        super().__init__(message, "no_cjk_font")

    def __str__(self):
        return f"{self.message} ({INSTALL_HINT})"


def cjk_font_families() -> tuple[str, ...]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ()
    listing = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=10
    ).stdout
    return tuple(sorted({line.split(",")[0].strip() for line in listing.splitlines() if line}))


FOUND_TRUSTED_FOR = 60.0  # seconds
_found_until: dict[tuple, float] = {}  # fontconfig as asked → until when "found" is trusted


def cjk_font_installed() -> bool:
    asked = (shutil.which("fc-list"), os.environ.get("FONTCONFIG_FILE"),
             os.environ.get("FONTCONFIG_PATH"))  # fmt: skip
    if _found_until.get(asked, 0.0) > time.monotonic():
        return True
    found = bool(cjk_font_families())
    if found:
        _found_until[asked] = time.monotonic() + FOUND_TRUSTED_FOR
    return found


def require_cjk_font() -> None:
    if not cjk_font_installed():
        raise MissingCJKFontError


def refuses_without_font(view):
    """A PDF view that answers a clear 503 page, not a 500, when the font is missing."""
    from functools import wraps

    from django.shortcuts import render

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except MissingCJKFontError as error:
            return render(request, "core/pdf_unavailable.html", {"error": error}, status=503)

    return wrapped

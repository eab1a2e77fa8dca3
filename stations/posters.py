"""The printable A4 poster: station name, a large QR code and how to use it.

A renderer returns ``(filename, mimetype, bytes)``. WeasyPrint and segno load here
only, when a poster is printed.
"""

import shutil
import subprocess

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from stations.errors import StationError
from stations.models import PosterSecret


def poster_url(secret: str) -> str:
    return f"{settings.HONGYI_SITE_URL.rstrip('/')}/s/{secret}/"


def cjk_font_installed() -> bool:
    """Whether fontconfig knows a Chinese font; without one the poster prints boxes."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False
    )
    return bool(found.stdout.strip())


def qr_svg(data: str, scale: int = 12) -> str:
    import segno

    return segno.make(data, error="m").svg_inline(scale=scale, border=2)


def poster_render(poster: PosterSecret) -> tuple[str, str, bytes]:
    if not cjk_font_installed():
        raise StationError(
            _("No Chinese font is installed on the server (install fonts-noto-cjk)."),
            "no_cjk_font",
        )
    import weasyprint

    url = poster_url(poster.secret)
    html = render_to_string(
        "stations/poster.html", {"station": poster.station, "qr": qr_svg(url), "url": url}
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    return f"poster-{poster.station.pk}.pdf", "application/pdf", pdf

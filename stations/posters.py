"""The printable A4 poster: station name, a large QR code and how to use it.

A renderer returns ``(filename, mimetype, bytes)``. WeasyPrint and segno load here
only, when a poster is printed.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.links import public_url
from core.pdf import cjk_font_installed
from stations.errors import StationError
from stations.models import PosterSecret


def poster_url(secret: str) -> str:
    return public_url(f"/s/{secret}/")


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

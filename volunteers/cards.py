"""The volunteer card: a QR code of the card secret, on a page and as a printable PDF.

Renderers return ``(filename, mimetype, bytes)``. The QR code holds only the random
card secret, never the primary key or the ID number; rotating the secret voids every
card printed before.
"""

import shutil
import subprocess

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from volunteers.models import Volunteer

CARD_FONT_FAMILY = "Noto Sans CJK SC"


class PdfFontMissingError(Exception):
    """No Chinese font is installed: a PDF would print empty boxes instead of names."""

    def __init__(self):
        super().__init__(
            _(
                "No Chinese font is installed on the server, so the PDF cannot be printed. "
                "Ask the administrator to install fonts-noto-cjk."
            )
        )


def cjk_font_installed() -> bool:
    """Asks fontconfig, as WeasyPrint will, whether any font covers Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    result = subprocess.run(  # noqa: S603 - a fixed command, no user input
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False, timeout=10
    )
    return bool(result.stdout.strip())


def qr_svg(secret: str) -> str:
    """The QR code as inline SVG markup, for the card page."""
    import segno

    return segno.make(secret, error="m").svg_inline(scale=6, border=2, title=_("Card QR code"))


def qr_data_uri(secret: str) -> str:
    import segno

    return segno.make(secret, error="m").svg_data_uri(scale=6, border=2)


def card_pdf(volunteer: Volunteer, teams: list[str]) -> tuple[str, str, bytes]:
    """A card the size of an ID card (85.6 × 54 mm), ready to print."""
    if not cjk_font_installed():
        raise PdfFontMissingError
    import weasyprint

    html = render_to_string(
        "volunteers/card_pdf.html",
        {
            "volunteer": volunteer,
            "teams": teams,
            "qr": qr_data_uri(volunteer.card_secret),
            "font": CARD_FONT_FAMILY,
        },
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    return f"volunteer-card-{volunteer.number}.pdf", "application/pdf", pdf

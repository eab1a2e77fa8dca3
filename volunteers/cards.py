"""The volunteer card: a QR code of the card secret, on a page and as a printable PDF.

Renderers return ``(filename, mimetype, bytes)``. The QR code holds only the random
card secret, never the primary key or the ID number; rotating the secret voids every
card printed before.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.pdf import MissingCJKFontError, cjk_font_installed
from volunteers.models import Volunteer

CARD_FONT_FAMILY = "Noto Sans CJK SC"


# One check for every PDF (core.pdf); the old name stays for the apps that use it.
PdfFontMissingError = MissingCJKFontError


def card_qr(secret: str):
    """The card's QR code (a segno ``QRCode``), one definition for the page and the PDF
    (and for the kiosk's camera test, which films it)."""
    import segno

    return segno.make(secret, error="m")


def qr_svg(secret: str) -> str:
    """The QR code as inline SVG markup, for the card page."""
    return card_qr(secret).svg_inline(scale=6, border=2, title=_("Card QR code"))


def qr_data_uri(secret: str) -> str:
    return card_qr(secret).svg_data_uri(scale=6, border=2)


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

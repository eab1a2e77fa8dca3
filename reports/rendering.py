"""Certificates as PDF. A renderer returns ``(filename, mimetype, bytes)``.

Many certificates render as one multi-page document: WeasyPrint lays out and subsets the
CJK font once for the whole batch, which is what makes batch printing fast.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string

from reports.fonts import prepared_font_url, require_cjk_font

logger = logging.getLogger(__name__)
PDF = "application/pdf"


def verification_url(serial: str) -> str:
    return f"{settings.HONGYI_SITE_URL.rstrip('/')}/verify/{serial}/"


def qr_data_uri(text: str) -> str:
    import segno

    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def _page(snapshot: dict, seal_url: str | None, qr) -> dict:
    return {
        **snapshot,
        "stars": "★" * snapshot["star_level"],
        "verify_url": verification_url(snapshot["serial"]),
        "qr": qr(verification_url(snapshot["serial"])),
        "seal_url": seal_url if snapshot["with_seal"] else None,
    }


def render_certificates(
    snapshots: list[dict],
    *,
    seal_url: str | None = None,
    font_url: str | None = "prepared",
    qr=None,
) -> bytes:
    """All ``snapshots`` as one PDF. ``font_url`` and ``qr`` exist for the benchmark's
    naive baseline; the application always uses the prepared font and segno."""
    require_cjk_font()
    from weasyprint import HTML

    pages = [_page(snapshot, seal_url, qr or qr_data_uri) for snapshot in snapshots]
    font = prepared_font_url() if font_url == "prepared" else font_url
    html = render_to_string("reports/certificates.html", {"certificates": pages, "font_url": font})
    return HTML(string=html, base_url=str(settings.MEDIA_ROOT)).write_pdf()


def certificate_file(certificate, *, seal_url: str | None = None) -> tuple[str, str, bytes]:
    data = render_certificates([certificate.snapshot], seal_url=seal_url)
    return f"certificate-{certificate.serial}.pdf", PDF, data

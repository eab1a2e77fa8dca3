"""The printable programme (节目单) as a PDF: a renderer returns (filename, mimetype, bytes)."""

from django.template.loader import render_to_string

from events.models import Event
from volunteers.cards import CARD_FONT_FAMILY, PdfFontMissingError, cjk_font_installed


def programme_pdf(event: Event) -> tuple[str, str, bytes]:
    if not cjk_font_installed():
        raise PdfFontMissingError
    import weasyprint

    html = render_to_string(
        "events/programme_pdf.html",
        {"event": event, "items": list(event.programme.all()), "font": CARD_FONT_FAMILY},
    )
    return f"programme-{event.pk}.pdf", "application/pdf", weasyprint.HTML(string=html).write_pdf()

"""The transfer package's PDF: the signed records, for people to read and print."""

from django.template.loader import render_to_string

from core.pdf import require_cjk_font
from core.quantities import format_hours

MAX_PDF_ROWS = 300  # the JSON holds every record; the PDF lists this many and sums the rest


def transfer_pdf(record: dict) -> bytes:
    require_cjk_font()
    from weasyprint import HTML

    rows = record["records"][:MAX_PDF_ROWS]
    rest = record["records"][MAX_PDF_ROWS:]
    context = {
        "r": record,
        "rows": [{**row, "hours": format_hours(row["minutes"])} for row in rows],
        "rest": len(rest),
        "rest_hours": format_hours(sum(row["minutes"] for row in rest)),
    }
    return HTML(string=render_to_string("exchange/transfer_pdf.html", context)).write_pdf()

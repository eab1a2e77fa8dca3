"""Certificates as PDF. A renderer returns ``(filename, mimetype, bytes)``.

What makes it fast (measured in docs/reports.md, "Rendering"):

- many certificates render as one multi-page document, so WeasyPrint parses, lays out
  and embeds (subsets) the font once per part of a batch, not once per certificate;
- the stylesheet is parsed once per process and WeasyPrint's font configuration is kept,
  with the pre-subset font of ``prepare_fonts`` declared by ``@font-face``: no render
  loads fontconfig or the font again;
- certificates.css is the whole stylesheet: WeasyPrint's own user-agent stylesheet, whose
  hundreds of rules are matched against every element, is left out;
- one certificate is one page: the records are summed per service, at most ``MAX_ROWS``
  rows; floats rather than flex, class selectors, no inline styles;
- the QR code is a tiny PNG from segno (one pixel per module, printed sharp).
"""

import atexit
import os
import threading

from django.conf import settings
from django.template.loader import render_to_string

from core.links import public_url
from core.quantities import format_hours
from reports.fonts import prepared_font_path, require_cjk_font

PDF = "application/pdf"
STYLESHEET = settings.BASE_DIR / "templates" / "reports" / "certificates.css"
MAX_ROWS = 8  # rows of two lines each still fit on the page with everything else
_SERVICE = ("activity", "place", "content", "unit")
_setup = threading.local()  # per thread: Pango's font map is not shared across threads


def verification_url(serial: str) -> str:
    return public_url(f"/verify/{serial}/")


def qr_data_uri(text: str) -> str:
    """A PNG of one pixel per module, a few hundred bytes: WeasyPrint embeds it as an
    image, far cheaper than drawing an SVG path; ``image-rendering`` keeps it sharp."""
    import segno

    return segno.make(text, error="m").png_data_uri(scale=1, border=2)


def record_rows(records: list[dict], *, cap: int = MAX_ROWS) -> list[dict]:
    """The certificate's table: the records summed per service (activity, place, content
    and recording unit) with its first and last date, in order of first date. Past
    ``cap`` rows the services with the fewest hours are summed into one last row, so the
    hours still add up to the total. Art.15 asks for the service time, content and
    recording unit; the snapshot keeps every single record."""
    rows: dict[tuple, dict] = {}
    for record in sorted(records, key=lambda r: r["date"]):
        key = tuple(record[field] for field in _SERVICE)
        row = rows.setdefault(key, {**dict(zip(_SERVICE, key, strict=True)),
                                    "first": record["date"], "count": 0, "minutes": 0})  # fmt: skip
        row["last"] = record["date"]
        row["count"] += 1
        row["minutes"] += record["minutes"]
    listed = list(rows.values())
    if len(listed) > cap:
        kept = {id(row) for row in sorted(listed, key=lambda r: -r["minutes"])[: cap - 1]}
        others = [row for row in listed if id(row) not in kept]
        listed = [*(row for row in listed if id(row) in kept), _others(others)]
    return [{**row, "hours": format_hours(row["minutes"])} for row in listed]


def _others(rows: list[dict]) -> dict:
    return {
        "activity": f"其余 {len(rows)} 项服务", "place": "—", "content": "—", "unit": "—",
        "first": min(r["first"] for r in rows), "last": max(r["last"] for r in rows),
        "count": sum(r["count"] for r in rows), "minutes": sum(r["minutes"] for r in rows),
    }  # fmt: skip


def _page(snapshot: dict, seal_url: str | None, qr) -> dict:
    url = verification_url(snapshot["serial"])
    return {
        **snapshot,
        "stars": "★" * snapshot["star_level"],
        "rows": record_rows(snapshot["records"]),
        "verify_url": url,
        "qr": qr(url),
        "seal_url": seal_url if snapshot["with_seal"] else None,
    }


def certificates_html(snapshots: list[dict], *, seal_url: str | None = None, qr=qr_data_uri,
                      inline_css: str = "") -> str:  # fmt: skip
    """The certificates' HTML. ``inline_css`` serves a plain one-off render (the
    benchmark's naive baseline); ``render_certificates`` passes the parsed stylesheet."""
    pages = [_page(snapshot, seal_url, qr) for snapshot in snapshots]
    context = {"certificates": pages, "inline_css": inline_css}
    return render_to_string("reports/certificates.html", context)


def _weasyprint_setup():
    """This thread's font configuration and parsed stylesheet, made once.

    Made again when ``prepare_fonts`` has (re)built the font since, and in a forked
    process, which never shares Pango's state with its parent.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font = prepared_font_path()
    key = (os.getpid(), font, font.stat().st_mtime if font else None)
    if getattr(_setup, "key", None) != key:
        font_config = FontConfiguration()
        css = CSS(string=_font_face(font) + STYLESHEET.read_text(), font_config=font_config)
        _setup.key, _setup.pair = key, (font_config, css)
    return _setup.pair


def _font_face(font) -> str:
    if not font:
        return ""  # the stylesheet's next family, the system's Noto Sans CJK SC
    return f'@font-face {{ font-family: "HongyiCJK"; src: url("{font.as_uri()}"); }}\n'


@atexit.register
def _forget_setup() -> None:
    """Drop the font configuration before the interpreter tears down what its
    ``__del__`` needs (which would print an ignored exception at exit)."""
    vars(_setup).clear()


def _no_ua_stylesheet(forms: bool = False) -> list:
    """Replaces WeasyPrint's hook for its user-agent stylesheet, as WeasyPrint's own tests
    do. It saves a fifth of each certificate; should an upgrade rename the hook,
    certificates would only get slower (tests/reports checks the hook exists)."""
    return []


def render_certificates(snapshots: list[dict], *, seal_url: str | None = None) -> bytes:
    """All ``snapshots`` as one PDF, one page each."""
    require_cjk_font()
    from weasyprint import HTML

    font_config, css = _weasyprint_setup()
    html = HTML(string=certificates_html(snapshots, seal_url=seal_url),
                base_url=str(settings.MEDIA_ROOT))  # fmt: skip
    html._ua_stylesheets = _no_ua_stylesheet
    return html.write_pdf(stylesheets=[css], font_config=font_config)


def certificate_file(certificate, *, seal_url: str | None = None) -> tuple[str, str, bytes]:
    data = render_certificates([certificate.snapshot], seal_url=seal_url)
    return f"certificate-{certificate.serial}.pdf", PDF, data

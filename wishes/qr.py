"""The follow link as a QR code: the filer photographs it or a station prints it."""


def qr_svg(url: str) -> str:
    import segno
    from django.utils.safestring import mark_safe

    svg = segno.make(url, error="m").svg_inline(scale=4, title="二维码")
    return mark_safe(svg)  # noqa: S308 - segno writes the SVG; the URL is ours

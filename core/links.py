"""Links that leave the screen: printed in QR codes and on paper (posters, certificates,
their verification pages, transfer packages), put in calendar feeds, or kept by a filer.

They are built from ``HONGYI_PUBLIC_URL``, the address the public reaches the site at,
never from the request (a poster printed from a laptop on the intranet must still open
on a visitor's phone). Without the setting they point at the development server, and
``manage.py check --deploy`` warns (``core.W002``).
"""

from urllib.parse import urlsplit

from django.conf import settings

DEVELOPMENT_URL = "http://127.0.0.1:8000"


def public_base() -> str:
    """``https://hongyi.example.cn`` (a path prefix kept, no trailing slash)."""
    return (settings.HONGYI_PUBLIC_URL or DEVELOPMENT_URL).rstrip("/")


def public_url(path: str) -> str:
    """The public address of ``path`` (``/verify/2026-000001-K7QF/``)."""
    return public_base() + "/" + path.lstrip("/")


def public_host() -> str:
    return urlsplit(public_base()).hostname or "hongyi"


def webcal_url(path: str) -> str:
    """A calendar subscription: the public address with the ``webcal`` scheme."""
    return "webcal://" + public_url(path).split("://", 1)[1]

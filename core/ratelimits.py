"""Rate limits on the doors a flood would use: login, registration, scans, verification.

One decorator, ``limited("login")``, reads its rate from settings (``HONGYI_RATE_*``,
"30/m": 30 requests per minute) when a request comes, so a changed setting applies at
once. Each key (the caller's address, or the logged-in user) gets fixed windows of that
length; past the count it answers 429 with a Chinese message, on pages and in the API
alike (django-ratelimit's ``Ratelimited``, ``RATELIMIT_VIEW`` and middleware).

Counters live in the default cache: Redis when ``REDIS_URL`` is set (shared by every
worker and server), otherwise each process's memory, so there each process counts on
its own (docs/configuration.md). The same windows and counters as django-ratelimit's
decorator, which this replaced on the QR check-in: that one spent a fifth of a scan's
middleware budget finding its settings, hashing its key and checking the key's
characters one by one in Python. Here the key is short and plain, the settings are read
once per request, and a first request in a window costs one cache call (``add``).
"""

import hashlib
import re
import time
import zlib
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django_ratelimit.core import _get_ip
from django_ratelimit.exceptions import Ratelimited

KEYS = {"login": "ip", "register": "ip", "scan": "user_or_ip", "verify": "ip",
        "wish_ip": "ip", "wish_phone": "post:phone", "follow": "ip"}  # fmt: skip
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
EXPIRY_MARGIN = 5  # seconds a counter outlives its window, so it never vanishes early


def limited(door: str, *, method: str | None = None):
    """Refuse a caller past ``HONGYI_RATE_<DOOR>`` (only ``method`` requests, if given)."""
    setting, key_of = f"HONGYI_RATE_{door.upper()}", _key_function(KEYS[door])

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            counted = (method is None or request.method == method) and _enabled()
            if counted and over_limit(door, key_of(request), getattr(settings, setting)):
                raise Ratelimited
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def over_limit(door: str, key: str, rate: str) -> bool:
    """Count one request for ``key`` at ``door``; True once the window's count is past."""
    count, seconds = parse_rate(rate)
    window = _window(key, seconds)
    counter = f"rl:{door}:{key}:{seconds}:{window}"
    if cache.add(counter, 1, seconds + EXPIRY_MARGIN):
        return count < 1
    try:
        return cache.incr(counter) > count
    except ValueError:  # the counter expired between the two calls: a new window
        cache.add(counter, 1, seconds + EXPIRY_MARGIN)
        return count < 1


def _enabled() -> bool:
    return getattr(settings, "RATELIMIT_ENABLE", True)  # django-ratelimit's switch


@lru_cache(maxsize=32)
def parse_rate(rate: str) -> tuple[int, int]:
    """'30/m' → (30, 60); '5/10m' → (5, 600)."""
    match = RATE.match(rate)
    if match is None:
        raise ValueError(f"unreadable rate {rate!r}: say e.g. 30/m")
    count, multiple, period = match.groups()
    return int(count), PERIODS[period] * int(multiple or 1)


def _window(key: str, seconds: int) -> int:
    """The window's number. Each key's windows start at their own offset (as in
    django-ratelimit), so every counter does not reset in the same second."""
    return (int(time.time()) - zlib.crc32(key.encode()) % seconds) // seconds


def _user_or_ip(request) -> str:
    # The user itself once authentication has loaded it (the API's session_auth has),
    # without request.user's wrapper and its calls; else through the wrapper.
    user = getattr(request, "_cached_user", None) or request.user
    return f"u{user.pk}" if user.is_authenticated else _get_ip(request)


def _posted(name: str):
    """A form field's value as the key, hashed: it is the caller's text, of any length."""

    def key_of(request) -> str:
        return hashlib.sha256(request.POST.get(name, "").encode()).hexdigest()

    return key_of


def _key_function(kind: str):
    if kind.startswith("post:"):
        return _posted(kind.removeprefix("post:"))
    return {"ip": _get_ip, "user_or_ip": _user_or_ip}[kind]


def rate_limited(request, exception):
    """The 429 page (``RATELIMIT_VIEW``)."""
    return render(request, "429.html", status=429)

"""Rate limits on the doors a flood would use: login, registration, scans, verification.

One decorator, ``limited("login")``, reads its rate from settings (``HONGYI_RATE_*``).
Counters live in the default cache: Redis when ``REDIS_URL`` is set (shared by every
worker), otherwise each process's memory. An exceeded limit answers 429 with a Chinese
message, on pages and in the API alike.
"""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

KEYS = {"login": "ip", "register": "ip", "scan": "user_or_ip", "verify": "ip",
        "wish_ip": "ip", "wish_phone": "post:phone", "follow": "ip"}  # fmt: skip


def limited(door: str, *, method=ratelimit.ALL):
    def rate(group, request):  # read per request, so a changed setting applies at once
        return getattr(settings, f"HONGYI_RATE_{door.upper()}")

    return ratelimit(group=f"hongyi:{door}", key=KEYS[door], rate=rate, method=method, block=True)


def rate_limited(request, exception):
    """The 429 page (``RATELIMIT_VIEW``)."""
    return render(request, "429.html", status=429)

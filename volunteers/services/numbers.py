"""Volunteer numbers and card secrets: handed out at approval and at import."""

from django.conf import settings
from django.db.models import F
from django.utils.crypto import get_random_string

from volunteers.models import NumberSequence

# Like pretix's secrets: no o, 0, 1, i, l (nor O, I, L), which bad printers and fonts confuse.
CARD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
CARD_SECRET_LENGTH = 32


def volunteer_numbers_allocate(*, year: int, count: int) -> list[str]:
    """``count`` fresh numbers such as ``130131-2026-000123``; call inside a transaction.

    The UPDATE takes the sequence row's lock until the caller commits (PostgreSQL), and
    SQLite's BEGIN IMMEDIATE already serialises writers, so no two callers share a number.
    """
    prefix = f"{settings.HONGYI_COUNTY_CODE}-{year}"
    NumberSequence.objects.get_or_create(prefix=prefix)
    NumberSequence.objects.filter(prefix=prefix).update(last=F("last") + count)
    last = NumberSequence.objects.get(prefix=prefix).last
    return [f"{prefix}-{n:06d}" for n in range(last - count + 1, last + 1)]


def new_card_secret() -> str:
    return get_random_string(CARD_SECRET_LENGTH, CARD_ALPHABET)

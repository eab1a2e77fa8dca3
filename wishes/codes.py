"""Tracking codes and photo secrets: random, never a primary key.

The alphabet leaves out O, 0, 1, I and L (as pretix's secrets do), so a code read aloud
over the phone or copied from a note in poor handwriting still matches.
"""

import re

from django.utils.crypto import get_random_string

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31**10: about 8 × 10**14 codes, and following is rate-limited
PHOTO_SECRET_LENGTH = 20


def new_code() -> str:
    return get_random_string(CODE_LENGTH, ALPHABET)


def new_photo_secret() -> str:
    return get_random_string(PHOTO_SECRET_LENGTH, ALPHABET.lower() + ALPHABET)


def normalize_code(value) -> str:
    """What a person types: any case, with spaces or dashes between the groups."""
    return re.sub(r"[\s\-]", "", str(value or "")).upper()[: CODE_LENGTH * 2]


def display_code(code: str) -> str:
    """``ABCDEFGHJK`` → ``ABCD-EFGH-JK``: easier to read out and copy."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

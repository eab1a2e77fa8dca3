"""Resident ID numbers (GB 11643-1999): check, read, encrypt, hash.

The number is sensitive personal information (PIPL Art.28). It is stored encrypted
(Fernet, keys from ``HONGYI_ID_KEY``), found through a keyed hash (HMAC-SHA256 with
``HONGYI_ID_HASH_KEY``) so that a plain hash cannot be reversed by trying every birth
date, and shown masked. Only ``volunteers.services.id_number_reveal`` decrypts one for
a person to read.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from volunteers.choices import Gender

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # indexed by the weighted sum mod 11 (ISO 7064 MOD 11-2)
SHAPE = re.compile(r"\d{17}[\dX]")
EARLIEST_BIRTH = date(1900, 1, 1)
ADULT_AGE = 18
SENSITIVE_AGE = 14  # under 14 all personal information is sensitive (PIPL Art.28)


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: date
    gender: Gender


def check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def normalize(value) -> str:
    """People type spaces and a lower-case x; neither changes the number."""
    return re.sub(r"\s", "", str(value or "")).upper()


def looks_like_id_number(value) -> bool:
    """Typed where it should not be (a search box): the page must not echo it back."""
    return bool(SHAPE.fullmatch(normalize(value)))


def parse_id_number(value, *, today: date) -> IdNumber:
    """The number with its birth date and gender, or a ValidationError saying what is wrong.

    No area prefix is required: volunteers born elsewhere serve in Pingshan too.
    """
    number = normalize(value)
    if not SHAPE.fullmatch(number):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits, then a digit or X."), code="id_shape"
        )
    if number[17] != check_character(number[:17]):
        raise ValidationError(
            _("The check character does not match: one of the digits is wrong."),
            code="id_checksum",
        )
    birth = _birth_date(number[6:14])
    if birth is None or birth < EARLIEST_BIRTH:
        raise ValidationError(_("The birth date in this ID number is impossible."), code="id_birth")
    if birth > today:
        raise ValidationError(
            _("The birth date in this ID number is in the future."), code="id_future"
        )
    gender = Gender.MALE if int(number[16]) % 2 else Gender.FEMALE
    return IdNumber(number=number, birth_date=birth, gender=gender)


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def age_on(birth_date: date, today: date) -> int:
    """Whole years, as the law counts them: the birthday itself is the first day of the age."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def years_before(today: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29 February): a birthday's date."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def guardian_needed(age: int) -> bool:
    """Under 14 always (PIPL Art.31); 14–17 when the setting asks (the default)."""
    if age < SENSITIVE_AGE:
        return True
    return age < ADULT_AGE and settings.HONGYI_GUARDIAN_CONSENT_14_17


def encrypt(number: str) -> str:
    return _fernet(tuple(settings.HONGYI_ID_KEYS)).encrypt(number.encode("ascii")).decode("ascii")


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.HONGYI_ID_KEYS)).decrypt(token.encode("ascii")).decode("ascii")


def encrypt_bytes(content: bytes) -> str:
    """An uploaded roster, kept encrypted while it waits: it holds full ID numbers."""
    return _fernet(tuple(settings.HONGYI_ID_KEYS)).encrypt(content).decode("ascii")


def decrypt_bytes(token: str) -> bytes:
    return _fernet(tuple(settings.HONGYI_ID_KEYS)).decrypt(token.encode("ascii"))


def keyed_hash(number: str) -> str:
    key = settings.HONGYI_ID_HASH_KEY.encode("utf-8")
    return hmac.new(key, normalize(number).encode("utf-8"), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])

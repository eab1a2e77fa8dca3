"""The county's Ed25519 key: it signs transfer packages; other counties verify with its
public key, published at ``/exchange/public-key.pem`` and listed by fingerprint.

The private key comes from ``HONGYI_SIGNING_KEY`` (or ``HONGYI_SIGNING_KEY_FILE``), read
and checked by ``config.env.env_ed25519_key``.
"""

import hashlib
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


@lru_cache(maxsize=4)
def _private(pem: str) -> Ed25519PrivateKey:
    return serialization.load_pem_private_key(pem.encode("ascii"), password=None)


def county_key() -> Ed25519PrivateKey:
    return _private(settings.HONGYI_SIGNING_KEY)


def public_key() -> Ed25519PublicKey:
    return county_key().public_key()


def public_pem(key: Ed25519PublicKey | None = None) -> str:
    key = key or public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def fingerprint(key: Ed25519PublicKey | None = None) -> str:
    """SHA-256 of the raw public key, in groups of four hex digits (read aloud on the phone)."""
    raw = (key or public_key()).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def load_public(pem: str) -> Ed25519PublicKey:
    """A public key from PEM text, or ValueError with a reason."""
    try:
        key = serialization.load_pem_public_key(pem.strip().encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError) as error:
        raise ValueError(str(error)) from error
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def sign(data: bytes) -> bytes:
    return county_key().sign(data)


def verifies(key: Ed25519PublicKey, data: bytes, signature: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True

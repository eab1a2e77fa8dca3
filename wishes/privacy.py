"""The filer's phone and address: encrypted at rest with the keys that protect ID numbers,
found by a keyed hash (rate limits, "my requests"), and shown masked.

Only ``wishes.services.wish_contact_reveal`` decrypts them for a person to read, and it
writes the audit log first.
"""

from core.masking import mask_address, mask_mobile
from volunteers import identity


def phone_fields(phone: str) -> dict:
    return {
        "phone_encrypted": identity.encrypt(phone),
        "phone_hash": identity.keyed_hash(phone),
        "phone_masked": mask_mobile(phone),
    }


def address_fields(address: str) -> dict:
    address = address.strip()
    if not address:
        return {"address_encrypted": "", "address_masked": ""}
    return {
        "address_encrypted": identity.encrypt_bytes(address.encode("utf-8")),
        "address_masked": mask_address(address),
    }


def phone_of(wish) -> str:
    return identity.decrypt(wish.phone_encrypted)


def address_of(wish) -> str:
    if not wish.address_encrypted:
        return ""
    return identity.decrypt_bytes(wish.address_encrypted).decode("utf-8")

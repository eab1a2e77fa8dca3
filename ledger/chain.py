"""The hash chain over ledger entries.

Each entry's hash is SHA-256 over its own content and the previous entry's hash, so a
changed byte anywhere breaks every hash after it, and ``ledger_verify`` names the first.
"""

import hashlib
import json
from datetime import UTC, date
from functools import lru_cache
from json.encoder import encode_basestring

GENESIS = "0" * 64

# The fields a hash covers. Adding one changes every hash: never edit, only version.
HASHED_FIELDS = (
    "seq", "source_key", "volunteer_id", "unit_id", "kind", "service_date", "minutes",
    "activity", "place", "content", "person_in_charge", "township_id", "program_key",
    "station_key", "team_key", "event_key", "claim_id", "reverses_id", "corrects_id", "reason",
    "approved_by_id", "approved_at", "created_at", "prev_hash",
)  # fmt: skip


_SORTED = sorted(HASHED_FIELDS)
_TEMPLATE = "{" + ",".join(f'"{name}":%s' for name in _SORTED) + "}"


def _plain(value):
    if value is None or type(value) in (str, int):  # most fields: no conversion, decided fast
        return value
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def content_of(entry) -> bytes:
    """The canonical bytes an entry's hash covers."""
    return canonical({name: getattr(entry, name) for name in HASHED_FIELDS})


def canonical(values) -> bytes:
    """The canonical bytes of ``values``, a mapping holding at least ``HASHED_FIELDS``.

    The same bytes as ``json.dumps(..., sort_keys=True, ensure_ascii=False,
    separators=(",", ":"))`` over the plain values (a test holds the two together), made
    from a fixed template because the bulk import hashes millions of rows.
    """
    return (_TEMPLATE % tuple([_json(values[name]) for name in _SORTED])).encode()


def _json(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    plain = _plain_date(value) if isinstance(value, date) else _plain(value)
    if isinstance(plain, str):
        return encode_basestring(plain)
    return json.dumps(plain, ensure_ascii=False)


@lru_cache(maxsize=65_536)
def _plain_date(value) -> str:
    """Dates and times recur across entries (an import's approval time, service days)."""
    return _plain(value)


def hash_of(entry) -> str:
    return hashlib.sha256(content_of(entry)).hexdigest()


def hash_of_values(values) -> str:
    return hashlib.sha256(canonical(values)).hexdigest()


def first_break(entries) -> tuple[int, str] | None:
    """Walk entries in ``seq`` order: the first (seq, problem) found, or None if intact."""
    previous_hash, expected_seq = GENESIS, 1
    for entry in entries:
        if entry.seq != expected_seq:
            return entry.seq, f"expected entry #{expected_seq} here (a gap in the sequence)"
        if entry.prev_hash != previous_hash:
            return entry.seq, "its link to the previous entry does not match"
        if hash_of(entry) != entry.hash:
            return entry.seq, "its content does not match its hash"
        previous_hash, expected_seq = entry.hash, expected_seq + 1
    return None

"""Hash chains over append-only rows: the hours ledger's entries, the points ledger's.

Each row's hash is SHA-256 over its own content and the previous row's hash, so a changed
byte anywhere breaks every hash after it, and ``first_break`` names the first. A chain is
defined by the fields its hash covers; the canonical bytes are those of
``json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":"))`` over the
plain values (a test holds the two together), made from a fixed template because a bulk
import hashes millions of rows.
"""

import hashlib
import json
from datetime import UTC, date
from functools import lru_cache
from json.encoder import encode_basestring

GENESIS = "0" * 64


def _plain(value):
    if value is None or type(value) in (str, int):  # most fields: no conversion, decided fast
        return value
    if hasattr(value, "astimezone"):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


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
    """Dates and times recur across rows (an import's approval time, service days)."""
    return _plain(value)


class HashChain:
    """The chain over rows whose hash covers ``fields`` (their attribute names).

    Adding a field changes every hash: never edit a chain's fields, only version them.
    Every row carries ``seq`` (1, 2, …), ``prev_hash`` and ``hash``.
    """

    def __init__(self, fields: tuple[str, ...]):
        self.fields = tuple(fields)
        self._sorted = sorted(self.fields)
        self._template = "{" + ",".join(f'"{name}":%s' for name in self._sorted) + "}"

    def canonical(self, values) -> bytes:
        """The canonical bytes of ``values``, a mapping holding at least ``fields``."""
        return (self._template % tuple([_json(values[name]) for name in self._sorted])).encode()

    def content_of(self, row) -> bytes:
        """The canonical bytes a row's hash covers."""
        return self.canonical({name: getattr(row, name) for name in self.fields})

    def hash_of(self, row) -> str:
        return hashlib.sha256(self.content_of(row)).hexdigest()

    def hash_of_values(self, values) -> str:
        return hashlib.sha256(self.canonical(values)).hexdigest()

    def first_break(self, rows) -> tuple[int, str] | None:
        """Walk rows in ``seq`` order: the first (seq, problem) found, or None if intact."""
        previous_hash, expected_seq = GENESIS, 1
        for row in rows:
            if row.seq != expected_seq:
                return row.seq, f"expected entry #{expected_seq} here (a gap in the sequence)"
            if row.prev_hash != previous_hash:
                return row.seq, "its link to the previous entry does not match"
            if self.hash_of(row) != row.hash:
                return row.seq, "its content does not match its hash"
            previous_hash, expected_seq = row.hash, expected_seq + 1
        return None

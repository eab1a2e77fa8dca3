"""The hash chain over ledger entries (``core.chain.HashChain`` over the fields below).

Each entry's hash is SHA-256 over its own content and the previous entry's hash, so a
changed byte anywhere breaks every hash after it, and ``ledger_verify`` names the first.
"""

from core.chain import GENESIS, HashChain, _plain  # noqa: F401 - _plain: the chain's tests

# The fields a hash covers. Adding one changes every hash: never edit, only version.
HASHED_FIELDS = (
    "seq", "source_key", "volunteer_id", "unit_id", "kind", "service_date", "minutes",
    "activity", "place", "content", "person_in_charge", "township_id", "program_key",
    "station_key", "team_key", "event_key", "claim_id", "reverses_id", "corrects_id", "reason",
    "approved_by_id", "approved_at", "created_at", "prev_hash",
)  # fmt: skip

CHAIN = HashChain(HASHED_FIELDS)

canonical = CHAIN.canonical
content_of = CHAIN.content_of
hash_of = CHAIN.hash_of
hash_of_values = CHAIN.hash_of_values
first_break = CHAIN.first_break

"""The points ledger's hash chain: ``core.chain.HashChain`` over the fields below."""

from core.chain import HashChain

# The fields a hash covers. Adding one changes every hash: never edit, only version.
POINTS_FIELDS = (
    "seq",
    "source_key",
    "volunteer_id",
    "kind",
    "points",
    "rate",
    "hours_entry_id",
    "reverses_id",
    "redemption_id",
    "township_id",
    "on",
    "note",
    "reason",
    "actor_id",
    "created_at",
    "prev_hash",
)

CHAIN = HashChain(POINTS_FIELDS)

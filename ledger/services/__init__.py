"""Every write to the ledger. Feeds call these; nothing else writes ledger tables.

- units: ``unit_ensure``
- claims: ``claim_submit``, ``claim_approve``, ``claims_approve``, ``claim_reject``
- entries: ``entry_reverse``, ``entry_correct``; historic records in bulk: ``entries_import``
- disputes: ``dispute_open``, ``dispute_accept``, ``dispute_reject``
- training: ``training_record``
- derived tables: ``summaries_rebuild``
"""

from ledger.services.claims import (
    Activity,
    claim_approve,
    claim_reject,
    claim_submit,
    claims_approve,
)
from ledger.services.disputes import dispute_accept, dispute_open, dispute_reject
from ledger.services.imports import entries_bulk_post, entries_import
from ledger.services.posting import entry_correct, entry_reverse
from ledger.services.summaries import summaries_rebuild
from ledger.services.units import training_record, unit_ensure

__all__ = [
    "Activity",
    "claim_approve",
    "claim_reject",
    "claim_submit",
    "claims_approve",
    "dispute_accept",
    "dispute_open",
    "dispute_reject",
    "entries_bulk_post",
    "entries_import",
    "entry_correct",
    "entry_reverse",
    "summaries_rebuild",
    "training_record",
    "unit_ensure",
]

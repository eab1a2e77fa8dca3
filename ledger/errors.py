from core.errors import DomainError


class LedgerError(DomainError):
    """A ledger refusal, e.g. ``not_pending``, ``reason_required``, ``not_allowed``."""

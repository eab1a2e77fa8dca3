from core.errors import DomainError


class StationError(DomainError):
    """A check-in refusal with a stable code: ``token_expired``, ``token_unknown``,
    ``token_revoked``, ``token_other_station``, ``already_checked_in``, ``not_checked_in``,
    ``open_elsewhere``, ``volunteer_suspended``, ``undo_too_late``, ``claim_decided``,
    ``program_invalid``, ``pairing_invalid``, ``card_unknown``, ``not_allowed``."""

    statuses = {
        **DomainError.statuses,
        "token_expired": 410,
        "token_revoked": 410,
        "token_unknown": 404,
        "card_unknown": 404,
        "volunteer_suspended": 403,
        "already_checked_in": 409,
        "open_elsewhere": 409,
        "not_checked_in": 409,
        "undo_too_late": 409,
        "claim_decided": 409,
        "pairing_invalid": 403,
    }


class StaleMemory(Exception):  # noqa: N818 - not an error the user sees, a signal to retry
    """A check-in's INSERT found that something the scan took from this process's memory
    (the poster, the login) had changed in another process: nothing was written, and the
    caller asks the database and tries again (``stations.api.scan``)."""

    def __init__(self, poster: int | None = None):
        super().__init__(poster)
        self.poster = poster  # the poster's id, when the INSERT checked one

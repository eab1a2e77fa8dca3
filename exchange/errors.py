from core.errors import DomainError


class ExchangeError(DomainError):
    """A refusal of the exchange app: a redemption, an export, an import, a package."""

    statuses = {
        **DomainError.statuses,
        "insufficient_points": 409,
        "out_of_stock": 409,
        "not_reserved": 409,
        "expired": 409,
        "already_reversed": 409,
        "export_in_progress": 409,
        "unknown_code": 404,
    }

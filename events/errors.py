from core.errors import DomainError


class EventError(DomainError):
    """A scheduling refusal with a stable code: ``conflict``, ``shift_full``,
    ``already_signed_up``, ``cancel_deadline_passed``, ``minors_not_allowed``,
    ``end_before_start``, ``rrule_invalid``, ``rrule_unbounded``, ``capacity_invalid``,
    ``not_signed_up``, ``not_allowed``, ``volunteer_inactive``, ``token_unknown``, ``not_on_shift``,
    ``event_not_open``, ``reason_required``.

    ``conflicts`` carries the conflicts found when the code is ``conflict``.
    """

    statuses = {
        **DomainError.statuses,
        "conflict": 409,
        "shift_full": 409,
        "already_signed_up": 409,
        "cancel_deadline_passed": 409,
        "minors_not_allowed": 403,
        "volunteer_inactive": 403,
        "token_unknown": 404,
        "event_not_open": 409,
    }

    def __init__(self, message, code: str, conflicts=()):
        super().__init__(message, code)
        self.conflicts = list(conflicts)

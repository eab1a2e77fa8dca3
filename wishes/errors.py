from core.errors import DomainError


class WishError(DomainError):
    """A refusal in the wish loop with a stable code, e.g. ``wish_not_found``,
    ``already_claimed``, ``not_assignee``, ``bad_transition``, ``not_allowed``,
    ``kind_closed``, ``photo_invalid``, ``photo_too_large``, ``too_many_photos``,
    ``photo_required``, ``reason_required``, ``rating_invalid``, ``minutes_invalid``,
    ``volunteer_not_found``, ``volunteer_unsuitable``, ``duplicate_invalid``."""

    statuses = {
        **DomainError.statuses,
        "wish_not_found": 404,
        "volunteer_not_found": 404,
        "already_claimed": 409,
        "bad_transition": 409,
        "already_rated": 409,
        "not_assignee": 403,
        "kind_closed": 403,
        "volunteer_unsuitable": 403,
    }

from core.errors import DomainError


class NoticeError(DomainError):
    """A notice refused before anything is queued (who, audience, template, length)."""

    statuses = {**DomainError.statuses, "urgent_not_allowed": 403, "not_found": 404}

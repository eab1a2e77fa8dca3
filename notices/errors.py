from core.errors import DomainError


class NoticeError(DomainError):
    """A notice refused before anything is queued (who, audience, template, length)."""

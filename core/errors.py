class DomainError(Exception):
    """A refusal a person should read: a stable ``code`` for programs, a ``message`` for people.

    Services raise subclasses (``LedgerError``, …); the API turns them into a JSON answer
    with the code and the Chinese message, and views show the message on the form.
    """

    status = 400
    statuses = {"not_allowed": 403, "not_pending": 409, "not_open": 409, "already_reversed": 409}

    def __init__(self, message, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def http_status(self) -> int:
        return self.statuses.get(self.code, self.status)

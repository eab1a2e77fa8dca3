class LedgerError(Exception):
    """A refusal with a stable code (for the API and tests) and a message for people."""

    def __init__(self, message, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

class DomainError(Exception):
    """A business rule refused an action; ``message`` is shown to the user as is.

    Services raise it before writing anything (or inside the transaction that
    the error rolls back), so a refused action leaves the database untouched.
    """

    def __init__(self, message, *, code="refused"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)


class ConflictError(DomainError):
    """Someone else changed the record first (the view answers 409)."""

    def __init__(self, message, *, code="conflict"):
        super().__init__(message, code=code)

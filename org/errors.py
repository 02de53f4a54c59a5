from __future__ import annotations

from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    """A business rule refused an action; ``message`` is shown to the user as is.

    Services raise it before writing anything (or inside the transaction that
    the error rolls back), so a refused action leaves the database untouched.
    """

    def __init__(self, message: StrOrPromise, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class ConflictError(DomainError):
    """Someone else changed the record first (the view answers 409)."""

    def __init__(self, message: StrOrPromise, *, code: str = "conflict") -> None:
        super().__init__(message, code=code)

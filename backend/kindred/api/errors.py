"""Domain errors raised by services and turned into problem+json by the exception handler."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the product refused an action. ``code`` is stable for clients to branch on."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None,
                 status_code: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.field = field
        if status_code is not None:
            self.status_code = status_code


class Conflict(DomainError):
    """The action clashes with the current state (already a member, occurrence started...)."""

    status_code = 409
    default_code = "conflict"


class NotFound(DomainError):
    """The object does not exist or the caller may not see it (never 403 for hidden things)."""

    status_code = 404
    default_code = "not_found"

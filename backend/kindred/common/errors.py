"""Domain errors: a product rule refused an action. They know nothing of HTTP.

Services, selectors and policy raise these; ``kindred.api.exceptions`` maps each class to a status
(one table) and renders it as problem+json. ``code`` is stable for clients to branch on; ``field``
names the input the error is about, if any. ``detail`` is written in the request's language (gettext),
``code`` never is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    """The base of every product rule's refusal (answered like ``RuleBroken``)."""

    default_code = "invalid"

    def __init__(self, detail: StrOrPromise, *, code: str | None = None, field: str | None = None) -> None:
        detail = str(detail)  # in the language active where it was raised: the request's
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.field = field


class RuleBroken(DomainError):
    """What was asked breaks a rule of the product (a date in the past, a rule with no meetings...)."""


class PasswordMismatch(RuleBroken):
    """A password given to confirm something is not the account's."""

    default_code = "password_mismatch"


class NotFound(DomainError):
    """The object does not exist, or the caller may not see it (never Forbidden for hidden things)."""

    default_code = "not_found"


class Forbidden(DomainError):
    """The caller may see the thing but lacks the role the action needs."""

    default_code = "permission_denied"


class Conflict(DomainError):
    """The action clashes with the current state (already a member, the meeting started...)."""

    default_code = "conflict"


class LockedOut(DomainError):
    """Too many failed password checks for one account: wait before trying again."""

    default_code = "locked_out"

"""Sign in with an email address (case-insensitive) and password."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User


def normalise_email(address: str) -> str:
    """The form of an email address that names an account: the same for registering, signing in,
    resetting a password, changing address and counting failed sign-ins (kindred.accounts.lockout).

    Unicode compatibility forms are folded (NFKC: a full-width ``ｓａｍ@example.org`` or a ligature is the
    plain address it looks like), then spaces are trimmed and letters lower-cased. Look-alikes from
    other scripts (a Cyrillic "а") stay different addresses: they are different mailboxes, and an
    address only works once its mailbox has confirmed it (docs/decisions/account-identity.md)."""
    return unicodedata.normalize("NFKC", address).strip().lower()


class EmailBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, email: str | None = None, **kwargs: Any) -> User | None:
        address = normalise_email(email or username or "")
        if not address or password is None:
            return None
        user = User.objects.filter(email=address).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint that it is unknown
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

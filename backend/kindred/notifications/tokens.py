"""Unsubscribe tokens: a signed (user, kind) pair, so one link turns off one kind of email."""

from __future__ import annotations

from django.core import signing

SALT = "kindred.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kind: str) -> str:
    return signing.Signer(salt=SALT).sign_object({"u": user_id, "k": kind}, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a token names, or None when it was not made by us."""
    try:
        value = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("u"), int) or not isinstance(value.get("k"), str):
        return None
    return value["u"], value["k"]

"""Signing secrets: made, kept encrypted at rest, and used to sign as Standard Webhooks says.

A secret is ``whsec_`` + base64 of 32 random bytes; the HMAC key is those bytes. It is shown once
and stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256) with a key derived from ``SECRET_KEY``,
so a copy of the database alone cannot forge deliveries; a key in ``SECRET_KEY_FALLBACKS`` still
decrypts, so rotating ``SECRET_KEY`` keeps webhooks working (docs/decisions/webhooks.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "whsec_"
SECRET_BYTES = 32
KEY_SALT = "kindred.webhooks.secret-at-rest"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted with SECRET_KEY or its fallbacks."""


def secret_new() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def _fernet(key: str | bytes) -> Fernet:
    derived = salted_hmac(KEY_SALT, "webhook secrets", secret=key, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    return MultiFernet([_fernet(key) for key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)])


def encrypt(secret: str) -> str:
    return _keys().encrypt(secret.encode("ascii")).decode("ascii")


def decrypt(stored: str) -> str:
    try:
        return _keys().decrypt(stored.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise SecretUnreadable("the webhook secret was encrypted with another SECRET_KEY") from error


def signature(secret: str, *, message_id: str, timestamp: int, body: str) -> str:
    """``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` (the ``webhook-signature`` header)."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")

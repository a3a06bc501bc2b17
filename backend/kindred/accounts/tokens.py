"""Personal API token keys: random, shown once, stored as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

KEY_PREFIX = "kdr_"


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()

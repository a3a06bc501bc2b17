"""Time zone helpers: IANA names are validated against the system's zoneinfo database."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError


@lru_cache(maxsize=1)
def available_time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    """Reject anything that is not an IANA zone name such as ``Europe/London``."""
    if value not in available_time_zones():
        raise ValidationError(
            "%(value)s is not an IANA time zone name (for example Europe/London).",
            code="invalid_time_zone",
            params={"value": value},
        )

"""Time zone helpers: IANA names are validated against the system's zoneinfo database."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone


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


@lru_cache(maxsize=512)
def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """A ZoneInfo by name, built once per process (hot lists render many rows in a few zones)."""
    return zoneinfo.ZoneInfo(name)


def current_zone() -> dt.tzinfo:
    """The zone DRF's DateTimeField renders in (the active one; UTC unless something activated another)."""
    return timezone.get_current_timezone()


def iso_datetime(value: dt.datetime | None, zone: dt.tzinfo) -> str | None:
    """``DateTimeField().to_representation`` without the per-call field lookups: ISO 8601, ``Z`` for UTC."""
    if not value:
        return None
    text = (value.astimezone(zone) if timezone.is_aware(value) else timezone.make_aware(value, zone)).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text

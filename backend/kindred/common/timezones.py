"""Time zone helpers: names are checked against the IANA time zone database itself.

Accepted: every Zone and Link that tzdata defines (``Europe/London``, ``UTC``, and backward links
such as ``US/Eastern`` or ``Asia/Calcutta``, which browsers still report), stored as given. Refused:
files a system's zoneinfo directory holds that are not zones (``localtime``, ``posixrules``,
``posix/...``, ``right/...``) and ``Factory`` (a placeholder zone whose abbreviation is "-00").
See docs/decisions/common-time-zones.md.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NOT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
NOT_ZONE_PREFIXES = ("posix/", "right/")


def _tzdata_names() -> frozenset[str] | None:
    """Every Zone and Link name in the pinned ``tzdata`` package (its ``zones`` list), if installed."""
    try:
        return frozenset(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is a dependency
        return None


@lru_cache(maxsize=1)
def available_time_zones() -> frozenset[str]:
    """IANA zone names that load here and that tzdata itself defines; never ``localtime`` or ``Factory``."""
    names = frozenset(zoneinfo.available_timezones())
    defined = _tzdata_names()
    if defined is not None:
        names &= defined
    return frozenset(name for name in names if name not in NOT_ZONES and not name.startswith(NOT_ZONE_PREFIXES))


def validate_time_zone(value: str) -> None:
    """Reject anything that is not an IANA zone name such as ``Europe/London``."""
    if value not in available_time_zones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone name (for example Europe/London)."),
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

"""How a group looks from outside: the one renderer of a group and of its address.

The API, the calendars, the Meeting Guide feed and the emails all use these. A group comes from
``selectors.with_summary`` (``member_count`` and ``facilitator_names`` annotated); what the viewer
may see of it (the online details) is asked of their :class:`~kindred.groups.policy.Viewer`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.conf import settings

from kindred.common.timezones import current_zone, iso_datetime

from .models import Group, Membership
from .policy import Viewer


def group_url(group: Group) -> str:
    """The group's page in the PWA."""
    return f"{settings.SITE_URL}/#/groups/{quote(group.slug, safe='')}"


def host_url(group: Group) -> str:
    """The group's Host page in the PWA (its facilitators' tools)."""
    return f"{settings.SITE_URL}/#/host/{quote(group.slug, safe='')}"


def group_json(group: Group, viewer: Viewer, *, page: bool = False, zone: dt.tzinfo | None = None) -> dict[str, Any]:
    """A group as the directory lists it; with ``page``, as its own page shows it (its agreements,
    where to find help now, and the viewer's membership). Times are in ``zone`` (the active one)."""
    zone = zone or current_zone()
    data = _summary(group, viewer, zone)
    if page:
        data.update(_page(group, viewer, zone))
    return data


def _summary(group: Group, viewer: Viewer, zone: dt.tzinfo) -> dict[str, Any]:
    online = viewer.sees_online_details(group)
    facilitators = group.facilitator_names  # type: ignore[attr-defined]  # annotated by with_summary
    distance = getattr(group, "distance_km", None)
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "topics": group.topics,
        "languages": group.languages,
        "format": group.format,
        "join_policy": group.join_policy,
        "address": group.address,
        "city": group.city,
        "region": group.region,
        "country": group.country,
        "latitude": _float(group.latitude),
        "longitude": _float(group.longitude),
        "approximate": bool(group.approximate),
        "accessibility": group.accessibility,
        "time_zone": group.time_zone,
        "online_url": group.online_url if online else None,
        "online_phone": group.online_phone if online else None,
        "member_count": group.member_count,  # type: ignore[attr-defined]  # annotated by with_summary
        "facilitators": [{"name": name} for name in facilitators],
        "looking_for_facilitator": not facilitators,
        "distance_km": None if distance is None else round(distance, 1),
        "next_meeting": next_meeting_json(group),
        "created_at": iso_datetime(group.created_at, zone),
    }


def next_meeting_json(group: Group) -> dict[str, Any] | None:
    """The group's next scheduled meeting, from the annotation of ``meetings.selectors.with_next_meeting``:
    its start and end in UTC and as the clock reads where it meets (its own zone), or None."""
    meeting = getattr(group, "next_meeting", None)
    if meeting is None:
        return None
    starts_at, ends_at = _utc(meeting["starts_at"]), _utc(meeting["ends_at"])
    zone_name = meeting["time_zone"] or group.time_zone
    local = ZoneInfo(zone_name)
    return {"id": meeting["id"],
            "starts_at": iso_datetime(starts_at, dt.UTC), "ends_at": iso_datetime(ends_at, dt.UTC),
            "local_starts_at": starts_at.astimezone(local).isoformat(),  # the offset kept, even +00:00
            "local_ends_at": ends_at.astimezone(local).isoformat(),
            "time_zone": zone_name}


def _utc(text: str) -> dt.datetime:
    """A time as the database wrote it into JSON: with its offset (PostgreSQL) or naive UTC (SQLite)."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _page(group: Group, viewer: Viewer, zone: dt.tzinfo) -> dict[str, Any]:
    return {
        "agreements": group.agreements,
        "agreements_version": group.agreements_version,
        "support_resources": group.support_resources or settings.SITE_SUPPORT_RESOURCES,
        "support_resources_source": "group" if group.support_resources else "site",
        "online_link_public": bool(group.online_link_public),
        "listed": bool(group.listed),
        "is_archived": bool(group.is_archived),
        "updated_at": iso_datetime(group.updated_at, zone),
        "my_membership": _my_membership(viewer.membership_in(group)),
    }


def _my_membership(membership: Membership | None) -> dict[str, Any] | None:
    if membership is None:
        return None
    return {"id": membership.pk, "role": membership.role, "status": membership.status,
            "name_in_group": membership.name_in_group, "show_on_roster": bool(membership.show_on_roster),
            "agreements_pending": membership.agreed_version < membership.group.agreements_version}


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)

"""What a delivery says: ``{type, timestamp, data}``, where ``data`` is the resource as the public
API shows it to someone not signed in (the public presenters and an anonymous :class:`Viewer`).

So an online link or phone is there only when the group publishes it, and no person is: the keys
that name people or the caller (a group's ``facilitators``, a series' facilitator of the day, the
caller's own membership or RSVP, a distance from where they searched) are left out. Times are UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.presenters import group_json
from kindred.groups.selectors import with_summary
from kindred.meetings import selectors as meetings
from kindred.meetings.presenters import occurrence_json, series_json

from .models import PING, Event

UTC = dt.UTC
# Keys of the public shapes that are about a person or about the caller, never sent.
LEFT_OUT = {
    "group": ("facilitators", "my_membership", "distance_km"),
    "series": ("facilitator",),
    "occurrence": ("my_rsvp",),
}


def _without(data: dict[str, Any], resource: str) -> dict[str, Any]:
    for key in LEFT_OUT[resource]:
        data.pop(key, None)
    return data


def group_data(group_id: int, *, previous_slug: str = "") -> dict[str, Any] | None:
    """The group's page; an archived one only as the news that it was archived, under the address
    integrators knew (its new address is for its facilitators alone)."""
    group = meetings.with_next_meeting(with_summary(Group.objects.filter(pk=group_id))).first()
    if group is None or (group.is_archived and not previous_slug):
        return None
    data = _without(group_json(group, Viewer.anonymous(), page=True, zone=UTC), "group")
    if group.is_archived:
        data["slug"] = previous_slug
    return data


def series_data(series_id: int) -> dict[str, Any] | None:
    series = meetings.series_find(series_id=series_id)
    if series is None or series.group.is_archived:
        return None
    return _without(series_json(series, Viewer.anonymous(), zone=UTC), "series")


def occurrence_data(occurrence_id: int) -> dict[str, Any] | None:
    occurrence = meetings.occurrence_find(user=None, occurrence_id=occurrence_id)
    if occurrence is None or occurrence.group.is_archived:
        return None
    return _without(occurrence_json(occurrence, Viewer.anonymous(), zone=UTC), "occurrence")


def data_for(event: str, object_id: int, *, previous_slug: str = "") -> dict[str, Any] | None:
    """The public resource an event is about, as it is now; None when it is gone or no longer public."""
    if event == Event.GROUP_CHANGED:
        return group_data(object_id, previous_slug=previous_slug)
    if event.startswith("series."):
        return series_data(object_id)
    if event.startswith("occurrence."):
        return occurrence_data(object_id)
    raise ValueError(f"unknown webhook event {event!r}")


def body(event: str, *, happened_at: str, data: dict[str, Any]) -> str:
    """The JSON text sent and signed, compact (Standard Webhooks signs the exact bytes)."""
    assert event in Event.values or event == PING
    return json.dumps({"type": event, "timestamp": happened_at, "data": data}, separators=(",", ":"),
                      ensure_ascii=False)

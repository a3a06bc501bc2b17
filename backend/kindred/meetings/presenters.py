"""How meetings look from outside: the one renderer of a series, of an occurrence, and of where a meeting is.

:func:`place` is the one answer to "where is the meeting" (the API, the calendars, the Meeting Guide
feed and the emails; its rule per format is in docs/architecture.md). Whether a viewer gets the
online details is the policy's answer (``Viewer.sees_online_details``), never decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from kindred.common.timezones import current_zone, iso_datetime, zone_named
from kindred.groups.models import Group
from kindred.groups.policy import Viewer

from .models import MeetingSeries, Occurrence

ONLINE = "Online"


@dataclass(frozen=True)
class Place:
    """Where one meeting (or a series' meetings) happens."""

    format: str
    venue: str  # the facilitators' words: the occurrence's location, else the series'
    address: str
    city: str
    region: str
    country: str
    online_url: str
    online_phone: str

    @property
    def in_person(self) -> bool:
        return self.format != Group.Format.ONLINE

    @property
    def online(self) -> bool:
        return self.format != Group.Format.IN_PERSON

    @property
    def text(self) -> str:
        """The place in words: "Online", or the venue, or the group's address and city. The calendar
        feeds keep this English word (their text is data, the same for every subscriber)."""
        if not self.in_person:
            return ONLINE
        return self.venue or ", ".join(part for part in (self.address, self.city) if part)

    @property
    def words(self) -> str:
        """The place as the API and the emails say it: an online meeting's "Online" in the reader's
        language (the format's own word, as /meta/ gives it), anything else as the facilitators wrote it."""
        return gettext("Online") if not self.in_person else self.text


def place(group: Group, series: MeetingSeries, occurrence: Occurrence | None = None) -> Place:
    online = group.format != Group.Format.IN_PERSON
    return Place(
        format=group.format,
        venue=(occurrence.location if occurrence else "") or series.location,
        address=group.address, city=group.city, region=group.region, country=group.country,
        online_url=((occurrence.online_url if occurrence else "") or series.online_url or group.online_url)
        if online else "",
        online_phone=((occurrence.online_phone if occurrence else "") or series.online_phone or group.online_phone)
        if online else "",
    )


def _online_fields(where: Place, group: Group, viewer: Viewer) -> tuple[str | None, str | None]:
    if not viewer.sees_online_details(group):
        return None, None
    return where.online_url or None, where.online_phone or None


def series_json(series: MeetingSeries, viewer: Viewer, *, zone: dt.tzinfo | None = None) -> dict[str, Any]:
    """A series (``facilitator_name`` and ``facilitator_membership`` annotated by the selector). The
    facilitator of the day is named, by their membership id in the group, to its active members only,
    and only while they are on the roster or facilitate."""
    zone = zone or current_zone()
    group = series.group
    where = place(group, series)
    online_url, online_phone = _online_fields(where, group, viewer)
    name, membership = getattr(series, "facilitator_name", None), getattr(series, "facilitator_membership", None)
    facilitator = ({"membership_id": membership, "name": name}  # in this group, never the account's id
                   if membership is not None and name is not None and viewer.is_member(group) else None)
    recurrence = None if series.frequency == MeetingSeries.Frequency.NONE else {
        "frequency": series.frequency, "interval": series.interval, "weekdays": series.weekdays,
        "until": series.until.isoformat() if series.until else None, "count": series.count}
    return {
        "id": series.pk,
        "group": group.slug,
        "title": series.title,
        "description": series.description,
        "start_date": series.start_date.isoformat(),
        "start_time": series.start_time.isoformat(),
        "duration_minutes": series.duration_minutes,
        "time_zone": series.time_zone,
        "recurrence": recurrence,
        "location": where.words,
        "online_url": online_url,
        "online_phone": online_phone,
        "capacity": series.capacity,
        "facilitator": facilitator,
        "sequence": series.sequence,
        "ended_at": iso_datetime(series.ended_at, zone),
        "created_at": iso_datetime(series.created_at, zone),
        "updated_at": iso_datetime(series.updated_at, zone),
    }


def occurrence_json(occurrence: Occurrence, viewer: Viewer, *, zone: dt.tzinfo | None = None) -> dict[str, Any]:
    """One meeting (its ``series`` and ``group`` loaded, the viewer's own RSVP annotated by the selector)."""
    zone = zone or current_zone()
    series, group = occurrence.series, occurrence.group
    where = place(group, series, occurrence)
    online_url, online_phone = _online_fields(where, group, viewer)
    capacity, going = occurrence.capacity, occurrence.going_count
    status = getattr(occurrence, "my_rsvp_status", None)
    return {
        "id": occurrence.pk,
        "series": occurrence.series_id,
        "group": group.slug,
        "group_name": group.name,
        "title": series.title,
        "starts_at": iso_datetime(occurrence.starts_at, zone),
        "ends_at": iso_datetime(occurrence.ends_at, zone),
        "local_start": occurrence.starts_at.astimezone(zone_named(series.time_zone)).isoformat(),
        "time_zone": series.time_zone,
        "status": occurrence.status,
        "note": occurrence.note,
        "is_modified": bool(occurrence.is_modified),
        "going_count": going,
        "maybe_count": occurrence.maybe_count,
        "waitlist_count": occurrence.waitlist_count,
        "capacity": capacity,
        "places_left": None if capacity is None else max(capacity - going, 0),
        "location": where.words,
        "online_url": online_url,
        "online_phone": online_phone,
        "sequence": occurrence.sequence,
        "my_rsvp": None if status is None else {
            "status": status, "share_name": bool(occurrence.my_share_name),  # type: ignore[attr-defined]
            "waitlist_position": getattr(occurrence, "my_waitlist_position", None)},
    }

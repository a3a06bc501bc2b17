"""iCalendar (RFC 5545) building with the ``icalendar`` library.

Group feed: one VEVENT per series carrying its RRULE in the series' own zone (TZID + VTIMEZONE),
EXDATE for rule starts that have no occurrence, RDATE for occurrences the current rule no longer
produces (kept from before an edit), and a RECURRENCE-ID override for every occurrence that was
cancelled (STATUS:CANCELLED) or differs from what the rule says. Personal feed: one VEVENT per
occurrence. UIDs are stable (``series-12@host``, ``occurrence-345@host``) so clients update in place.

Text from the database is cleaned on the way out (``kindred.common.text``): one-line properties
(SUMMARY, LOCATION, the calendar's name) get no line breaks at all, DESCRIPTION keeps its line
breaks as escaped ``\\n``, and :func:`finish` removes any CR or LF that is not a line end, so a row
stored before the input rule (or by a shell) cannot add properties or events to anyone's feed.
"""

from __future__ import annotations

import datetime as dt
from itertools import islice
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur, vText

from kindred.common.text import clean_multi_line, one_line
from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.presenters import group_url
from kindred.meetings.models import MeetingSeries, Occurrence
from kindred.meetings.presenters import place
from kindred.meetings.recurrence import MAX_LOOKAHEAD, MAX_RULE_STARTS, Schedule

UTC = dt.UTC
PRODID = "-//Kindred//Kindred calendar feeds 1.0//EN"
REFRESH = dt.timedelta(hours=1)


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "kindred.invalid"


def new_calendar(name: str, *, description: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # X- properties are written as given unless typed: as vText they are escaped like SUMMARY.
    calendar.add("x-wr-calname", vText(one_line(name)))
    if description:
        calendar.add("x-wr-caldesc", vText(one_line(description)))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def finish(calendar: Calendar, first: dt.date | None) -> bytes:
    """Add a VTIMEZONE for each zone used, covering the years the feed spans, and serialise."""
    start = dt.date((first or timezone.now().date()).year, 1, 1)
    calendar.add_missing_timezones(first_date=start, last_date=dt.date(timezone.now().date().year + 6, 1, 1))
    # icalendar adds them in set order, which differs between processes: sorted, one feed has one ETag.
    zones = sorted((part for part in calendar.subcomponents if part.name == "VTIMEZONE"),
                   key=lambda zone: str(zone["TZID"]))
    calendar.subcomponents[:] = [*zones, *(part for part in calendar.subcomponents if part.name != "VTIMEZONE")]
    return only_crlf_line_ends(calendar.to_ical())


def only_crlf_line_ends(body: bytes) -> bytes:
    """The last guard: a CR or LF anywhere but in a CRLF line end is removed (RFC 5545 allows no other)."""
    return b"\r\n".join(line.replace(b"\r", b"").replace(b"\n", b"") for line in body.split(b"\r\n"))


# --- where and how ----------------------------------------------------------------------------

def location(group: Group, series: MeetingSeries, occurrence: Occurrence | None = None) -> str:
    return one_line(place(group, series, occurrence).text)


def description(group: Group, series: MeetingSeries, occurrence: Occurrence | None = None, *,
                viewer: Viewer) -> str:
    where = place(group, series, occurrence)
    parts = [series.description.strip()] if series.description.strip() else []
    if occurrence is not None and occurrence.note:
        parts.append(f"Note: {occurrence.note}")
    if where.online and viewer.sees_online_details(group):
        parts += [f"Join online: {where.online_url}"] if where.online_url else []
        parts += [f"By phone: {where.online_phone}"] if where.online_phone else []
    elif where.online:
        parts.append("Members find the online link on the group's page.")
    parts.append(group_url(group))
    return clean_multi_line("\n\n".join(parts))


# --- the group feed -----------------------------------------------------------------------------

def _local(moment: dt.datetime, series: MeetingSeries) -> dt.datetime:
    return moment.astimezone(Schedule.of(series).zone)


def _stamp(event: Event, created: dt.datetime, updated: dt.datetime) -> None:
    event.add("dtstamp", updated.astimezone(UTC))
    event.add("created", created.astimezone(UTC))
    event.add("last-modified", updated.astimezone(UTC))


def _horizon(series: MeetingSeries, occurrences: list[Occurrence]) -> dt.datetime:
    """How far occurrence rows are known to exist: rule starts up to here without a row were removed."""
    last_row = max((o.original_start for o in occurrences), default=Schedule.of(series).start_instant)
    materialized = series.materialized_until or last_row
    return max(last_row, min(materialized, timezone.now() + MAX_LOOKAHEAD))


def _needs_override(occurrence: Occurrence, series: MeetingSeries) -> bool:
    """Cancelled, or different from what the series' rule and fields say."""
    duration = dt.timedelta(minutes=series.duration_minutes)
    return (occurrence.status == Occurrence.Status.CANCELLED or occurrence.is_modified
            or occurrence.starts_at != occurrence.original_start
            or occurrence.ends_at - occurrence.starts_at != duration
            or occurrence.location not in ("", series.location)
            or occurrence.online_url not in ("", series.online_url) or bool(occurrence.note))


def series_events(series: MeetingSeries, occurrences: list[Occurrence], *, viewer: Viewer) -> list[Event]:
    """The master VEVENT of a series followed by its RECURRENCE-ID overrides."""
    group, uid, schedule = series.group, f"series-{series.pk}@{host()}", Schedule.of(series)
    start = schedule.first_start()
    if start is None:
        if not occurrences:
            return []  # the rule gives no meeting at all: nothing to put in anyone's calendar
        # Ended before its first meeting, keeping (as cancelled) those someone had answered: the
        # first kept meeting is DTSTART, the others RDATEs, each overridden below.
        start = _local(min(o.original_start for o in occurrences), series)
    master = Event()
    master.add("uid", uid)
    _stamp(master, series.created_at, series.updated_at)
    master.add("summary", one_line(series.title))
    master.add("dtstart", start)
    master.add("duration", dt.timedelta(minutes=series.duration_minutes))
    values = schedule.ical_rule()
    rule = vRecur(values) if values is not None else None
    if rule is not None:
        master.add("rrule", rule)
        _add_exceptions(master, schedule, series, occurrences, start)
    master.add("sequence", series.sequence)
    master.add("status", "CONFIRMED")
    master.add("location", location(group, series))
    master.add("url", group_url(group))
    master.add("description", description(group, series, viewer=viewer))
    events = [master]
    for occurrence in occurrences:
        if rule is not None and _needs_override(occurrence, series):
            events.append(_override(series, occurrence, uid, viewer=viewer))
    if rule is None and occurrences:  # a one-off meeting: its single occurrence is the event itself
        _apply_single(master, series, occurrences[0], viewer=viewer)
    return events


def _add_exceptions(master: Event, schedule: Schedule, series: MeetingSeries, occurrences: list[Occurrence],
                    start: dt.datetime) -> None:
    """EXDATE for rule starts with no occurrence row (removed), RDATE for rows the rule no longer gives."""
    by_rule = set(islice(schedule.starts_through(_horizon(series, occurrences)), MAX_RULE_STARTS))
    rows = {o.original_start for o in occurrences}
    removed = sorted(by_rule - rows)
    added = sorted(rows - by_rule - {start.astimezone(UTC)})
    if removed:
        master.add("exdate", [_local(moment, series) for moment in removed])
    if added:
        master.add("rdate", [_local(moment, series) for moment in added])


def _override(series: MeetingSeries, occurrence: Occurrence, uid: str, *, viewer: Viewer) -> Event:
    event = Event()
    event.add("uid", uid)
    _stamp(event, occurrence.created_at, occurrence.updated_at)
    event.add("recurrence-id", _local(occurrence.original_start, series))
    event.add("summary", one_line(series.title))
    event.add("dtstart", _local(occurrence.starts_at, series))
    event.add("dtend", _local(occurrence.ends_at, series))
    event.add("sequence", max(series.sequence, occurrence.sequence))
    cancelled = occurrence.status == Occurrence.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("location", location(series.group, series, occurrence))
    event.add("url", group_url(series.group))
    event.add("description", description(series.group, series, occurrence, viewer=viewer))
    return event


def _apply_single(event: Event, series: MeetingSeries, occurrence: Occurrence, *, viewer: Viewer) -> None:
    for name in ("dtstart", "duration", "sequence", "status", "location", "description"):
        event.pop(name, None)
    event.add("dtstart", _local(occurrence.starts_at, series))
    event.add("duration", occurrence.ends_at - occurrence.starts_at)
    event.add("sequence", max(series.sequence, occurrence.sequence))
    event.add("status", "CANCELLED" if occurrence.status == Occurrence.Status.CANCELLED else "CONFIRMED")
    event.add("location", location(series.group, series, occurrence))
    event.add("description", description(series.group, series, occurrence, viewer=viewer))


def group_calendar(group: Group, series_list: list[MeetingSeries]) -> bytes:
    """The public feed: what anyone (a viewer who is nobody in particular) may see."""
    viewer = Viewer.anonymous()
    calendar = new_calendar(group.name, description=f"Meetings of {group.name} on Kindred")
    for series in series_list:
        for event in series_events(series, list(series.occurrences.all()), viewer=viewer):
            calendar.add_component(event)
    return finish(calendar, min((s.start_date for s in series_list), default=None))


# --- the personal feed --------------------------------------------------------------------------

REPLY_LABELS = {"maybe": " (maybe)", "waitlisted": " (waiting list)"}


def occurrence_event(occurrence: Occurrence, *, reply: str | None, viewer: Viewer) -> Event:
    series, group = occurrence.series, occurrence.group
    event = Event()
    event.add("uid", f"occurrence-{occurrence.pk}@{host()}")
    _stamp(event, occurrence.created_at, max(occurrence.updated_at, series.updated_at))
    event.add("summary", one_line(f"{series.title} · {group.name}{REPLY_LABELS.get(reply or '', '')}"))
    event.add("dtstart", _local(occurrence.starts_at, series))
    event.add("dtend", _local(occurrence.ends_at, series))
    event.add("sequence", max(series.sequence, occurrence.sequence))
    cancelled = occurrence.status == Occurrence.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")  # STATUS is the meeting's, not my reply
    event.add("location", location(group, series, occurrence))
    event.add("url", group_url(group))
    event.add("description", description(group, series, occurrence, viewer=viewer))
    return event


def personal_calendar(occurrences: list[Occurrence], *, viewer: Viewer) -> bytes:
    """The person's own feed: what they (``viewer``) may see of their meetings."""
    calendar = new_calendar("My Kindred meetings", description="The meetings I plan to go to, from Kindred")
    for occurrence in occurrences:
        calendar.add_component(occurrence_event(occurrence, reply=getattr(occurrence, "my_reply", None), viewer=viewer))
    return finish(calendar, min((o.starts_at.date() for o in occurrences), default=None))

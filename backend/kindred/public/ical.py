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
from dataclasses import dataclass, field
from itertools import islice
from typing import Any
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
GROUP_FEED_MAX_EXCEPTIONS = 1000  # EXDATE, RDATE and override entries in one group feed


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


@dataclass(frozen=True)
class Window:
    """The span a group feed describes exactly: meetings from ``since`` (the rule re-anchored there),
    exceptions up to ``through``, and nothing at or after ``cutoff`` when the feed ran out of budget."""

    since: dt.datetime
    through: dt.datetime
    cutoff: dt.datetime | None = None

    @property
    def end(self) -> dt.datetime:
        return min(self.through, self.cutoff) if self.cutoff else self.through


@dataclass
class _Plan:
    """One series' master start, rule and exceptions, before they become events."""

    series: MeetingSeries
    start: dt.datetime
    rule: dict[str, Any] | None
    occurrences: list[Occurrence]
    removed: list[dt.datetime] = field(default_factory=list)
    added: list[dt.datetime] = field(default_factory=list)
    overrides: list[Occurrence] = field(default_factory=list)

    def instants(self) -> list[dt.datetime]:
        return [*self.removed, *self.added, *(o.original_start for o in self.overrides)]

    def cut(self, cutoff: dt.datetime) -> None:
        """Stop the series just before ``cutoff``: its rule ends there and nothing later is listed."""
        self.removed = [moment for moment in self.removed if moment < cutoff]
        self.added = [moment for moment in self.added if moment < cutoff]
        self.overrides = [o for o in self.overrides if o.original_start < cutoff]
        self.occurrences = [o for o in self.occurrences if o.original_start < cutoff]
        if self.rule is not None:
            end = self.rule.get("until") or (Schedule.of(self.series).last_start() if "count" in self.rule else None)
            if end is None or end >= cutoff:
                self.rule.pop("count", None)
                self.rule["until"] = cutoff - dt.timedelta(seconds=1)


def _plan(series: MeetingSeries, occurrences: list[Occurrence], window: Window | None) -> _Plan | None:
    schedule = Schedule.of(series)
    start = schedule.first_start()
    values = schedule.ical_rule()
    if window is not None and start is not None and start.astimezone(UTC) < window.since:
        # The feed starts a month ago: the rule is re-anchored on its first meeting from then on
        # (a counted rule says where it ends instead, as the meetings before no longer count).
        anchor = next(schedule.starts_between(window.since, window.through), None)
        start = _local(anchor, series) if anchor is not None else None
        if values is not None and "count" in values:
            values.pop("count")
            values["until"] = schedule.last_start()
    if start is None:
        if not occurrences:
            return None  # the rule gives no meeting at all: nothing to put in anyone's calendar
        # Ended before its first meeting, keeping (as cancelled) those someone had answered: the
        # first kept meeting is DTSTART, the others RDATEs, each overridden below.
        start = _local(min(o.original_start for o in occurrences), series)
    plan = _Plan(series=series, start=start, rule=values, occurrences=occurrences)
    if values is not None:
        horizon = _horizon(series, occurrences)
        if window is not None:
            horizon = min(horizon, window.end)
        # EXDATE for rule starts with no occurrence row (removed), RDATE for rows the rule no longer gives.
        by_rule = set(islice(schedule.starts_between(start.astimezone(UTC), horizon), MAX_RULE_STARTS))
        rows = {o.original_start for o in occurrences}
        plan.removed = sorted(by_rule - rows)
        plan.added = sorted(rows - by_rule - {start.astimezone(UTC)})
        plan.overrides = [o for o in occurrences if _needs_override(o, series)]
    return plan


def _events(plan: _Plan, *, viewer: Viewer) -> list[Event]:
    """The master VEVENT of a series followed by its RECURRENCE-ID overrides."""
    series, group = plan.series, plan.series.group
    uid = f"series-{series.pk}@{host()}"
    master = Event()
    master.add("uid", uid)
    _stamp(master, series.created_at, series.updated_at)
    master.add("summary", one_line(series.title))
    master.add("dtstart", plan.start)
    master.add("duration", dt.timedelta(minutes=series.duration_minutes))
    if plan.rule is not None:
        master.add("rrule", vRecur(plan.rule))
        if plan.removed:
            master.add("exdate", [_local(moment, series) for moment in plan.removed])
        if plan.added:
            master.add("rdate", [_local(moment, series) for moment in plan.added])
    master.add("sequence", series.sequence)
    master.add("status", "CONFIRMED")
    master.add("location", location(group, series))
    master.add("url", group_url(group))
    master.add("description", description(group, series, viewer=viewer))
    events = [master]
    events += [_override(series, occurrence, uid, viewer=viewer) for occurrence in plan.overrides]
    if plan.rule is None and plan.occurrences:  # a one-off meeting: its single occurrence is the event itself
        for name in ("dtstart", "duration", "sequence", "status", "location", "description"):
            master.pop(name, None)
        _meeting(master, series, group, plan.occurrences[0], viewer=viewer, one_off=True)
    return events


def _override(series: MeetingSeries, occurrence: Occurrence, uid: str, *, viewer: Viewer) -> Event:
    event = Event()
    event.add("uid", uid)
    _stamp(event, occurrence.created_at, occurrence.updated_at)
    event.add("recurrence-id", _local(occurrence.original_start, series))
    event.add("summary", one_line(series.title))
    return _meeting(event, series, series.group, occurrence, viewer=viewer)


def _meeting(event: Event, series: MeetingSeries, group: Group, occurrence: Occurrence, *, viewer: Viewer,
             one_off: bool = False) -> Event:
    """One meeting's time, version, status, place and details (a one-off's master keeps its URL)."""
    event.add("dtstart", _local(occurrence.starts_at, series))
    if one_off:
        event.add("duration", occurrence.ends_at - occurrence.starts_at)
    else:
        event.add("dtend", _local(occurrence.ends_at, series))
    event.add("sequence", max(series.sequence, occurrence.sequence))
    cancelled = occurrence.status == Occurrence.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")  # STATUS is the meeting's, not my reply
    event.add("location", location(group, series, occurrence))
    if not one_off:
        event.add("url", group_url(group))
    event.add("description", description(group, series, occurrence, viewer=viewer))
    return event


def group_calendar(group: Group, series_list: list[MeetingSeries], *, window: Window | None = None) -> bytes:
    """The public feed: what anyone (a viewer who is nobody in particular) may see.

    With a ``window`` (the API's feed) its work is bounded: rows come from the window only, and at
    most GROUP_FEED_MAX_EXCEPTIONS EXDATE, RDATE and override entries are written, earliest first.
    Past that, every series stops just before the first entry left out (its RRULE gets an UNTIL
    there): a calendar then shows fewer meetings, never a cancelled or moved one as the rule says."""
    viewer = Viewer.anonymous()
    calendar = new_calendar(group.name, description=f"Meetings of {group.name} on Kindred")
    plans = [plan for series in series_list if (plan := _plan(series, _rows(series), window)) is not None]
    instants = sorted(moment for plan in plans for moment in plan.instants())
    cutoffs = [window.cutoff] if window is not None and window.cutoff is not None else []
    if len(instants) > GROUP_FEED_MAX_EXCEPTIONS:
        cutoffs.append(instants[GROUP_FEED_MAX_EXCEPTIONS])
    for plan in plans:
        if cutoffs:
            plan.cut(min(cutoffs))
        for event in _events(plan, viewer=viewer):
            calendar.add_component(event)
    return finish(calendar, min((plan.start.date() for plan in plans), default=None))


def _rows(series: MeetingSeries) -> list[Occurrence]:
    """The rows the selector read for the feed's window, else all of them."""
    rows = getattr(series, "feed_rows", None)
    return list(rows) if rows is not None else list(series.occurrences.all())


# --- the personal feed --------------------------------------------------------------------------

REPLY_LABELS = {"maybe": " (maybe)", "waitlisted": " (waiting list)"}


def occurrence_event(occurrence: Occurrence, *, reply: str | None, viewer: Viewer) -> Event:
    series, group = occurrence.series, occurrence.group
    event = Event()
    event.add("uid", f"occurrence-{occurrence.pk}@{host()}")
    _stamp(event, occurrence.created_at, max(occurrence.updated_at, series.updated_at))
    event.add("summary", one_line(f"{series.title} · {group.name}{REPLY_LABELS.get(reply or '', '')}"))
    return _meeting(event, series, group, occurrence, viewer=viewer)


def personal_calendar(occurrences: list[Occurrence], *, viewer: Viewer) -> bytes:
    """The person's own feed: what they (``viewer``) may see of their meetings."""
    calendar = new_calendar("My Kindred meetings", description="The meetings I plan to go to, from Kindred")
    for occurrence in occurrences:
        calendar.add_component(occurrence_event(occurrence, reply=getattr(occurrence, "my_reply", None), viewer=viewer))
    return finish(calendar, min((o.starts_at.date() for o in occurrences), default=None))

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
import re
import zoneinfo
from collections.abc import Iterable
from typing import Literal
from urllib.parse import quote, urlsplit

from dateutil import rrule
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vRecur, vText

from kindred.common.text import clean_multi_line, one_line
from kindred.groups.models import Group
from kindred.meetings.models import MeetingSeries, Occurrence

UTC = dt.UTC
PRODID = "-//Kindred//Kindred calendar feeds 1.0//EN"
REFRESH = dt.timedelta(hours=1)
MAX_LOOKAHEAD = dt.timedelta(days=366 * 5)
MAX_RULE_STARTS = 5000
# series.frequency -> (the RFC 5545 FREQ, dateutil's frequency constant, which its rrule takes as a literal)
RRULE_FREQ: dict[str, tuple[str, Literal[1, 2]]] = {
    MeetingSeries.Frequency.WEEKLY: ("WEEKLY", rrule.WEEKLY),
    MeetingSeries.Frequency.MONTHLY: ("MONTHLY", rrule.MONTHLY),
}
WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA,
            "SU": rrule.SU}
DAY_CODE = re.compile(r"^([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$")


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "kindred.invalid"


def group_page(group: Group) -> str:
    return f"{settings.SITE_URL}/#/groups/{quote(group.slug, safe='')}"


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
    return only_crlf_line_ends(calendar.to_ical())


def only_crlf_line_ends(body: bytes) -> bytes:
    """The last guard: a CR or LF anywhere but in a CRLF line end is removed (RFC 5545 allows no other)."""
    return b"\r\n".join(line.replace(b"\r", b"").replace(b"\n", b"") for line in body.split(b"\r\n"))


# --- where and how ----------------------------------------------------------------------------

def place(group: Group, series: MeetingSeries, occurrence: Occurrence | None = None) -> str:
    if group.format == Group.Format.ONLINE:
        return "Online"
    specific = (occurrence.location if occurrence else "") or series.location
    return one_line(specific or ", ".join(filter(None, (group.address, group.city, group.region, group.country))))


def online_details(group: Group, series: MeetingSeries, occurrence: Occurrence | None = None) -> list[str]:
    url = (occurrence.online_url if occurrence else "") or series.online_url or group.online_url
    phone = (occurrence.online_phone if occurrence else "") or series.online_phone or group.online_phone
    lines = [f"Join online: {url}"] if url else []
    return lines + ([f"By phone: {phone}"] if phone else [])


def description(group: Group, series: MeetingSeries, occurrence: Occurrence | None = None, *,
                show_online: bool) -> str:
    parts = [series.description.strip()] if series.description.strip() else []
    if occurrence is not None and occurrence.note:
        parts.append(f"Note: {occurrence.note}")
    if show_online and group.format != Group.Format.IN_PERSON:
        parts.extend(online_details(group, series, occurrence))
    elif group.format != Group.Format.IN_PERSON:
        parts.append("Members find the online link on the group's page.")
    parts.append(group_page(group))
    return clean_multi_line("\n\n".join(parts))


# --- the series' rule ---------------------------------------------------------------------------

def zone_of(series: MeetingSeries) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(series.time_zone)


def first_start(series: MeetingSeries) -> dt.datetime:
    """DTSTART: the local date and time of the first meeting, in the series' zone."""
    return dt.datetime.combine(series.start_date, series.start_time, tzinfo=zone_of(series))


def _byday(codes: Iterable[str]) -> list[rrule.weekday]:
    days = []
    for code in codes:
        match = DAY_CODE.match(code)
        if match:
            weekday = WEEKDAYS[match.group(2)]
            days.append(weekday(int(match.group(1))) if match.group(1) else weekday)
    return days


def _until(series: MeetingSeries) -> dt.datetime | None:
    """The last instant a meeting may start (UTC): the end of ``until``, or just before ``ended_at``."""
    limits = []
    if series.until:
        last_local = dt.datetime.combine(series.until, dt.time(23, 59, 59), tzinfo=zone_of(series))
        limits.append(last_local.astimezone(UTC))
    ended_at = getattr(series, "ended_at", None)
    if ended_at:
        limits.append(ended_at.astimezone(UTC) - dt.timedelta(seconds=1))
    return min(limits) if limits else None


def _rule(series: MeetingSeries) -> rrule.rrule:
    """The series' rule over local wall-clock times (a start date off the rule is not a meeting)."""
    return rrule.rrule(RRULE_FREQ[series.frequency][1], dtstart=first_start(series).replace(tzinfo=None),
                       interval=series.interval, byweekday=_byday(series.weekdays) or None, count=series.count)


def first_meeting(series: MeetingSeries) -> dt.datetime | None:
    """The master VEVENT's DTSTART: the first start the rule gives, in the series' zone.

    RFC 5545 counts DTSTART as a meeting whatever the RRULE says, so a series created on a
    Wednesday that meets on Mondays and Thursdays must start at its first Monday or Thursday, or
    calendar clients show a Wednesday meeting that does not exist. None when the rule gives none.
    """
    if series.frequency not in RRULE_FREQ:
        return first_start(series)
    local = next(iter(_rule(series)), None)
    if local is None:
        return None
    start = local.replace(tzinfo=zone_of(series))
    until = _until(series)
    return None if until and start.astimezone(UTC) > until else start


def rule_starts(series: MeetingSeries, *, through: dt.datetime) -> list[dt.datetime]:
    """Starts (UTC) the series' rule gives up to ``through``, expanded in local wall-clock time.

    Local times are given the zone with fold=0, as RFC 5545 does: a time in a DST gap takes the
    offset before the gap, and a time in an overlap takes the first instant.
    """
    zone, first = zone_of(series), first_start(series)
    if series.frequency not in RRULE_FREQ:
        return [first.astimezone(UTC)] if first.astimezone(UTC) <= through else []
    until = _until(series)
    starts: list[dt.datetime] = []
    for local in _rule(series):
        if len(starts) >= MAX_RULE_STARTS:
            break
        start = local.replace(tzinfo=zone).astimezone(UTC)
        if start > through or (until and start > until):
            break
        starts.append(start)
    return starts


def recurrence_rule(series: MeetingSeries) -> vRecur | None:
    if series.frequency not in RRULE_FREQ:
        return None
    rule = vRecur(freq=RRULE_FREQ[series.frequency][0])
    if series.interval > 1:
        rule["interval"] = series.interval
    if series.weekdays:
        rule["byday"] = list(series.weekdays)
    until = _until(series)
    if until and series.count:
        # RFC 5545 allows only one of COUNT and UNTIL: whichever ends the series first becomes UNTIL.
        by_count = rule_starts(series, through=until)
        if len(by_count) >= series.count:
            until = min(until, by_count[series.count - 1])
        elif by_count:
            until = by_count[-1]
    if until:
        rule["until"] = until
    elif series.count:
        rule["count"] = series.count
    return rule


# --- the group feed -----------------------------------------------------------------------------

def _local(moment: dt.datetime, series: MeetingSeries) -> dt.datetime:
    return moment.astimezone(zone_of(series))


def _stamp(event: Event, created: dt.datetime, updated: dt.datetime) -> None:
    event.add("dtstamp", updated.astimezone(UTC))
    event.add("created", created.astimezone(UTC))
    event.add("last-modified", updated.astimezone(UTC))


def _horizon(series: MeetingSeries, occurrences: list[Occurrence]) -> dt.datetime:
    """How far occurrence rows are known to exist: rule starts up to here without a row were removed."""
    last_row = max((o.original_start for o in occurrences), default=first_start(series))
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


def series_events(series: MeetingSeries, occurrences: list[Occurrence], *, show_online: bool) -> list[Event]:
    """The master VEVENT of a series followed by its RECURRENCE-ID overrides."""
    group, uid = series.group, f"series-{series.pk}@{host()}"
    start = first_meeting(series)
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
    rule = recurrence_rule(series)
    if rule is not None:
        master.add("rrule", rule)
        by_rule = set(rule_starts(series, through=_horizon(series, occurrences)))
        rows = {o.original_start for o in occurrences}
        removed = sorted(by_rule - rows)
        added = sorted(rows - by_rule - {start.astimezone(UTC)})
        if removed:
            master.add("exdate", [_local(moment, series) for moment in removed])
        if added:
            master.add("rdate", [_local(moment, series) for moment in added])
    master.add("sequence", series.sequence)
    master.add("status", "CONFIRMED")
    master.add("location", place(group, series))
    master.add("url", group_page(group))
    master.add("description", description(group, series, show_online=show_online))
    events = [master]
    for occurrence in occurrences:
        if rule is not None and _needs_override(occurrence, series):
            events.append(_override(series, occurrence, uid, show_online=show_online))
    if rule is None and occurrences:  # a one-off meeting: its single occurrence is the event itself
        _apply_single(master, series, occurrences[0], show_online=show_online)
    return events


def _override(series: MeetingSeries, occurrence: Occurrence, uid: str, *, show_online: bool) -> Event:
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
    event.add("location", place(series.group, series, occurrence))
    event.add("url", group_page(series.group))
    event.add("description", description(series.group, series, occurrence, show_online=show_online))
    return event


def _apply_single(event: Event, series: MeetingSeries, occurrence: Occurrence, *, show_online: bool) -> None:
    for name in ("dtstart", "duration", "sequence", "status", "location", "description"):
        event.pop(name, None)
    event.add("dtstart", _local(occurrence.starts_at, series))
    event.add("duration", occurrence.ends_at - occurrence.starts_at)
    event.add("sequence", max(series.sequence, occurrence.sequence))
    event.add("status", "CANCELLED" if occurrence.status == Occurrence.Status.CANCELLED else "CONFIRMED")
    event.add("location", place(series.group, series, occurrence))
    event.add("description", description(series.group, series, occurrence, show_online=show_online))


def group_calendar(group: Group, series_list: list[MeetingSeries]) -> bytes:
    calendar = new_calendar(group.name, description=f"Meetings of {group.name} on Kindred")
    for series in series_list:
        for event in series_events(series, list(series.occurrences.all()), show_online=group.online_link_public):
            calendar.add_component(event)
    return finish(calendar, min((s.start_date for s in series_list), default=None))


# --- the personal feed --------------------------------------------------------------------------

REPLY_LABELS = {"maybe": " (maybe)", "waitlisted": " (waiting list)"}


def occurrence_event(occurrence: Occurrence, *, reply: str | None) -> Event:
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
    event.add("location", place(group, series, occurrence))
    event.add("url", group_page(group))
    event.add("description", description(group, series, occurrence, show_online=True))
    return event


def personal_calendar(occurrences: list[Occurrence]) -> bytes:
    calendar = new_calendar("My Kindred meetings", description="The meetings I plan to go to, from Kindred")
    for occurrence in occurrences:
        calendar.add_component(occurrence_event(occurrence, reply=getattr(occurrence, "my_reply", None)))
    return finish(calendar, min((o.starts_at.date() for o in occurrences), default=None))

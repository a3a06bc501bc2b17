"""Helpers for feed tests: materialise occurrence rows the way the meetings app stores them."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from dateutil import rrule

from kindred.meetings.models import MeetingSeries, Occurrence

WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA,
            "SU": rrule.SU}


def _byday(code: str) -> rrule.weekday:
    day = WEEKDAYS[code[-2:]]
    return day(int(code[:-2])) if code[:-2] else day


def materialise(series: MeetingSeries, *, through: dt.datetime) -> list[Occurrence]:
    """Rows for each start of the rule up to ``through``: local wall-clock expansion, then UTC (fold=0)."""
    zone = zoneinfo.ZoneInfo(series.time_zone)
    first = dt.datetime.combine(series.start_date, series.start_time)
    if series.frequency == MeetingSeries.Frequency.NONE:
        locals_ = [first]
    else:
        freq = rrule.WEEKLY if series.frequency == MeetingSeries.Frequency.WEEKLY else rrule.MONTHLY
        until = dt.datetime.combine(series.until, dt.time(23, 59)) if series.until else None
        locals_ = iter(rrule.rrule(freq, dtstart=first, interval=series.interval, count=series.count,
                                   until=until, byweekday=[_byday(c) for c in series.weekdays]))
    rows = []
    for local in locals_:
        start = local.replace(tzinfo=zone).astimezone(dt.UTC)
        if start > through:
            break
        rows.append(Occurrence(series=series, group=series.group, original_start=start, starts_at=start,
                               ends_at=start + dt.timedelta(minutes=series.duration_minutes),
                               location=series.location, online_url=series.online_url))
    Occurrence.objects.bulk_create(rows)
    MeetingSeries.objects.filter(pk=series.pk).update(materialized_until=through)
    series.materialized_until = through
    return list(series.occurrences.order_by("original_start"))

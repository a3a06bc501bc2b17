"""Helpers for feed tests: occurrence rows made the way the meetings app makes them."""

from __future__ import annotations

import datetime as dt

from kindred.meetings.models import MeetingSeries, Occurrence
from kindred.meetings.recurrence import Schedule


def materialise(series: MeetingSeries, *, through: dt.datetime) -> list[Occurrence]:
    """Rows for each start of the series' rule up to ``through`` (kindred.meetings.recurrence)."""
    rows = [Occurrence(series=series, group=series.group, original_start=start, starts_at=start,
                       ends_at=start + dt.timedelta(minutes=series.duration_minutes),
                       location=series.location, online_url=series.online_url)
            for start in Schedule.of(series).starts_through(through)]
    Occurrence.objects.bulk_create(rows)
    MeetingSeries.objects.filter(pk=series.pk).update(materialized_until=through)
    series.materialized_until = through
    return list(series.occurrences.order_by("original_start"))

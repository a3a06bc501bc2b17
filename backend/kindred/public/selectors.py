"""Public reads: the directory, and the feeds (each built from a fixed number of queries, however many
meetings it lists)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from kindred.accounts.models import User
from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.selectors import with_summary
from kindred.meetings.models import MeetingSeries, Occurrence, Rsvp
from kindred.meetings.selectors import with_next_meeting
from kindred.meetings.services.schedule import FOREVER

PERSONAL_FEED_PAST = dt.timedelta(days=30)
PERSONAL_FEED_LIMIT = 1000
# The group calendar: meetings from a month ago (like the personal feed) to as far as members may list
# (two years); at most this many series and rows are read, whatever a facilitator has made.
GROUP_FEED_PAST = dt.timedelta(days=30)
GROUP_FEED_AHEAD = dt.timedelta(days=2 * 366 + 1)
GROUP_FEED_MAX_SERIES = 50
GROUP_FEED_MAX_ROWS = 3000


# Columns the directory's summary never shows: left in the database, not read for every listed group.
SUMMARY_DEFERRED = ("agreements", "support_resources", "archived_at", "updated_at")


def group_directory() -> QuerySet[Group]:
    """Listed groups anyone may see: the public directory (filters are applied by ``filters.py``)."""
    return with_next_meeting(with_summary(Viewer.anonymous().visible_groups().filter(listed=True)
                                          .defer(*SUMMARY_DEFERRED)))


@dataclass
class GroupFeed:
    """What one group calendar request reads: at most GROUP_FEED_MAX_SERIES series, each with its
    occurrence rows from ``since`` on (``series.feed_rows``), at most GROUP_FEED_MAX_ROWS rows in all.
    ``cutoff``: when the rows ran out of budget, the instant the feed stops at (None otherwise)."""

    series: list[MeetingSeries]
    rows: list[Occurrence]
    since: dt.datetime
    through: dt.datetime
    cutoff: dt.datetime | None


def group_calendar_series(*, group: Group, now: dt.datetime | None = None) -> GroupFeed:
    """The group's series that have meetings from GROUP_FEED_PAST ago on (live ones first, then the
    most recent), and their rows in that window (three queries, bounded whatever the group holds)."""
    now = now or timezone.now()
    since, through = now - GROUP_FEED_PAST, now + GROUP_FEED_AHEAD
    in_window = Occurrence.objects.filter(series=OuterRef("pk"), original_start__gte=since)
    series = list(MeetingSeries.objects.filter(group=group)
                  .filter(Q(ended_at__isnull=True, materialized_until__lt=FOREVER) | Exists(in_window))
                  .order_by(F("ended_at").desc(nulls_first=True), "-id")[:GROUP_FEED_MAX_SERIES])
    series.sort(key=lambda item: item.pk)
    rows = list(Occurrence.objects.filter(series__in=[item.pk for item in series], original_start__gte=since,
                                          original_start__lte=through)
                .order_by("original_start", "id")[:GROUP_FEED_MAX_ROWS + 1])
    cutoff = None
    if len(rows) > GROUP_FEED_MAX_ROWS:
        cutoff = rows[-1].original_start
        rows = [row for row in rows if row.original_start < cutoff]
    by_series: dict[int, list[Occurrence]] = {item.pk: [] for item in series}
    for row in rows:
        by_series[row.series_id].append(row)
    for item in series:
        item.group = group  # the same object: no query per series
        item.feed_rows = by_series[item.pk]  # type: ignore[attr-defined]
    return GroupFeed(series=series, rows=rows, since=since, through=through, cutoff=cutoff)


def personal_feed_occurrences(*, viewer: Viewer, include_group_meetings: bool,
                              now: dt.datetime | None = None) -> list[Occurrence]:
    """Occurrences I replied going/maybe/waitlisted to (or, if I chose, all my groups' meetings),
    from a month ago on, in groups I am still an active member of and may see. ``my_reply`` is annotated."""
    since = (now or timezone.now()) - PERSONAL_FEED_PAST
    mine = Rsvp.objects.filter(occurrence=OuterRef("pk"), user=viewer.user)
    occurrences = (Occurrence.objects.filter(group_id__in=sorted(viewer.member_group_ids), starts_at__gte=since)
                   .filter(viewer.visible_group_filter(via="group")))
    if not include_group_meetings:
        occurrences = occurrences.filter(Exists(mine.filter(status__in=Rsvp.PLANNED)))
    occurrences = (occurrences.annotate(my_reply=Subquery(mine.values("status")[:1]))
                   .select_related("series", "group").order_by("starts_at", "id"))
    return list(occurrences[:PERSONAL_FEED_LIMIT])


def user_for_calendar_secret(secret: str) -> User | None:
    return (User.objects.filter(calendar_secret=secret, is_active=True)
            .select_related("notification_preferences").first())


def meeting_guide_series(*, today: dt.date | None = None) -> QuerySet[MeetingSeries]:
    """Weekly (every week) series of listed, active groups that have not ended (one query)."""
    now = timezone.now()
    today = today or timezone.localdate()
    upcoming = Occurrence.objects.filter(series=OuterRef("pk"), status=Occurrence.Status.SCHEDULED,
                                         starts_at__gte=now)
    return (MeetingSeries.objects
            .filter(frequency=MeetingSeries.Frequency.WEEKLY, interval=1,
                    group__listed=True, group__is_archived=False)
            .filter(Q(until__isnull=True) | Q(until__gte=today))
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=now))
            .filter(Q(count__isnull=True) | Exists(upcoming))
            .select_related("group").order_by("group__name", "group_id", "start_time", "id"))

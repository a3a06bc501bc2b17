"""Public reads: the directory, and the feeds (each built from a fixed number of queries, however many
meetings it lists)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from kindred.accounts.models import User
from kindred.groups.models import Group
from kindred.groups.policy import Viewer
from kindred.groups.selectors import with_summary
from kindred.meetings.models import MeetingSeries, Occurrence, Rsvp

PERSONAL_FEED_PAST = dt.timedelta(days=30)
PERSONAL_FEED_LIMIT = 1000


# Columns the directory's summary never shows: left in the database, not read for every listed group.
SUMMARY_DEFERRED = ("agreements", "support_resources", "archived_at", "updated_at")


def group_directory() -> QuerySet[Group]:
    """Listed groups anyone may see: the public directory (filters are applied by ``filters.py``)."""
    return with_next_meeting(with_summary(Viewer.anonymous().visible_groups().filter(listed=True)
                                          .defer(*SUMMARY_DEFERRED)))


def with_next_meeting(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Annotate each group's next scheduled meeting (``next_meeting_id``, ``_starts_at``, ``_ends_at``
    and ``_time_zone``, the meeting's own zone), all null when none is planned: subqueries on the
    (group, starts_at) index in the same SELECT, so no query is added to the page."""
    upcoming = (Occurrence.objects.filter(group=OuterRef("pk"), status=Occurrence.Status.SCHEDULED,
                                          starts_at__gte=timezone.now()).order_by("starts_at", "id"))
    return groups.annotate(**{f"next_meeting_{name}": Subquery(upcoming.values(column)[:1]) for name, column in (
        ("id", "id"), ("starts_at", "starts_at"), ("ends_at", "ends_at"), ("time_zone", "series__time_zone"))})


def group_calendar_series(*, group: Group) -> list[MeetingSeries]:
    """Every series of the group with all its occurrences (two queries)."""
    occurrences = Occurrence.objects.order_by("original_start", "id")
    series = (MeetingSeries.objects.filter(group=group).order_by("id")
              .prefetch_related(Prefetch("occurrences", queryset=occurrences)))
    result = list(series)
    for item in result:
        item.group = group  # the same object: no query per series
    return result


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

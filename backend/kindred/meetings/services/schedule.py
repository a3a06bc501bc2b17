"""Series and occurrence writes: materialising the rule, edits from a date onward, one-occurrence changes."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from itertools import islice
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.common.errors import Conflict, RuleBroken
from kindred.common.services import model_update
from kindred.groups.models import Group
from kindred.groups.policy import visible_members

from .. import recurrence as rules
from ..events import occurrence_cancelled, occurrence_changed, series_changed, series_created, series_ended
from ..models import MeetingSeries, Occurrence, Rsvp
from ..recurrence import Schedule
from .rsvps import _check_open, _fill_places, _lock, _raised

HORIZON = dt.timedelta(days=366)
FOREVER = dt.datetime(9999, 12, 31, tzinfo=dt.UTC)
COPIED_FIELDS = ("location", "online_url", "online_phone", "capacity")
SERIES_FIELDS = ("title", "description", *rules.SCHEDULE_FIELDS, *COPIED_FIELDS, "facilitator_id", "meeting_days",
                 "sequence")
OCCURRENCE_FIELDS = ("starts_at", "ends_at", *COPIED_FIELDS, "note")
REMOVED_NOTE = "This meeting is no longer on the schedule."
ENDED_NOTE = "This meeting series has ended."


# --- series ---------------------------------------------------------------------------------

def _recurrence_fields(recurrence_data: dict[str, Any] | None) -> dict[str, Any]:
    data = recurrence_data or {"frequency": MeetingSeries.Frequency.NONE}  # none: a one-off meeting
    return {"frequency": data["frequency"], "interval": data.get("interval", 1),
            "weekdays": list(data.get("weekdays") or []), "until": data.get("until"), "count": data.get("count")}


def _facilitator_of_the_day(group: Group, membership_id: int | None) -> int | None:
    """The user behind ``membership_id`` (a membership of this group, as its roster gives ids), or None.
    Memberships, not accounts, name people in a group: an account id would follow them across groups."""
    if membership_id is None:
        return None
    user_id = visible_members(group).filter(pk=membership_id).values_list("user_id", flat=True).first()
    if user_id is None:
        raise RuleBroken(_("The facilitator of the day must be a facilitator or a member on this group's roster."),
                          field="facilitator", code="not_a_member")
    return user_id


@transaction.atomic
def series_facilitator_release(*, user: Any, group: Group) -> None:
    """On leaving (or removal from) a group: the person is no longer anyone's facilitator of the day there,
    so their name stops appearing on its series."""
    MeetingSeries.objects.filter(group=group, facilitator=user).update(facilitator=None, updated_at=timezone.now())


def _check_not_in_past(schedule: Schedule) -> None:
    today = timezone.now().astimezone(schedule.zone).date()
    if schedule.start_date < today:
        raise RuleBroken(_("The first meeting cannot be in the past."), field="start_date", code="in_the_past")


def _latest_date() -> dt.date:
    """How far ahead anything may be scheduled (as far as ``until`` may reach)."""
    return timezone.localdate() + relativedelta(years=rules.MAX_YEARS)


def _check_within_reach(day: dt.date | None, field: str) -> None:
    """Checked before any date arithmetic: year 9999 would overflow it (a 500, not a 400)."""
    if day is not None and day > _latest_date():
        raise RuleBroken(ngettext("Meetings can be planned at most %(years)d year ahead.",
                                  "Meetings can be planned at most %(years)d years ahead.",
                                  rules.MAX_YEARS) % {"years": rules.MAX_YEARS}, field=field, code="too_far_ahead")


def live_series(group: Group) -> Any:
    """The group's series with meetings still to come: not ended, and either still being materialised
    (no last date, or one beyond what exists) or with a meeting ahead. A finished series does not count."""
    ahead = Occurrence.objects.filter(series=OuterRef("pk"), starts_at__gt=timezone.now())
    return MeetingSeries.objects.filter(group=group, ended_at__isnull=True).filter(
        Q(materialized_until__lt=FOREVER) | Exists(ahead))


def _check_series_allowance(group: Group) -> None:
    """One group holds at most MAX_LIVE_SERIES_PER_GROUP live series: each one is rows to materialise
    on reads, so without a cap a facilitator could make any visitor's request cost minutes."""
    limit = settings.MAX_LIVE_SERIES_PER_GROUP
    list(Group.objects.select_for_update().filter(pk=group.pk).values_list("pk"))  # two creates queue here
    if live_series(group).count() >= limit:
        raise Conflict(_("A group can have at most %(limit)d meeting series with meetings to come. "
                         "End one you no longer hold before adding another.") % {"limit": limit},
                       code="too_many_series")


@transaction.atomic
def series_create(*, group: Group, title: str, start_date: dt.date, start_time: dt.time,
                  duration_minutes: int = 90, time_zone: str | None = None,
                  recurrence: dict[str, Any] | None = None, description: str = "", location: str = "",
                  online_url: str = "", online_phone: str = "", capacity: int | None = None,
                  facilitator: int | None = None) -> MeetingSeries:
    """Create a series and materialise its occurrences up to the horizon. ``facilitator``: a membership
    id of the group (the facilitator of the day)."""
    series = MeetingSeries(group=group, title=title, description=description, start_date=start_date,
                           start_time=start_time, duration_minutes=duration_minutes,
                           time_zone=time_zone or group.time_zone, location=location, online_url=online_url,
                           online_phone=online_phone, capacity=capacity,
                           facilitator_id=_facilitator_of_the_day(group, facilitator),
                           **_recurrence_fields(recurrence))
    schedule = Schedule.of(series)
    _check_within_reach(start_date, "start_date")
    rules.validate(schedule)
    _check_not_in_past(schedule)
    _check_series_allowance(group)
    series.meeting_days = rules.meeting_days(schedule)
    series.save()
    _materialise(series, until=_default_horizon(schedule))
    series_created.send(series=series)
    return series


def _default_horizon(schedule: Schedule) -> dt.datetime:
    first = rules.to_utc(schedule.first_local, schedule.zone)
    return max(timezone.now(), first) + HORIZON


def _new_occurrence(series: MeetingSeries, start: dt.datetime) -> Occurrence:
    return Occurrence(series=series, group_id=series.group_id, original_start=start, starts_at=start,
                      ends_at=start + dt.timedelta(minutes=series.duration_minutes),
                      **{field: getattr(series, field) for field in COPIED_FIELDS})


def _unmaterialised_start(series: MeetingSeries, schedule: Schedule) -> dt.datetime:
    """The first instant the series may still lack rows from (everything before it exists)."""
    start = max(filter(None, [series.materialized_until, series.frozen_before]),
                default=dt.datetime.combine(schedule.start_date - dt.timedelta(days=2), dt.time.min, tzinfo=dt.UTC))
    return start + dt.timedelta(microseconds=1) if series.materialized_until is not None else start


def _materialised_until(schedule: Schedule, until: dt.datetime) -> dt.datetime:
    last = schedule.last_start()
    return FOREVER if last is not None and last <= until else until


def _materialise(series: MeetingSeries, *, until: dt.datetime) -> None:
    """Create the rule's occurrences after ``materialized_until`` up to ``until`` (idempotent)."""
    schedule = Schedule.of(series)
    start = _unmaterialised_start(series, schedule)
    rows = [_new_occurrence(series, instant) for instant in schedule.starts_between(start, until)]
    Occurrence.objects.bulk_create(rows, ignore_conflicts=True)
    series.materialized_until = _materialised_until(schedule, until)
    MeetingSeries.objects.filter(pk=series.pk).update(materialized_until=series.materialized_until)


@transaction.atomic
def occurrences_extend(*, group: Group, until: dt.datetime, budget: int | None = None) -> dt.datetime:
    """Create the rows every live series of ``group`` lacks up to ``until``, at most ``budget`` of them
    (MAX_OCCURRENCES_CREATED_PER_REQUEST), earliest first across the series, in one transaction.

    Returns the instant up to which every live series now has all its rows: ``until`` when the budget
    sufficed, else earlier (the caller lists no further, and the next request goes on from there).
    So however many series and however far ahead, one request creates a bounded number of rows.
    """
    until = min(until, timezone.now() + rules.MAX_LOOKAHEAD)
    stale = list(MeetingSeries.objects.select_for_update()
                 .filter(group=group, ended_at__isnull=True, materialized_until__lt=until).order_by("pk"))
    if not stale:
        return until
    schedules = {series.pk: Schedule.of(series) for series in stale}
    due = heapq.merge(*(_starts(series, schedules[series.pk], until) for series in stale))
    planned = list(islice(due, budget or max(1, settings.MAX_OCCURRENCES_CREATED_PER_REQUEST)))
    overflow = next(due, None)
    through = until
    if overflow is not None:  # the budget ends before `until`: stop just before the first row left out
        cut = overflow[0]
        # ...unless every planned row starts at that same instant: then take it whole (more series than
        # budget at one time), so each request always moves forward.
        through = cut - dt.timedelta(microseconds=1) if planned and planned[0][0] < cut else cut
    by_pk = {series.pk: series for series in stale}
    rows = [_new_occurrence(by_pk[pk], instant) for instant, pk in planned if instant <= through]
    if overflow is not None and through == overflow[0]:
        rows += [_new_occurrence(by_pk[pk], instant) for instant, pk in _same_instant(due, overflow)]
    Occurrence.objects.bulk_create(rows, ignore_conflicts=True)
    for series in stale:
        series.materialized_until = _materialised_until(schedules[series.pk], through)
    MeetingSeries.objects.bulk_update(stale, ["materialized_until"])
    return through


def _starts(series: MeetingSeries, schedule: Schedule, until: dt.datetime) -> Iterator[tuple[dt.datetime, int]]:
    for instant in schedule.starts_between(_unmaterialised_start(series, schedule), until):
        yield instant, series.pk


def _same_instant(due: Iterator[tuple[dt.datetime, int]],
                  first: tuple[dt.datetime, int]) -> Iterator[tuple[dt.datetime, int]]:
    yield first
    for item in due:
        if item[0] != first[0]:
            return
        yield item


@transaction.atomic
def series_update(*, series: MeetingSeries, data: dict[str, Any], apply_from: dt.date | None = None) -> MeetingSeries:
    """Change a series from ``apply_from`` (default: now) onward; earlier occurrences keep their times."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if series.ended_at is not None:
        raise Conflict(_("This series has ended; create a new one instead."), code="series_ended")
    old_zone = Schedule.of(series).zone
    changes = {field: value for field, value in data.items() if field not in ("recurrence", "facilitator")}
    if "facilitator" in data:  # a membership id of the group: the account behind it is stored
        changes["facilitator_id"] = _facilitator_of_the_day(series.group, data["facilitator"])
    if "recurrence" in data:
        changes.update(_recurrence_fields(data["recurrence"]))
    schedule = Schedule.of(series).changed(changes)
    _check_within_reach(schedule.start_date, "start_date")
    _check_within_reach(apply_from, "apply_from")
    rules.validate(schedule)
    if "start_date" in data:
        _check_not_in_past(schedule)
    changes.update(meeting_days=rules.meeting_days(schedule), sequence=series.sequence + 1)
    model_update(instance=series, fields=SERIES_FIELDS, data=changes)
    _reschedule(series, boundary=_boundary(schedule, apply_from), old_zone=old_zone)
    series_changed.send(series=series)
    return series


def _boundary(schedule: Schedule, apply_from: dt.date | None) -> dt.datetime:
    now = timezone.now()
    if apply_from is None:
        return now
    local_midnight = rules.to_utc(dt.datetime.combine(apply_from, dt.time.min), schedule.zone)
    return max(now, local_midnight)


def _reschedule(series: MeetingSeries, *, boundary: dt.datetime, old_zone: Any) -> None:
    """Re-time future unmodified occurrences in place (matched by local date, so ids survive),
    add the ones the rule now gives, and remove or cancel the ones it no longer gives.

    Bounded like a create: rows are made and re-timed up to a year past the first meeting (not as
    far as lists had materialised); beyond that, rows nobody answered are deleted in one query (a
    later list makes them again from the new rule) and only answered ones are re-timed or cancelled."""
    schedule = Schedule.of(series)
    horizon = min(_default_horizon(schedule), timezone.now() + rules.MAX_LOOKAHEAD)
    future = Occurrence.objects.select_for_update().filter(series_id=series.pk).filter(
        Q(starts_at__gte=boundary) | Q(original_start__gte=boundary))
    answered = Exists(Rsvp.objects.filter(occurrence_id=OuterRef("pk")))
    future.filter(original_start__gt=horizon, starts_at__gt=horizon, is_modified=False).exclude(answered).delete()
    future_rows = list(future.order_by("starts_at", "id"))
    by_date = {rules.local_date(row.original_start, old_zone): row for row in future_rows
               if not row.is_modified and row.starts_at >= boundary}
    blocked = {rules.local_date(row.original_start, old_zone) for row in future_rows if row.is_modified}
    last_row = max((row.original_start for row in by_date.values()), default=horizon)
    new_rows = []
    for instant in schedule.starts_between(boundary, max(horizon, last_row + dt.timedelta(days=2))):
        day = rules.local_date(instant, schedule.zone)
        if day in blocked:
            continue
        row = by_date.pop(day, None)
        if row is not None:
            _retime(series, row, instant)
        elif instant <= horizon:
            new_rows.append(_new_occurrence(series, instant))
    for row in by_date.values():
        _remove(row, note=REMOVED_NOTE)
    Occurrence.objects.bulk_create(new_rows, ignore_conflicts=True)
    last = schedule.last_start()
    series.frozen_before = boundary
    series.materialized_until = FOREVER if last is not None and last <= horizon else horizon
    MeetingSeries.objects.filter(pk=series.pk).update(frozen_before=boundary,
                                                      materialized_until=series.materialized_until)


def _retime(series: MeetingSeries, row: Occurrence, instant: dt.datetime) -> None:
    values = {"original_start": instant, "starts_at": instant,
              "ends_at": instant + dt.timedelta(minutes=series.duration_minutes),
              "status": Occurrence.Status.SCHEDULED,
              **{field: getattr(series, field) for field in COPIED_FIELDS}}
    if row.status == Occurrence.Status.CANCELLED:
        values["note"] = ""  # it was only removed by an earlier rule; the new rule brings it back
    capacity_before = row.capacity
    row, changed = model_update(instance=row, fields=values, data=values, when_changed={"sequence": row.sequence + 1})
    if not changed:
        return
    if _raised(capacity_before, row.capacity):
        _fill_places(row)
    occurrence_changed.send(occurrence=row, changed=frozenset(changed))


def _remove(row: Occurrence, *, note: str) -> None:
    """Delete an occurrence nobody answered; cancel (and tell) one with RSVPs, so nobody is left guessing."""
    if row.status == Occurrence.Status.CANCELLED:
        return
    if not Rsvp.objects.filter(occurrence_id=row.pk).exists():
        row.delete()
        return
    row.status, row.note = Occurrence.Status.CANCELLED, note
    row.sequence += 1
    row.save(update_fields=["status", "note", "sequence", "updated_at"])
    occurrence_cancelled.send(occurrence=row)


@transaction.atomic
def series_end(*, series: MeetingSeries) -> None:
    """End a series now: future occurrences are removed (or cancelled when someone answered); the past stays."""
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    if series.ended_at is not None:
        return
    now = timezone.now()
    future = Occurrence.objects.select_for_update().filter(series_id=series.pk, starts_at__gt=now)
    for row in future.order_by("starts_at", "id"):
        _remove(row, note=ENDED_NOTE)
    series.ended_at, series.materialized_until = now, FOREVER
    series.sequence += 1
    series.save(update_fields=["ended_at", "materialized_until", "sequence", "updated_at"])
    series_ended.send(series=series)


# --- one occurrence -------------------------------------------------------------------------

@transaction.atomic
def occurrence_update(*, occurrence: Occurrence, data: dict[str, Any]) -> Occurrence:
    """Change this one occurrence (time, place, link, capacity, note); the series is untouched."""
    occurrence = _lock(occurrence.pk)
    _check_open(occurrence, action="change")
    starts_at = data.pop("starts_at", occurrence.starts_at)
    duration = data.pop("duration_minutes", None)
    if starts_at <= timezone.now():
        raise RuleBroken(_("The new start must be in the future."), field="starts_at", code="in_the_past")
    _check_within_reach(starts_at.date(), "starts_at")
    if duration is not None and not rules.MIN_DURATION <= duration <= rules.MAX_DURATION:
        raise RuleBroken(_("A meeting lasts between 5 and 1440 minutes."), field="duration_minutes",
                          code="duration_out_of_range")
    length = dt.timedelta(minutes=duration) if duration is not None else occurrence.ends_at - occurrence.starts_at
    values = {"starts_at": starts_at, "ends_at": starts_at + length, **data}
    capacity_before = occurrence.capacity
    occurrence, changed = model_update(instance=occurrence, fields=OCCURRENCE_FIELDS, data=values,
                                       when_changed={"is_modified": True, "sequence": occurrence.sequence + 1})
    if not changed:
        return occurrence
    if _raised(capacity_before, occurrence.capacity):
        _fill_places(occurrence)
    occurrence_changed.send(occurrence=occurrence, changed=frozenset(changed))
    return occurrence


@transaction.atomic
def occurrence_cancel(*, occurrence: Occurrence, note: str) -> Occurrence:
    """Cancel one occurrence with a note; RSVPs are kept so the people who answered can be told."""
    occurrence = _lock(occurrence.pk)
    _check_open(occurrence, action="cancel")
    occurrence.status, occurrence.note = Occurrence.Status.CANCELLED, note
    occurrence.is_modified = True
    occurrence.sequence += 1
    occurrence.save(update_fields=["status", "note", "is_modified", "sequence", "updated_at"])
    occurrence_cancelled.send(occurrence=occurrence)
    return occurrence


@transaction.atomic
def occurrence_restore(*, occurrence: Occurrence) -> Occurrence:
    """Undo a cancellation before the meeting: it is on again, with the replies it kept, and the
    people who plan to come hear of it as a change. A meeting its ended series took away stays gone."""
    occurrence = _lock(occurrence.pk)
    if occurrence.status != Occurrence.Status.CANCELLED:
        raise Conflict(_("This meeting is not cancelled."), code="not_cancelled")
    _check_open(occurrence, action="restore", letting_go=True)
    if MeetingSeries.objects.filter(pk=occurrence.series_id, ended_at__isnull=False).exists():
        raise Conflict(_("This meeting's series has ended; schedule a new meeting instead."), code="series_ended")
    occurrence.status, occurrence.note = Occurrence.Status.SCHEDULED, ""
    occurrence.is_modified = True
    occurrence.sequence += 1
    occurrence.save(update_fields=["status", "note", "is_modified", "sequence", "updated_at"])
    _fill_places(occurrence)  # places freed while it was cancelled go to whoever was waiting
    occurrence_changed.send(occurrence=occurrence, changed=frozenset({"status", "note"}))
    return occurrence

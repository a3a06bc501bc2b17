"""The one recurrence engine: validation and expansion with dateutil's rrule, in the series' own zone.

A :class:`Schedule` is everything that decides when a series meets. It gives the UTC starts in a
window (:meth:`Schedule.starts_between`, what the occurrence rows are made from), the first real start
(:meth:`Schedule.first_start`, the calendar's DTSTART), the last one, and the values of an iCalendar
RRULE (:meth:`Schedule.ical_rule`); the calendar feeds only format what it gives.

Rules are expanded in *local wall-clock time* (so a 19:00 meeting stays at 19:00 across DST
changes) and each local start is then converted to UTC. The DST rules are documented in
docs/decisions/meetings-dst.md: a local time inside a gap is shifted forward by the gap's length
(02:30 becomes 03:30 on a spring-forward night), a time inside an overlap takes the first (earlier)
instant. A one-off meeting whose start does not exist is refused instead.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from dateutil import rrule
from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kindred.common.errors import RuleBroken

if TYPE_CHECKING:  # for the annotation only: the rules here never touch the ORM
    from django_stubs_ext import StrOrPromise

    from .models import MeetingSeries

UTC = dt.UTC
WEEKDAYS = {"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR,
            "SA": rrule.SA, "SU": rrule.SU}
WEEKDAY_CODES = tuple(WEEKDAYS)
WEEKLY_CODE = re.compile(r"^(MO|TU|WE|TH|FR|SA|SU)$")
MONTHLY_CODE = re.compile(r"^(-?[1-5])(MO|TU|WE|TH|FR|SA|SU)$")
BARE_OR_NTH = re.compile(r"^(?:[+-]?\d+)?([A-Z]{2})$")

MAX_INTERVAL = {"weekly": 52, "monthly": 12}
MAX_COUNT = 520
MIN_DURATION, MAX_DURATION = 5, 24 * 60
MAX_YEARS = 10  # `until` at most this many years after the first date
# How far past now anything reads or makes a series' starts: occurrence rows and the calendar's EXDATEs.
MAX_LOOKAHEAD = dt.timedelta(days=366 * 5)


@dataclass(frozen=True)
class Schedule:
    """Everything that decides when a series meets."""

    start_date: dt.date
    start_time: dt.time
    duration_minutes: int
    time_zone: str
    frequency: str = "none"
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    until: dt.date | None = None
    count: int | None = None
    ended_at: dt.datetime | None = None  # a series ended early has no start from this instant on

    @classmethod
    def of(cls, series: MeetingSeries) -> Schedule:
        values = {field.name: getattr(series, field.name) for field in fields(cls)}
        return cls(**{**values, "weekdays": tuple(series.weekdays or ())})

    def changed(self, values: Mapping[str, Any]) -> Schedule:
        """This schedule with the fields ``values`` gives (a series' edit before it is saved)."""
        given: dict[str, Any] = {name: tuple(value) if name == "weekdays" else value
                                 for name, value in values.items() if name in SCHEDULE_FIELDS}
        return replace(self, **given)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def first_local(self) -> dt.datetime:
        """The start date and time as written (naive, local); a rule's first start may be later."""
        return dt.datetime.combine(self.start_date, self.start_time)

    @property
    def start_instant(self) -> dt.datetime:
        """:attr:`first_local` as a UTC instant."""
        return to_utc(self.first_local, self.zone)

    @property
    def last_instant(self) -> dt.datetime | None:
        """The latest instant a meeting may start (UTC): the end of ``until``'s local day, or just before
        the series ended; None when neither limits it."""
        limits = []
        if self.until:
            limits.append(dt.datetime.combine(self.until, dt.time(23, 59, 59), tzinfo=self.zone).astimezone(UTC))
        if self.ended_at:
            limits.append(self.ended_at.astimezone(UTC) - dt.timedelta(seconds=1))
        return min(limits) if limits else None

    def build_rule(self) -> Iterable[dt.datetime]:
        """The rule's naive local starts; for a one-off, just the first."""
        if self.frequency == "none":
            return [self.first_local]
        until = dt.datetime.combine(self.until, dt.time.max) if self.until else None
        return rrule.rrule(rrule.WEEKLY if self.frequency == "weekly" else rrule.MONTHLY,
                           dtstart=self.first_local, interval=self.interval, wkst=rrule.MO,
                           byweekday=[_weekday(code) for code in self.weekdays], until=until,
                           count=self.count, cache=False)

    def starts_between(self, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
        """UTC starts the rule gives in [start, end], in order (none after :attr:`last_instant`)."""
        zone, last = self.zone, self.last_instant
        # search a day wider in local time, then filter exactly in UTC
        low = start.astimezone(zone).replace(tzinfo=None) - dt.timedelta(days=1)
        high = end.astimezone(zone).replace(tzinfo=None) + dt.timedelta(days=1)
        rule = self.build_rule()
        locals_ = rule.between(low, high, inc=True) if isinstance(rule, rrule.rrule) else \
            [local for local in rule if low <= local <= high]
        for local in locals_:
            instant = to_utc(local, zone)
            if last is not None and instant > last:
                return
            if start <= instant <= end:
                yield instant

    def starts_through(self, end: dt.datetime) -> Iterator[dt.datetime]:
        """Every UTC start from the first up to ``end``."""
        return self.starts_between(self.start_instant - dt.timedelta(days=1), end)

    def first_start(self) -> dt.datetime | None:
        """The first real meeting, in the series' zone as the rule gives it (an iCalendar DTSTART).

        RFC 5545 counts DTSTART as a meeting whatever the RRULE says, so a series created on a
        Wednesday that meets on Mondays and Thursdays starts at its first Monday or Thursday. None
        when the rule gives no meeting before it ends.
        """
        local = next(iter(self.build_rule()), None)
        if local is None:
            return None
        start = local.replace(tzinfo=self.zone)
        last = self.last_instant
        return None if last is not None and start.astimezone(UTC) > last else start

    def last_start(self) -> dt.datetime | None:
        """The last UTC start of a finite rule (one-off, until or count); None when it never ends."""
        if self.frequency != "none" and self.until is None and self.count is None:
            return None
        last = None
        for last in islice(self.build_rule(), MAX_COUNT * 7 * 10 + 1):  # noqa: B007 - bounded walk to the end
            pass
        return to_utc(last, self.zone) if last is not None else None

    def ical_rule(self) -> dict[str, Any] | None:
        """The RRULE's values (``freq``, ``interval`` when above 1, ``byday``, and ``until`` or ``count``);
        None for a one-off. RFC 5545 allows only one of COUNT and UNTIL: when a counted series also has
        an end (it ended early), whichever ends it first becomes UNTIL."""
        if self.frequency == "none":
            return None
        values: dict[str, Any] = {"freq": self.frequency.upper()}
        if self.interval > 1:
            values["interval"] = self.interval
        if self.weekdays:
            values["byday"] = list(self.weekdays)
        until = self.last_instant
        if until and self.count:
            by_count = list(islice(self.starts_through(until), MAX_RULE_STARTS))
            if len(by_count) >= self.count:
                until = min(until, by_count[self.count - 1])
            elif by_count:
                until = by_count[-1]
        if until:
            values["until"] = until
        elif self.count:
            values["count"] = self.count
        return values


SCHEDULE_FIELDS = tuple(field.name for field in fields(Schedule) if field.name != "ended_at")  # what an edit sets
MAX_RULE_STARTS = 5000  # at most this many starts are walked to answer one question about a rule


def _invalid(field: str, message: StrOrPromise, code: str) -> RuleBroken:
    return RuleBroken(message, field=field, code=code)


# --- wall-clock time <-> UTC ------------------------------------------------------------------

def to_utc(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """A naive local time as a UTC instant: overlaps take the earlier instant (fold=0), and gaps
    shift forward by the gap's length (the offset in force before the gap applies, as RFC 5545 says)."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def is_nonexistent(local: dt.datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """True when the wall-clock time is skipped by a DST gap."""
    round_trip = to_utc(local, zone).astimezone(zone).replace(tzinfo=None)
    return round_trip != local


# --- validation -----------------------------------------------------------------------------

def validate(schedule: Schedule) -> None:
    """Raise a RuleBroken naming the field for any rule Kindred cannot keep."""
    if not MIN_DURATION <= schedule.duration_minutes <= MAX_DURATION:
        raise _invalid("duration_minutes", _("A meeting lasts between %(min)d and %(max)d minutes.")
                       % {"min": MIN_DURATION, "max": MAX_DURATION}, "duration_out_of_range")
    if schedule.frequency == "none":
        if is_nonexistent(schedule.first_local, schedule.zone):
            raise _invalid("start_time", _("%(time)s does not exist on %(date)s in %(zone)s (the clocks skip it "
                                           "for daylight saving). Choose another time.")
                           % {"time": f"{schedule.start_time:%H:%M}", "date": schedule.start_date,
                              "zone": schedule.time_zone}, "nonexistent_local_time")
        return
    _validate_rule(schedule)
    if next(iter(schedule.build_rule()), None) is None:
        raise _invalid("recurrence", _("This rule gives no meetings at all; check the weekdays and the end."),
                       "empty_recurrence")


def _validate_rule(schedule: Schedule) -> None:
    limit = MAX_INTERVAL[schedule.frequency]
    if not 1 <= schedule.interval <= limit:
        raise _invalid("recurrence.interval", _("The interval is a whole number from 1 to %(limit)d.")
                       % {"limit": limit}, "interval_out_of_range")
    _validate_weekdays(schedule)
    if schedule.until is not None and schedule.count is not None:
        raise _invalid("recurrence.count", _("Give either an end date (until) or a number of meetings (count), "
                                             "not both."), "count_and_until")
    if schedule.count is not None and not 1 <= schedule.count <= MAX_COUNT:
        raise _invalid("recurrence.count", _("The count is a whole number from 1 to %(limit)d.")
                       % {"limit": MAX_COUNT}, "count_out_of_range")
    if schedule.until is not None:
        if schedule.until < schedule.start_date:
            raise _invalid("recurrence.until", _("The end date (until) is before the first meeting's date."),
                           "until_before_start")
        if schedule.until > schedule.start_date + relativedelta(years=MAX_YEARS):  # 29 Feb + 10 years: 28 Feb
            raise _invalid("recurrence.until", ngettext("The end date is at most %(years)d year after the start.",
                                                        "The end date is at most %(years)d years after the start.",
                                                        MAX_YEARS) % {"years": MAX_YEARS}, "until_too_far")


def _validate_weekdays(schedule: Schedule) -> None:
    codes = schedule.weekdays
    if not codes:
        raise _invalid("recurrence.weekdays", _("Choose the day or days it meets: TU for Tuesdays, or 2TU for the "
                                                "second Tuesday of each month."), "required")
    if len(set(codes)) != len(codes):
        raise _invalid("recurrence.weekdays", _("Each weekday is listed once."), "duplicate_weekday")
    for code in codes:
        match = BARE_OR_NTH.match(code)
        if match is None or match.group(1) not in WEEKDAYS:
            raise _invalid("recurrence.weekdays", _("%(code)r is not a weekday code; use MO, TU, WE, TH, FR, SA "
                                                    "or SU (monthly: with the week first, e.g. 2TU, -1FR).")
                           % {"code": code}, "unknown_weekday")
        if schedule.frequency == "weekly" and not WEEKLY_CODE.match(code):
            raise _invalid("recurrence.weekdays", _("Weekly meetings use plain weekday codes such as TU, not "
                                                    "%(code)r.") % {"code": code}, "nth_weekday_not_weekly")
        if schedule.frequency == "monthly" and not MONTHLY_CODE.match(code):
            raise _invalid("recurrence.weekdays", _("Monthly meetings say which week: 1TU to 5TU, or -1TU for the "
                                                    "last (got %(code)r).") % {"code": code}, "monthly_needs_nth")


# --- expansion ------------------------------------------------------------------------------

def _weekday(code: str) -> rrule.weekday:
    match = MONTHLY_CODE.match(code)
    if match:
        return WEEKDAYS[match.group(2)](int(match.group(1)))
    return WEEKDAYS[code]


def local_date(instant: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    return instant.astimezone(zone).date()


def meeting_days(schedule: Schedule) -> list[str]:
    """Weekday codes (local) the series meets on, for the directory's weekday filter."""
    if schedule.frequency == "none":
        return [WEEKDAY_CODES[schedule.start_date.weekday()]]
    return sorted({code[-2:] for code in schedule.weekdays}, key=WEEKDAY_CODES.index)

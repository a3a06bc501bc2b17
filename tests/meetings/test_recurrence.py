"""Recurrence expansion in the series' zone: DST in both hemispheres, monthly nth weekdays, bounds."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from kindred.common.errors import DomainError
from kindred.meetings import recurrence
from kindred.meetings.recurrence import Schedule

UTC = dt.UTC
YEAR_START = dt.datetime(2027, 1, 1, tzinfo=UTC)
YEAR_END = dt.datetime(2028, 1, 1, tzinfo=UTC)


def expand(zone: str = "Europe/London", *, start: dt.date = dt.date(2027, 1, 5), time: dt.time = dt.time(19, 0),
           frequency: str = "weekly", weekdays: tuple[str, ...] = ("TU",), interval: int = 1,
           until: dt.date | None = None, count: int | None = None) -> list[dt.datetime]:
    schedule = Schedule(start_date=start, start_time=time, duration_minutes=90, time_zone=zone,
                        frequency=frequency, interval=interval, weekdays=weekdays, until=until, count=count)
    recurrence.validate(schedule)
    return list(schedule.starts_between(YEAR_START, YEAR_END))


@pytest.mark.parametrize(("zone", "before", "after", "offsets"), [
    # northern hemisphere: clocks go forward in March
    ("America/New_York", "2027-03-10T00:00Z", "2027-03-16T23:00Z", {"-05:00", "-04:00"}),
    ("Europe/London", "2027-03-23T19:00Z", "2027-03-30T18:00Z", {"+00:00", "+01:00"}),
    # southern hemisphere: clocks go back in April
    ("Australia/Sydney", "2027-03-30T08:00Z", "2027-04-06T09:00Z", {"+11:00", "+10:00"}),
    # no DST at all
    ("Asia/Kolkata", "2027-03-23T13:30Z", "2027-03-30T13:30Z", {"+05:30"}),
])
def test_weekly_1900_stays_1900_local_across_dst(zone, before, after, offsets):
    starts = expand(zone)
    tz = zoneinfo.ZoneInfo(zone)
    local = [start.astimezone(tz) for start in starts]
    assert len(starts) == 52
    assert {moment.strftime("%a %H:%M") for moment in local} == {"Tue 19:00"}
    assert {moment.isoformat()[-6:] for moment in local} == offsets
    utc = {start.strftime("%Y-%m-%dT%H:%MZ") for start in starts}
    assert {before, after} <= utc


def test_weekly_keeps_local_time_through_the_autumn_change_too():
    new_york = [s.astimezone(zoneinfo.ZoneInfo("America/New_York")) for s in expand("America/New_York")]
    around = [m for m in new_york if dt.date(2027, 11, 1) <= m.date() <= dt.date(2027, 11, 10)]
    assert [m.isoformat() for m in around] == ["2027-11-02T19:00:00-04:00", "2027-11-09T19:00:00-05:00"]
    sydney = [s.astimezone(zoneinfo.ZoneInfo("Australia/Sydney")) for s in expand("Australia/Sydney")]
    around = [m for m in sydney if dt.date(2027, 9, 27) <= m.date() <= dt.date(2027, 10, 6)]
    assert [m.isoformat() for m in around] == ["2027-09-28T19:00:00+10:00", "2027-10-05T19:00:00+11:00"]


def _local_dates(starts: list[dt.datetime], zone: str = "Europe/London") -> list[str]:
    return [s.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%d %a") for s in starts]


def test_monthly_second_tuesday():
    starts = expand(frequency="monthly", weekdays=("2TU",), start=dt.date(2027, 1, 1))
    assert _local_dates(starts)[:4] == ["2027-01-12 Tue", "2027-02-09 Tue", "2027-03-09 Tue", "2027-04-13 Tue"]
    assert len(starts) == 12


def test_monthly_last_friday_in_sydney_keeps_local_time():
    starts = expand("Australia/Sydney", frequency="monthly", weekdays=("-1FR",), start=dt.date(2027, 1, 1))
    local = [s.astimezone(zoneinfo.ZoneInfo("Australia/Sydney")) for s in starts]
    assert [m.strftime("%m-%d %H:%M") for m in local[:5]] == ["01-29 19:00", "02-26 19:00", "03-26 19:00",
                                                                "04-30 19:00", "05-28 19:00"]


def test_every_other_week_on_two_days():
    starts = expand(interval=2, weekdays=("TU", "TH"))
    assert _local_dates(starts)[:4] == ["2027-01-05 Tue", "2027-01-07 Thu", "2027-01-19 Tue", "2027-01-21 Thu"]


def test_every_second_month():
    starts = expand(frequency="monthly", weekdays=("1MO",), interval=2, start=dt.date(2027, 1, 1))
    assert _local_dates(starts)[:3] == ["2027-01-04 Mon", "2027-03-01 Mon", "2027-05-03 Mon"]


def test_until_is_inclusive_and_count_limits():
    assert _local_dates(expand(until=dt.date(2027, 1, 26)))[-1] == "2027-01-26 Tue"
    assert len(expand(until=dt.date(2027, 1, 26))) == 4
    assert len(expand(count=3)) == 3


def test_first_meeting_is_the_first_matching_day_on_or_after_start_date():
    assert _local_dates(expand(start=dt.date(2027, 1, 6)))[0] == "2027-01-12 Tue"


def test_gap_shifts_forward_and_overlap_takes_the_earlier_instant():
    # New York springs forward at 02:00 on 14 March 2027 and falls back at 02:00 on 7 November 2027.
    gap = expand("America/New_York", start=dt.date(2027, 3, 7), time=dt.time(2, 30), weekdays=("SU",), count=3)
    assert [s.strftime("%m-%dT%H:%M") for s in gap] == ["03-07T07:30", "03-14T07:30", "03-21T06:30"]
    local = gap[1].astimezone(zoneinfo.ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M") == "03:30"  # 02:30 does not exist that night
    overlap = expand("America/New_York", start=dt.date(2027, 11, 7), time=dt.time(1, 30), weekdays=("SU",), count=1)
    assert overlap[0] == dt.datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT, the first of the two


def test_nonexistent_detection():
    # (An overlap needs no detection: it takes the earlier instant, as the test above shows.)
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert recurrence.is_nonexistent(dt.datetime(2027, 3, 14, 2, 30), new_york)
    assert not recurrence.is_nonexistent(dt.datetime(2027, 3, 14, 3, 30), new_york)


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"weekdays": ("XX",)}, "recurrence.weekdays", "unknown_weekday"),
    ({"weekdays": ()}, "recurrence.weekdays", "required"),
    ({"weekdays": ("2TU",)}, "recurrence.weekdays", "nth_weekday_not_weekly"),
    ({"frequency": "monthly", "weekdays": ("TU",)}, "recurrence.weekdays", "monthly_needs_nth"),
    ({"frequency": "monthly", "weekdays": ("9TU",)}, "recurrence.weekdays", "monthly_needs_nth"),
    ({"interval": 0}, "recurrence.interval", "interval_out_of_range"),
    ({"frequency": "monthly", "weekdays": ("1TU",), "interval": 13}, "recurrence.interval", "interval_out_of_range"),
    ({"until": dt.date(2026, 12, 1)}, "recurrence.until", "until_before_start"),
    ({"until": dt.date(2027, 3, 1), "count": 3}, "recurrence.count", "count_and_until"),
    ({"count": 521}, "recurrence.count", "count_out_of_range"),
    ({"duration_minutes": 0}, "duration_minutes", "duration_out_of_range"),
    ({"duration_minutes": 24 * 60 + 1}, "duration_minutes", "duration_out_of_range"),
    ({"until": dt.date(2027, 1, 4), "start_date": dt.date(2027, 1, 4), "weekdays": ("TU",)}, "recurrence",
     "empty_recurrence"),
])
def test_invalid_rules_name_the_field(changes, field, code):
    values = {"start_date": dt.date(2027, 1, 5), "start_time": dt.time(19, 0), "duration_minutes": 90,
              "time_zone": "Europe/London", "frequency": "weekly", "weekdays": ("TU",)}
    values.update(changes)
    with pytest.raises(DomainError) as error:
        recurrence.validate(Schedule(**values))
    assert (error.value.field, error.value.code) == (field, code)

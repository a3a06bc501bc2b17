"""Meeting fixtures: a controllable clock, and series created the way facilitators create them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from kindred.meetings import services
from kindred.meetings.models import MeetingSeries, Occurrence
from tests.factories import GroupFactory, MembershipFactory

UTC = dt.UTC


class Clock:
    """Moves django.utils.timezone.now (used by services and auto_now fields) to a chosen instant."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def set(self, moment: dt.datetime) -> None:
        self._monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(monkeypatch)
    clock.set(dt.datetime(2027, 1, 4, 12, 0, tzinfo=UTC))
    return clock


def make_series(group: Any, **overrides: Any) -> MeetingSeries:
    """A weekly Tuesday 19:00 series by default, created through the service."""
    values: dict[str, Any] = {"title": "Tuesday circle", "start_date": dt.date(2027, 1, 5),
                              "start_time": dt.time(19, 0), "duration_minutes": 90,
                              "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}}
    values.update(overrides)
    return services.series_create(group=group, **values)


def occurrences_of(series: MeetingSeries) -> list[Occurrence]:
    return list(series.occurrences.order_by("starts_at", "id"))


def local_times(series: MeetingSeries, limit: int = 60) -> list[str]:
    import zoneinfo

    zone = zoneinfo.ZoneInfo(series.time_zone)
    return [o.starts_at.astimezone(zone).strftime("%Y-%m-%d %a %H:%M") for o in occurrences_of(series)[:limit]]


@pytest.fixture
def other_group(db):  # type: ignore[no-untyped-def]
    return GroupFactory()


@pytest.fixture
def make_member(group):  # type: ignore[no-untyped-def]
    def _make(**kwargs: Any) -> Any:
        return MembershipFactory(group=group, **kwargs).user
    return _make

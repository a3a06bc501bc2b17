"""Each directory entry says when the group next meets (issue 12): in UTC and as the clock reads where
it meets, or null; within the list's fixed query count, and kept fresh when a meeting is cancelled."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from kindred.meetings import services as meetings
from kindred.meetings.models import Occurrence
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def next_tuesday() -> dt.date:
    day = dt.datetime.now(tz=dt.UTC).date() + dt.timedelta(days=2)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


@pytest.fixture
def weekly(db):  # type: ignore[no-untyped-def]
    group = GroupFactory(slug="circle", time_zone="America/New_York")
    series = meetings.series_create(group=group, title="Tuesday circle", start_date=next_tuesday(),
                                    start_time=dt.time(19, 0), duration_minutes=90,
                                    recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TU"]})
    GroupFactory(slug="quiet")  # no meetings planned
    return group, series


def entries(client):  # type: ignore[no-untyped-def]
    return {entry["slug"]: entry for entry in client.get("/api/v1/groups/").json()["results"]}


def test_each_entry_carries_the_next_meeting_in_utc_and_local_time(api_client, weekly):
    group, series = weekly
    first = Occurrence.objects.filter(series=series).order_by("starts_at").first()
    listed = entries(api_client)
    assert listed["quiet"]["next_meeting"] is None
    meeting = listed["circle"]["next_meeting"]
    assert meeting["id"] == first.pk and meeting["time_zone"] == "America/New_York"
    assert meeting["starts_at"].endswith("Z")
    assert dt.datetime.fromisoformat(meeting["starts_at"]) == first.starts_at
    assert meeting["local_starts_at"].startswith(f"{next_tuesday().isoformat()}T19:00:00-0")  # -04:00 or -05:00
    assert meeting["local_ends_at"][11:16] == "20:30"
    assert dt.datetime.fromisoformat(meeting["ends_at"]) - dt.datetime.fromisoformat(meeting["starts_at"]) \
        == dt.timedelta(minutes=90)
    # The group's page says the same.
    assert api_client.get("/api/v1/groups/circle/").json()["next_meeting"] == meeting


def test_a_cancelled_meeting_is_skipped_and_the_cached_directory_follows(api_client, weekly):
    group, series = weekly
    cache.clear()
    first, second = Occurrence.objects.filter(series=series).order_by("starts_at")[:2]
    assert entries(api_client)["circle"]["next_meeting"]["id"] == first.pk  # now cached
    meetings.occurrence_cancel(occurrence=first, note="Room closed")
    assert entries(api_client)["circle"]["next_meeting"]["id"] == second.pk


@pytest.mark.parametrize("page_size", [5, 50])
@pytest.mark.parametrize("signed_in", [False, True])
def test_next_meeting_adds_no_query(django_assert_max_num_queries, page_size, signed_in):
    for number in range(55):
        group = GroupFactory(slug=f"group-{number}", topics=["grief"])
        FacilitatorMembershipFactory(group=group)
        meetings.series_create(group=group, title="Weekly", start_date=next_tuesday(), start_time=dt.time(18, 0),
                               recurrence={"frequency": "weekly", "interval": 1, "weekdays": ["TU"], "count": 3})
    client = session_client(UserFactory()) if signed_in else api_client_for_anyone()
    cache.clear()
    with django_assert_max_num_queries(5 if signed_in else 2):  # the budget of tests/public/test_directory.py
        response = client.get(f"/api/v1/groups/?page_size={page_size}")
    results = response.json()["results"]
    assert len(results) == page_size and all(entry["next_meeting"] for entry in results)


def api_client_for_anyone():  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    return APIClient()

"""Cached public pages and feeds change the moment a meeting changes: never a stale copy.

The public group calendar and the Meeting Guide feed are cached for callers without credentials
(``kindred.public.cache``), like the directory. Each test warms the cache first, then
writes through the meetings services and reads again as an anonymous caller.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.meetings import services
from kindred.meetings.models import Occurrence
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    RsvpFactory,
    next_weekday,
)

WEEKLY_TUESDAY = {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}


@pytest.fixture
def listed_group(db):  # type: ignore[no-untyped-def]
    group = GroupFactory(name="Tuesday grief circle")
    FacilitatorMembershipFactory(group=group)
    return group


def tuesday_series(group, title: str = "Evening circle"):  # type: ignore[no-untyped-def]
    return services.series_create(group=group, title=title, start_date=next_weekday(1),
                                  start_time=dt.time(19, 0), recurrence=WEEKLY_TUESDAY)


def calendar(client, group) -> bytes:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/groups/{group.slug}/calendar.ics")
    assert response.status_code == 200
    return response.content


def guide_names(client) -> set[str]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/feeds/meeting-guide.json")
    assert response.status_code == 200
    return {entry["name"] for entry in response.json()}


def directory_slugs(client, **params: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/groups/", params)
    assert response.status_code == 200
    return [row["slug"] for row in response.json()["results"]]


def test_public_feeds_are_served_from_the_shared_cache(api_client, listed_group):
    tuesday_series(listed_group)
    for url in (f"/api/v1/groups/{listed_group.slug}/calendar.ics", "/api/v1/feeds/meeting-guide.json"):
        first, second = api_client.get(url), api_client.get(url)
        assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
        assert second.content == first.content and second["ETag"] == first["ETag"]
        assert "public" in second["Cache-Control"]
        assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_personal_feed_never_enters_the_shared_cache(api_client, listed_group):
    series = tuesday_series(listed_group)
    member = MembershipFactory(group=listed_group).user
    RsvpFactory(occurrence=series.occurrences.order_by("starts_at").first(), user=member)
    url = f"/api/v1/me/calendar/{member.calendar_secret}.ics"
    first, second = api_client.get(url), api_client.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first and "X-Cache" not in second
    assert second["Cache-Control"] == "no-store"


def test_a_new_series_shows_at_once_in_the_feeds_and_the_directory_filters(api_client, listed_group):
    assert b"Evening circle" not in calendar(api_client, listed_group)  # cached, empty
    assert "Evening circle" not in guide_names(api_client)
    assert listed_group.slug not in directory_slugs(api_client, weekday="TU")
    tuesday_series(listed_group)
    assert b"Evening circle" in calendar(api_client, listed_group)
    assert "Evening circle" in guide_names(api_client)
    assert directory_slugs(api_client, weekday="TU") == [listed_group.slug]


def test_editing_and_ending_a_series_shows_at_once(api_client, listed_group):
    series = tuesday_series(listed_group)
    assert directory_slugs(api_client, weekday="TU") == [listed_group.slug]
    assert b"Evening circle" in calendar(api_client, listed_group)
    assert "Evening circle" in guide_names(api_client)

    services.series_update(series=series, data={"title": "Wednesday circle",
                                                "recurrence": {**WEEKLY_TUESDAY, "weekdays": ["WE"]}})
    body = calendar(api_client, listed_group)
    assert b"Wednesday circle" in body and b"BYDAY=WE" in body
    assert "Wednesday circle" in guide_names(api_client)
    assert directory_slugs(api_client, weekday="TU") == []
    assert directory_slugs(api_client, weekday="WE") == [listed_group.slug]

    services.series_end(series=series)
    assert "Wednesday circle" not in guide_names(api_client)
    assert directory_slugs(api_client, weekday="WE") == []


def test_changing_or_cancelling_one_meeting_shows_at_once_in_the_group_calendar(api_client, listed_group):
    series = tuesday_series(listed_group)
    first, second = list(Occurrence.objects.filter(series=series).order_by("starts_at")[:2])
    assert b"Room 7" not in calendar(api_client, listed_group)
    services.occurrence_update(occurrence=first, data={"location": "Room 7"})
    assert b"Room 7" in calendar(api_client, listed_group)
    assert b"STATUS:CANCELLED" not in calendar(api_client, listed_group)
    services.occurrence_cancel(occurrence=second, note="The hall is closed.")
    body = calendar(api_client, listed_group)
    assert b"STATUS:CANCELLED" in body and b"The hall is closed." in body


def test_changes_saved_outside_the_services_also_invalidate(api_client, listed_group):
    """The admin or a data fix saves models directly: the feeds and directory still show it at once."""
    series = tuesday_series(listed_group)
    assert b"Evening circle" in calendar(api_client, listed_group)
    series.title = "Renamed in the admin"
    series.save()
    assert b"Renamed in the admin" in calendar(api_client, listed_group)
    listed_group.name = "Renamed group"
    listed_group.save()
    assert "Renamed group" in calendar(api_client, listed_group).decode()

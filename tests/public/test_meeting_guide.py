"""The Meeting Guide JSON feed: weekly meetings of listed groups, with spec type codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories import GroupFactory, MeetingSeriesFactory, OccurrenceFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/feeds/meeting-guide.json"


def by_slug(response) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {entry["slug"]: entry for entry in response.json()}


def test_one_entry_per_weekday_with_spec_fields(api_client):
    group = GroupFactory(slug="grief-circle", name="Grief circle", format="hybrid", address="12 Mare Street",
                         city="London", country="GB", accessibility=["step_free", "sign_language", "childcare",
                                                                     "quiet_space"], languages=["en", "es-MX"])
    series = MeetingSeriesFactory(group=group, title="Evening circle", frequency="weekly", weekdays=["SU", "TH"],
                                  start_time=dt.time(23, 0), duration_minutes=90, time_zone="Europe/London",
                                  description="Tea from 22:45.")
    response = api_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    entries = by_slug(response)
    assert set(entries) == {f"grief-circle-{series.pk}-su", f"grief-circle-{series.pk}-th"}
    sunday = entries[f"grief-circle-{series.pk}-su"]
    assert sunday["day"] == 0 and entries[f"grief-circle-{series.pk}-th"]["day"] == 4
    assert sunday["name"] == "Evening circle" and sunday["group"] == "Grief circle"
    assert (sunday["time"], sunday["end_time"], sunday["timezone"]) == ("23:00", "00:30", "Europe/London")
    assert sunday["types"] == ["ASL", "BA", "EN", "ONL", "S", "X"]
    assert sunday["formatted_address"] == "12 Mare Street, London, GB"
    assert sunday["approximate"] == "no" and sunday["latitude"] == 51.5072
    assert sunday["notes"] == "Tea from 22:45."
    assert sunday["url"].endswith("/#/groups/grief-circle")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", sunday["updated"])
    assert "conference_url" not in sunday  # not published


def test_conference_details_only_when_published(api_client):
    group = GroupFactory(format="online", online_url="https://meet.example.org/r", online_phone="+44 20 1234",
                         online_link_public=True, city="Leeds", country="GB")
    MeetingSeriesFactory(group=group, frequency="weekly", weekdays=["MO"])
    hidden = GroupFactory(format="online", online_url="https://meet.example.org/hidden", online_link_public=False)
    MeetingSeriesFactory(group=hidden, frequency="weekly", weekdays=["MO"])
    entries = {entry["group"]: entry for entry in api_client.get(URL).json()}
    published = entries[group.name]
    assert published["conference_url"] == "https://meet.example.org/r"
    assert published["conference_phone"] == "+44 20 1234"
    assert published["approximate"] == "yes" and published["formatted_address"] == "Leeds, GB"
    assert "address" not in published and "ONL" in published["types"]
    assert "conference_url" not in entries[hidden.name] and "hidden" not in str(entries[hidden.name])


def test_only_weekly_series_of_listed_active_groups(api_client):
    listed = GroupFactory()
    kept = MeetingSeriesFactory(group=listed, frequency="weekly", weekdays=["TU"])
    MeetingSeriesFactory(group=listed, frequency="monthly", weekdays=["2TU"])
    MeetingSeriesFactory(group=listed, frequency="none")
    MeetingSeriesFactory(group=listed, frequency="weekly", interval=2, weekdays=["TU"])
    MeetingSeriesFactory(group=listed, frequency="weekly", weekdays=["TU"], until=timezone.localdate()
                         - dt.timedelta(days=1))
    MeetingSeriesFactory(group=listed, frequency="weekly", weekdays=["TU"], ended_at=timezone.now())
    finished = MeetingSeriesFactory(group=listed, frequency="weekly", weekdays=["TU"], count=2)
    OccurrenceFactory(series=finished, starts_at=timezone.now() - dt.timedelta(days=3))
    MeetingSeriesFactory(group=GroupFactory(listed=False), frequency="weekly", weekdays=["TU"])
    MeetingSeriesFactory(group=GroupFactory(is_archived=True), frequency="weekly", weekdays=["TU"])
    assert [entry["slug"] for entry in api_client.get(URL).json()] == [f"{listed.slug}-{kept.pk}-tu"]


def test_cacheable_with_etag(api_client):
    MeetingSeriesFactory(frequency="weekly", weekdays=["TU"])
    first = api_client.get(URL)
    assert first["ETag"] and "public" in first["Cache-Control"]
    assert api_client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("groups", [2, 20])
def test_query_count_with_entries(api_client, django_assert_max_num_queries, groups):
    for _ in range(groups):
        MeetingSeriesFactory(frequency="weekly", weekdays=["TU", "TH"])
    with django_assert_max_num_queries(1):
        assert len(api_client.get(URL).json()) == 2 * groups

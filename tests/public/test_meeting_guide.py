"""The Meeting Guide JSON feed: weekly meetings of listed groups, with spec type codes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories import GroupFactory, MeetingSeriesFactory, OccurrenceFactory
from tests.public.meeting_guide_spec import problems

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
    assert sunday["types"] == ["BA", "EN", "S", "X"]  # no ONL (retired); a sign-language facet is not ASL
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
    assert published["conference_phone"] == "+44201234"  # digits and + , * # only, as the spec says
    assert published["approximate"] == "yes" and published["formatted_address"] == "Leeds, GB"
    assert "address" not in published and "ONL" not in published.get("types", [])
    # Online only, and its link is for members: nothing in the feed lets anyone attend, so it is left out.
    assert hidden.name not in entries


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


# --- the spec (code4recovery): type codes and field rules, for every entry --------------------------

def spec_world() -> dict[str, object]:
    """Groups of every shape the feed meets: in person with a building or a room, hybrid, online
    with and without a published link or phone, without geography, with sign language."""
    chapel = GroupFactory(name="Chapel circle", format="in_person", address="1d Glenarm Road", city="London",
                          region="", country="GB", accessibility=["step_free", "sign_language"], languages=["en"])
    MeetingSeriesFactory(group=chapel, frequency="weekly", weekdays=["TU"], location="Round Chapel")
    room = GroupFactory(name="Room circle", format="in_person", address="12 Mare Street", city="London", country="GB")
    MeetingSeriesFactory(group=room, frequency="weekly", weekdays=["WE"], location="Room 2, first floor")
    hybrid = GroupFactory(name="Hybrid circle", format="hybrid", address="3 Quay Street", city="Manchester",
                          country="GB", online_url="https://meet.example.org/h", online_phone="+44 (0)161 496-0000",
                          online_link_public=True, languages=["en", "ase"], accessibility=["sign_language"])
    MeetingSeriesFactory(group=hybrid, frequency="weekly", weekdays=["TH"])
    online = GroupFactory(name="Online circle", format="online", city="Leeds", country="GB",
                          online_url="https://meet.example.org/o", online_phone="+44 113 496 0000 ext. 12",
                          online_link_public=True)
    MeetingSeriesFactory(group=online, frequency="weekly", weekdays=["FR"])
    phone_only = GroupFactory(name="Phone circle", format="online", city="York", country="GB", online_url="",
                              online_phone="+44 1904 496000,,123456#", online_link_public=True)
    MeetingSeriesFactory(group=phone_only, frequency="weekly", weekdays=["SA"])
    members_link = GroupFactory(name="Members-link circle", format="online", city="Leeds", country="GB",
                                online_url="https://meet.example.org/m", online_link_public=False)
    MeetingSeriesFactory(group=members_link, frequency="weekly", weekdays=["MO"])
    nowhere = GroupFactory(name="Nowhere circle", format="online", address="", city="", region="", country="GB",
                           online_url="https://meet.example.org/n", online_link_public=True)
    MeetingSeriesFactory(group=nowhere, frequency="weekly", weekdays=["SU"])
    return {"chapel": chapel, "room": room, "hybrid": hybrid, "online": online, "phone_only": phone_only}


def test_every_entry_follows_the_spec(api_client):
    spec_world()
    entries = api_client.get(URL).json()
    assert entries
    broken = {entry["slug"]: problems(entry) for entry in entries if problems(entry)}
    assert broken == {}
    assert len({entry["slug"] for entry in entries}) == len(entries)


def test_online_is_a_link_or_a_phone_never_a_type(api_client):
    spec_world()
    entries = {entry["group"]: entry for entry in api_client.get(URL).json()}
    assert all("ONL" not in entry.get("types", []) for entry in entries.values())
    assert entries["Online circle"]["conference_url"] == "https://meet.example.org/o"
    assert "conference_phone" not in entries["Online circle"]  # "ext. 12" is not the spec's alphabet
    assert entries["Phone circle"]["conference_phone"] == "+441904496000,,123456#"
    assert "conference_url" not in entries["Phone circle"]
    assert entries["Hybrid circle"]["conference_phone"] == "+441614960000"  # "(0)" is not dialled from abroad
    # An online meeting whose link is for members only cannot be attended from the feed: left out.
    assert "Members-link circle" not in entries
    # A country alone is no geography: left out.
    assert "Nowhere circle" not in entries


def test_addresses_are_real_and_buildings_and_rooms_are_told_apart(api_client):
    spec_world()
    entries = {entry["group"]: entry for entry in api_client.get(URL).json()}
    chapel, room = entries["Chapel circle"], entries["Room circle"]
    assert chapel["location"] == "Round Chapel" and "location_notes" not in chapel
    assert chapel["formatted_address"] == "1d Glenarm Road, London, GB" and chapel["approximate"] == "no"
    assert room["location_notes"] == "Room 2, first floor" and "location" not in room
    assert room["formatted_address"] == "12 Mare Street, London, GB"
    online = entries["Online circle"]
    assert online["formatted_address"] == "Leeds, GB" and online["approximate"] == "yes"
    assert "address" not in online and "latitude" not in online


def test_asl_only_where_american_sign_language_is_spoken(api_client):
    spec_world()
    entries = {entry["group"]: entry for entry in api_client.get(URL).json()}
    assert "ASL" not in entries["Chapel circle"]["types"]  # a sign-language facet in London: not ASL
    assert entries["Chapel circle"]["types"] == ["EN", "X"]
    assert "ASL" in entries["Hybrid circle"]["types"]  # the group signs in ASL (BCP 47 `ase`)

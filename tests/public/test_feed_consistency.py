"""Calendar feeds answer alike in every process, and follow the same rules as the rest of the API."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from kindred.groups.models import Group
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db


def personal_feed(user) -> bytes:  # type: ignore[no-untyped-def]
    client = session_client(user)
    return client.get(urlsplit(client.get("/api/v1/me/").json()["calendar_url"]).path).content


def test_time_zones_come_in_one_order_so_every_process_gives_one_etag():
    """icalendar adds VTIMEZONEs in set order, which differs with each process's hash seed."""
    member = MembershipFactory(group=GroupFactory(time_zone="Europe/London")).user
    zones = ("Pacific/Auckland", "America/New_York", "Europe/London", "Asia/Kolkata")
    for zone in zones:
        group = GroupFactory(time_zone=zone)
        MembershipFactory(group=group, user=member)
        occurrence = OccurrenceFactory(series=MeetingSeriesFactory(group=group),
                                       starts_at=timezone.now() + dt.timedelta(days=3))
        RsvpFactory(occurrence=occurrence, user=member)
    tzids = re.findall(rb"BEGIN:VTIMEZONE\r\nTZID:([^\r]+)", personal_feed(member))
    assert tzids == sorted(zone.encode() for zone in zones)


def test_a_one_off_meeting_ended_before_it_took_place_is_not_in_the_group_calendar(api_client):
    group = GroupFactory()
    facilitator = FacilitatorMembershipFactory(group=group).user
    created = session_client(facilitator).post(f"/api/v1/groups/{group.slug}/series/", {
        "title": "One-off talk", "start_date": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "start_time": "10:00"}, format="json").json()
    assert b"One-off talk" in api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content
    assert session_client(facilitator).delete(f"/api/v1/series/{created['id']}/").status_code == 204
    assert b"One-off talk" not in api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content


def test_my_calendar_shows_the_groups_i_may_see_as_my_meetings_do():
    """A facilitator still opens a group they archived (its page, /me/meetings/), and their calendar agrees."""
    group = GroupFactory()
    facilitator = FacilitatorMembershipFactory(group=group).user
    occurrence = OccurrenceFactory(series=MeetingSeriesFactory(group=group, title="Kept circle"),
                                   starts_at=timezone.now() + dt.timedelta(days=3))
    RsvpFactory(occurrence=occurrence, user=facilitator)
    Group.objects.filter(pk=group.pk).update(is_archived=True)
    mine = session_client(facilitator).get("/api/v1/me/meetings/").json()["results"]
    assert [row["id"] for row in mine] == [occurrence.pk]
    assert b"Kept circle" in personal_feed(facilitator)

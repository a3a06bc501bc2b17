"""My private calendar feed: the meetings I replied to, behind a long random rotatable secret."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar
import pytest
from django.utils import timezone

from kindred.notifications.models import NotificationPreferences
from tests.conftest import client_for
from tests.factories import GroupFactory, MeetingSeriesFactory, MembershipFactory, OccurrenceFactory, RsvpFactory

pytestmark = pytest.mark.django_db


def feed_path(client) -> str:  # type: ignore[no-untyped-def]
    return urlsplit(client.get("/api/v1/me/").json()["calendar_url"]).path


def uids(body: bytes) -> set[str]:
    return {str(event["UID"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def meetings(group, member):
    series = MeetingSeriesFactory(group=group, title="Thursday circle", time_zone="America/New_York")
    soon = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    rows = [OccurrenceFactory(series=series, starts_at=soon + dt.timedelta(days=7 * i)) for i in range(5)]
    for row, status in zip(rows, ["going", "maybe", "waitlisted", "not_going"], strict=False):
        RsvpFactory(occurrence=row, user=member, status=status)
    return rows


def test_lists_going_maybe_and_waitlisted_only(member_client, member, meetings, api_client):
    response = api_client.get(feed_path(member_client))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "no-store"  # a secret URL about one person: nobody keeps a copy
    assert uids(response.content) == {f"occurrence-{row.pk}@testserver" for row in meetings[:3]}
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    first = events[f"occurrence-{meetings[0].pk}@testserver"]
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert first["DTSTART"].dt.astimezone(dt.UTC) == meetings[0].starts_at
    assert "Join online: https://meet.example.org/circle" in str(first["DESCRIPTION"])  # I am a member
    assert "(waiting list)" in str(events[f"occurrence-{meetings[2].pk}@testserver"]["SUMMARY"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_cancelled_meeting_stays_with_status_cancelled(member_client, meetings, api_client):
    meetings[0].status = "cancelled"
    meetings[0].save()
    calendar = icalendar.Calendar.from_ical(api_client.get(feed_path(member_client)).content)
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses[f"occurrence-{meetings[0].pk}@testserver"] == "CANCELLED"


def test_can_include_all_my_groups_meetings(member_client, member, meetings, api_client):
    other_group_row = OccurrenceFactory()  # a group I am not in
    member_client.patch("/api/v1/me/", {"notifications": {"calendar_includes_group_meetings": True}},
                        format="json")
    assert NotificationPreferences.objects.get(user=member).calendar_includes_group_meetings
    found = uids(api_client.get(feed_path(member_client)).content)
    assert found == {f"occurrence-{row.pk}@testserver" for row in meetings}
    assert f"occurrence-{other_group_row.pk}@testserver" not in found


def test_rotated_unknown_and_malformed_secrets_are_404(member_client, meetings, api_client):
    old = feed_path(member_client)
    assert api_client.get(old).status_code == 200
    assert member_client.post("/api/v1/me/calendar/rotate/").status_code == 200
    new = feed_path(member_client)
    assert new != old
    assert api_client.get(old).status_code == 404
    assert api_client.get(new).status_code == 200
    assert api_client.get("/api/v1/me/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert api_client.get("/api/v1/me/calendar/short.ics").status_code == 404
    assert api_client.get("/api/v1/me/calendar/%27%20or%201=1.ics").status_code == 404


def test_someone_elses_rsvps_never_appear(member_client, group, meetings, api_client):
    other = MembershipFactory(group=group).user
    RsvpFactory(occurrence=meetings[4], user=other, status="going")
    assert f"occurrence-{meetings[4].pk}@testserver" not in uids(api_client.get(feed_path(member_client)).content)
    assert uids(api_client.get(feed_path(client_for(other))).content) == {f"occurrence-{meetings[4].pk}@testserver"}


def test_etag_gives_304(member_client, meetings, api_client):
    path = feed_path(member_client)
    first = api_client.get(path)
    assert api_client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow(member, member_client, api_client, django_assert_max_num_queries, count):
    groups = [GroupFactory() for _ in range(3)]
    for index in range(count):
        group = groups[index % 3]
        MembershipFactory(group=group, user=member) if index < 3 else None
        RsvpFactory(occurrence=OccurrenceFactory(series=MeetingSeriesFactory(group=group)), user=member)
    path = feed_path(member_client)
    with django_assert_max_num_queries(3):
        response = api_client.get(path)
    assert len(uids(response.content)) == count

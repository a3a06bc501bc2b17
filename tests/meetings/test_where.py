""""Where is the meeting" has one answer (kindred.meetings.presenters.place) in the API, the calendars,
the Meeting Guide feed and the emails (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from kindred.notifications.models import NotificationPreferences
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
)

pytestmark = pytest.mark.django_db


def meeting_of(group, **series):  # type: ignore[no-untyped-def]
    return OccurrenceFactory(series=MeetingSeriesFactory(group=group, **series),
                             starts_at=timezone.now() + dt.timedelta(days=3))


def locations(body: bytes) -> set[str]:
    return {str(event["LOCATION"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def test_an_online_meeting_is_online_everywhere(api_client, django_capture_on_commit_callbacks):
    group = GroupFactory(format="online", address="", city="Leeds", online_link_public=True)
    facilitator = FacilitatorMembershipFactory(group=group).user
    occurrence = meeting_of(group)
    member = MembershipFactory(group=group).user
    NotificationPreferences.objects.create(user=member, reminders=True)
    session_client(member).put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"}, format="json")
    assert api_client.get(f"/api/v1/occurrences/{occurrence.pk}/").json()["location"] == "Online"
    assert api_client.get(f"/api/v1/series/{occurrence.series_id}/").json()["location"] == "Online"
    assert locations(api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content) == {"Online"}
    with django_capture_on_commit_callbacks(execute=True):
        session_client(facilitator).patch(f"/api/v1/occurrences/{occurrence.pk}/",
                                          {"starts_at": (occurrence.starts_at + dt.timedelta(hours=1)).isoformat()},
                                          format="json")
    assert "Where: Online\nOnline: the link is on the group's page." in mail.outbox[0].body


def test_an_in_person_meeting_has_no_online_link_and_says_address_and_city(api_client):
    group = GroupFactory(format="in_person", address="1 High St", city="York", region="Yorkshire", country="GB",
                         online_url="https://meet.example.org/left-over", online_link_public=True)
    occurrence = meeting_of(group)
    member = MembershipFactory(group=group).user
    body = session_client(member).get(f"/api/v1/occurrences/{occurrence.pk}/").json()
    assert (body["location"], body["online_url"], body["online_phone"]) == ("1 High St, York", None, None)
    assert locations(api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content) == {"1 High St, York"}


def test_a_meeting_whose_own_place_was_cleared_is_at_its_series_place(api_client):
    group = GroupFactory(format="hybrid", address="1 High St", city="York")
    occurrence = meeting_of(group, location="Room 3")
    occurrence.location = ""
    occurrence.save()
    assert api_client.get(f"/api/v1/occurrences/{occurrence.pk}/").json()["location"] == "Room 3"

"""No text stored in the database can add properties or events to a feed (iCalendar injection).

Rows here are written with the ORM, as rows saved before the input rule or from a shell would be,
with bare CRs, LFs and CR LFs in the group's name, a series' title and description, and an
occurrence's location and note. Each feed (the public group calendar and a personal calendar, with
cancelled and moved meetings across a DST change) is read by three parsers: icalendar, vobject (as
Radicale and many CalDAV servers read feeds) and ``ical`` (strict, as Home Assistant reads them).
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject
from django.utils import timezone
from ical.calendar_stream import IcsCalendarStream

from kindred.meetings.models import MeetingSeries, Occurrence
from tests.conftest import session_client
from tests.factories import GroupFactory, MeetingSeriesFactory, MembershipFactory, RsvpFactory, next_weekday

from .conftest import materialise

pytestmark = pytest.mark.django_db

EVIL = "http://evil.example/"
NAME = "Circle\rBEGIN:VEVENT\rUID:injected\rDTSTART:20300101T000000Z\rSUMMARY:Injected\rEND:VEVENT"
TITLE = f"Tuesday\rURL:{EVIL}t\rATTENDEE:mailto:evil@example.org"
DESCRIPTION = f"First line\r\nURL:{EVIL}d\nATTENDEE:mailto:d@example.org\rX-INJECTED:1"
LOCATION = f"Room 1\nURL:{EVIL}l\r\nATTENDEE:mailto:l@example.org"
NOTE = f"Moved\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:note\r\nURL:{EVIL}n\r\nEND:VEVENT"


@pytest.fixture
def poisoned():
    """A weekly London series over a year (so across both DST changes): one meeting cancelled with a
    note, one moved with a new location and note; a member going to those two and one more."""
    group = GroupFactory(slug="poisoned", name=NAME, time_zone="Europe/London", online_link_public=True,
                         address=f"1 High St\rURL:{EVIL}a")
    series = MeetingSeriesFactory(group=group, title=TITLE, description=DESCRIPTION, location=LOCATION,
                                  time_zone="Europe/London", start_date=next_weekday(1), start_time=dt.time(19, 0),
                                  frequency=MeetingSeries.Frequency.WEEKLY, weekdays=["TU"])
    rows = materialise(series, through=timezone.now() + dt.timedelta(days=366))
    cancelled, moved, plain = rows[3], rows[30], rows[40]
    Occurrence.objects.filter(pk=cancelled.pk).update(status=Occurrence.Status.CANCELLED, note=NOTE,
                                                       is_modified=True, sequence=1)
    Occurrence.objects.filter(pk=moved.pk).update(starts_at=moved.starts_at + dt.timedelta(hours=1),
                                                   ends_at=moved.ends_at + dt.timedelta(hours=1),
                                                   location=LOCATION + "\r2", note=NOTE, is_modified=True)
    member = MembershipFactory(group=group).user
    for row in (cancelled, moved, plain):
        RsvpFactory(occurrence=row, user=member, status="going")
    return group, member, series


def feeds(api_client, poisoned) -> dict[str, tuple[bytes, int]]:
    """Each feed's body and the number of VEVENTs it must hold."""
    group, member, _ = poisoned
    secret = session_client(member).get("/api/v1/me/").json()["calendar_url"].rsplit("/", 1)[1]
    found = {}
    for url, events in ((f"/api/v1/groups/{group.slug}/calendar.ics", 3),  # the series + two overrides
                        (f"/api/v1/me/calendar/{secret}", 3)):  # the three meetings I am going to
        response = api_client.get(url)
        assert response.status_code == 200, url
        found[url] = (response.content, events)
    return found


def test_no_cr_or_lf_but_crlf_line_ends(api_client, poisoned):
    for url, (body, _) in feeds(api_client, poisoned).items():
        assert body.endswith(b"\r\n")
        stray = body.replace(b"\r\n", b"")
        assert b"\r" not in stray and b"\n" not in stray, url


def test_icalendar_sees_no_injected_property_or_event(api_client, poisoned):
    group = poisoned[0]
    for url, (body, expected) in feeds(api_client, poisoned).items():
        calendar = icalendar.Calendar.from_ical(body)
        events = calendar.walk("VEVENT")
        assert len(events) == expected, url
        assert all(str(event["UID"]).endswith("@testserver") for event in events), url
        for event in events:
            assert "ATTENDEE" not in event and "X-INJECTED" not in event
            assert str(event["URL"]) == f"http://testserver/#/groups/{group.slug}"
            assert "\n" not in str(event["SUMMARY"]) and "\n" not in str(event["LOCATION"])
        assert "X-INJECTED" not in calendar


def test_vobject_sees_no_injected_property_or_event(api_client, poisoned):
    group = poisoned[0]
    for url, (body, expected) in feeds(api_client, poisoned).items():
        calendar = vobject.readOne(body.decode())
        events = calendar.contents.get("vevent", [])
        assert len(events) == expected, url
        for event in events:
            assert event.uid.value.endswith("@testserver")
            assert "attendee" not in event.contents and "x-injected" not in event.contents
            assert [line.value for line in event.contents["url"]] == [f"http://testserver/#/groups/{group.slug}"]
            assert "\n" not in event.summary.value and "\r" not in event.summary.value
        assert set(calendar.contents) <= {"prodid", "version", "calscale", "x-wr-calname", "x-wr-caldesc",
                                          "refresh-interval", "x-published-ttl", "vtimezone", "vevent"}


def test_the_strict_ical_parser_reads_every_feed_and_sees_no_injection(api_client, poisoned):
    group = poisoned[0]
    for url, (body, expected) in feeds(api_client, poisoned).items():
        calendar = IcsCalendarStream.calendar_from_ics(body.decode())
        assert len(calendar.events) == expected, url
        for event in calendar.events:
            assert event.uid.endswith("@testserver")
            assert not event.attendees
            assert event.url == f"http://testserver/#/groups/{group.slug}"
            assert not event.extras


def test_descriptions_keep_their_line_breaks_as_text(api_client, poisoned):
    body = next(iter(feeds(api_client, poisoned).values()))[0]
    master = next(e for e in icalendar.Calendar.from_ical(body).walk("VEVENT") if "RECURRENCE-ID" not in e)
    assert str(master["DESCRIPTION"]).startswith("First line\nURL:http://evil.example/d\nATTENDEE:")

"""Calendar feeds and the Meeting Guide feed keep their data as entered (issue 15): a visitor whose
browser asks for Spanish gets the very same bytes, with no word of Kindred's translated into them."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from kindred.meetings.models import Occurrence
from tests.conftest import session_client
from tests.factories import MeetingSeriesFactory, MembershipFactory, OccurrenceFactory, RsvpFactory

pytestmark = pytest.mark.django_db

STAMP = re.compile(rb"^DTSTAMP:.*$", re.MULTILINE)


def same_bytes(path: str, client: APIClient | None = None) -> bytes:
    client = client or APIClient()
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
    assert english.status_code == spanish.status_code == 200
    assert STAMP.sub(b"", spanish.content) == STAMP.sub(b"", english.content)
    return spanish.content


def test_the_group_calendar_is_the_same_in_any_language(group):
    MeetingSeriesFactory(group=group, title="Tuesday circle")
    cancelled = OccurrenceFactory(series__group=group, series__title="Evening circle")
    Occurrence.objects.filter(pk=cancelled.pk).update(status="cancelled", note="Snow day.")
    body = same_bytes(f"/api/v1/groups/{group.slug}/calendar.ics")
    assert b"Nota" not in body and b"Cancelad" not in body and b"reuni" not in body


def test_the_meeting_guide_feed_is_the_same_in_any_language(group):
    MeetingSeriesFactory(group=group, title="Tuesday circle")
    body = same_bytes("/api/v1/feeds/meeting-guide.json")
    assert b"Presencial" not in body and "Híbrido".encode() not in body


def test_my_private_calendar_is_the_same_in_any_language(group):
    member = MembershipFactory(group=group).user
    RsvpFactory(occurrence=OccurrenceFactory(series__group=group, series__title="Circle"), user=member, status="maybe")
    url = session_client(member).get("/api/v1/me/").json()["calendar_url"].removeprefix("http://testserver")
    body = same_bytes(url)
    assert b"(maybe)" in body

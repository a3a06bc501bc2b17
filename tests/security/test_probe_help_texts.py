"""The help texts say truly who reads each note (issue 10, probe item 8).

Found: the schema said a cancelled meeting's `note` is "Shown to members", but it is on the meeting
for anyone who can see it, in the public calendar feed and in webhook deliveries; and the concern
texts said nothing of who reads them. Each test reads the help text from the served schema, then
checks the behaviour it promises over HTTP.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from kindred.meetings import services
from tests.conftest import session_client
from tests.factories import MembershipFactory, next_weekday


@pytest.fixture
def schema(db):  # type: ignore[no-untyped-def]
    response = APIClient().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()["components"]["schemas"]


def description(schema, component: str, field: str) -> str:  # type: ignore[no-untyped-def]
    return schema[component]["properties"][field]["description"]


def test_a_meetings_note_is_said_to_be_public_and_is(schema, group, facilitator):
    for component in ("OccurrenceCancelInputRequest", "PatchedOccurrenceUpdateInputRequest"):
        text = description(schema, component, "note")
        assert "Public" in text and "not only members" in text and "Shown to members" not in text
    series = services.series_create(group=group, title="Circle", start_date=next_weekday(1),
                                    start_time=dt.time(19, 0), recurrence={"frequency": "weekly", "weekdays": ["TU"]})
    occurrence = series.occurrences.order_by("starts_at").first()
    cancelled = session_client(facilitator).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/",
                                                 {"note": "The hall flooded."}, format="json")
    assert cancelled.status_code == 200
    anyone = APIClient()
    assert anyone.get(f"/api/v1/occurrences/{occurrence.pk}/").json()["note"] == "The hall flooded."
    assert b"The hall flooded." in anyone.get(f"/api/v1/groups/{group.slug}/calendar.ics").content


def test_a_concern_and_its_resolution_say_who_reads_them_and_no_one_else_does(schema, group, facilitator):
    message = description(schema, "ConcernInputRequest", "message")
    assert "facilitators" in message and "never by the person it is about" in message
    note = description(schema, "ConcernResolveInputRequest", "note")
    assert "never shown to the person who raised it or the person it is about" in note

    reporter = MembershipFactory(group=group).user
    subject = MembershipFactory(group=group, show_on_roster=True)
    raised = session_client(reporter).post("/api/v1/concerns/", {
        "group": group.slug, "subject_membership": subject.pk, "message": "Words only facilitators read."},
        format="json")
    assert raised.status_code == 201
    resolved = session_client(facilitator).post(f"/api/v1/concerns/{raised.json()['id']}/resolve/",
                                                {"note": "A note for the log."}, format="json")
    assert resolved.status_code == 200
    for person, hidden in ((reporter, "A note for the log."), (subject.user, "Words only facilitators read."),
                           (subject.user, "A note for the log.")):
        export = session_client(person).get("/api/v1/me/export/").content.decode()
        assert hidden not in export
    assert "A note for the log." in session_client(facilitator).get("/api/v1/me/export/").content.decode()

"""A name is on a meeting's list only while its person allows it (issue 10, probe item 4).

Found: a member who said "going" while on the roster, then hid from the roster, was still named on
every meeting list of the group (each answer kept the `share_name` it got from the roster). Now
hiding from the roster turns sharing off on every answer of theirs in the group; sharing again is
their choice, meeting by meeting (the spec: `share_name` decides, and defaults to the roster).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kindred.meetings import services
from tests.conftest import session_client
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, next_weekday

WEEKLY = {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}


@pytest.fixture
def meeting(group):  # type: ignore[no-untyped-def]
    series = services.series_create(group=group, title="Circle", start_date=next_weekday(1),
                                    start_time=dt.time(19, 0), recurrence=WEEKLY)
    return series.occurrences.order_by("starts_at").first()


def names(client, meeting) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/v1/occurrences/{meeting.pk}/attendees/")
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


def test_hiding_from_the_roster_takes_the_name_off_every_meeting_list(group, meeting):
    person = MembershipFactory(group=group, show_on_roster=True, display_name="Sam in this group").user
    client, other = session_client(person), session_client(MembershipFactory(group=group).user)
    assert client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "going", "share_name": True},
                      format="json").status_code == 200
    assert names(other, meeting) == ["Sam in this group"]

    assert client.patch(f"/api/v1/groups/{group.slug}/membership/", {"show_on_roster": False},
                        format="json").status_code == 200
    assert names(other, meeting) == []
    body = other.get(f"/api/v1/occurrences/{meeting.pk}/attendees/").json()
    assert body["going"] == 1 and body["count"] == 0  # still counted, named nowhere

    mine = client.get(f"/api/v1/occurrences/{meeting.pk}/rsvp/").json()
    assert mine["status"] == "going" and mine["share_name"] is False  # they see what changed

    assert client.patch(f"/api/v1/groups/{group.slug}/membership/", {"show_on_roster": True},
                        format="json").status_code == 200
    assert names(other, meeting) == []  # back on the roster: sharing on a meeting is asked again
    client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "going", "share_name": True}, format="json")
    assert names(other, meeting) == ["Sam in this group"]


def test_hiding_in_one_group_leaves_answers_in_another_as_they_were(group, meeting):
    from tests.factories import GroupFactory

    elsewhere = GroupFactory()
    person = MembershipFactory(group=group, show_on_roster=True).user
    MembershipFactory(group=elsewhere, user=person, show_on_roster=True)
    other_meeting = services.series_create(group=elsewhere, title="Other", start_date=next_weekday(1),
                                          start_time=dt.time(19, 0), recurrence=WEEKLY).occurrences.first()
    client = session_client(person)
    for occurrence in (meeting, other_meeting):
        client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"}, format="json")
    client.patch(f"/api/v1/groups/{group.slug}/membership/", {"show_on_roster": False}, format="json")
    assert names(client, meeting) == [] and names(client, other_meeting) == [person.display_name]


def test_turning_sharing_off_on_the_answer_takes_the_name_off(group, meeting):
    person = MembershipFactory(group=group, show_on_roster=True, display_name="Ray").user
    client = session_client(person)
    client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "maybe", "share_name": True}, format="json")
    assert names(client, meeting) == ["Ray"]
    client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "maybe", "share_name": False}, format="json")
    assert names(client, meeting) == []


def test_a_facilitator_who_shares_is_named_as_on_the_group_page(group, meeting):
    host = FacilitatorMembershipFactory(group=group, show_on_roster=False, display_name="Host Kim").user
    client = session_client(host)
    client.put(f"/api/v1/occurrences/{meeting.pk}/rsvp/", {"status": "going", "share_name": True}, format="json")
    assert names(session_client(MembershipFactory(group=group).user), meeting) == ["Host Kim"]



"""Unlisted groups cannot be found by walking series and meeting ids (issue 10, probe item 2).

(Signed out, a write is a 401 before anything is looked up, for known and unknown ids alike.)

Found: series and occurrence ids are sequential, and `GET /series/{id}/` or `/occurrences/{id}/`
answered anyone with the group's slug and name, so every unlisted group could be listed by
counting. Now an unlisted group's series and meetings answer by id only to people in it; everyone
else gets the very 404 an unknown id gets, for every method.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from kindred.meetings import services
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MembershipFactory,
    PendingMembershipFactory,
    UserFactory,
    next_weekday,
)

WEEKLY = {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}


@pytest.fixture
def unlisted(db):  # type: ignore[no-untyped-def]
    group = GroupFactory(listed=False, name="Quiet circle")
    series = services.series_create(group=group, title="Quiet Tuesday", start_date=next_weekday(1),
                                    start_time=dt.time(19, 0), recurrence=WEEKLY)
    return group, series, series.occurrences.order_by("starts_at").first()


def routes(series_id: int, occurrence_id: int) -> list[tuple[str, str]]:
    return [("get", f"/api/v1/series/{series_id}/"), ("patch", f"/api/v1/series/{series_id}/"),
            ("delete", f"/api/v1/series/{series_id}/"), ("options", f"/api/v1/series/{series_id}/"),
            ("get", f"/api/v1/occurrences/{occurrence_id}/"), ("patch", f"/api/v1/occurrences/{occurrence_id}/"),
            ("post", f"/api/v1/occurrences/{occurrence_id}/cancel/"),
            ("get", f"/api/v1/occurrences/{occurrence_id}/rsvp/"),
            ("put", f"/api/v1/occurrences/{occurrence_id}/rsvp/"),
            ("delete", f"/api/v1/occurrences/{occurrence_id}/rsvp/"),
            ("get", f"/api/v1/occurrences/{occurrence_id}/attendees/")]


def outsiders() -> dict[str, APIClient]:
    other_facilitator = FacilitatorMembershipFactory(group=GroupFactory()).user
    return {"anonymous": APIClient(), "signed in": session_client(UserFactory()),
            "another group's facilitator": session_client(other_facilitator)}


def test_an_unlisted_groups_series_and_meetings_are_404_to_outsiders_exactly_like_unknown_ids(unlisted):
    group, series, occurrence = unlisted
    for name, client in outsiders().items():
        for (method, url), (_, unknown) in zip(routes(series.pk, occurrence.pk), routes(999_999, 999_999),
                                               strict=True):
            body = {"status": "going"} if method == "put" else {}
            answer = getattr(client, method)(url, body, format="json")
            expected = getattr(client, method)(unknown, body, format="json")
            assert answer.status_code == expected.status_code in (401, 404), (name, method, url, answer.status_code)
            assert answer.json() == expected.json(), (name, method, url)
            if name != "anonymous":
                assert answer.status_code == 404
            assert group.slug not in answer.content.decode()


def test_people_in_the_unlisted_group_still_reach_them(unlisted):
    group, series, occurrence = unlisted
    people = {"member": MembershipFactory(group=group).user, "pending": PendingMembershipFactory(group=group).user,
              "facilitator": FacilitatorMembershipFactory(group=group).user}
    for name, person in people.items():
        client = session_client(person)
        assert client.get(f"/api/v1/series/{series.pk}/").status_code == 200, name
        assert client.get(f"/api/v1/occurrences/{occurrence.pk}/").status_code == 200, name
    assert session_client(people["member"]).put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going"},
                                                format="json").status_code == 200


def test_the_address_still_opens_an_unlisted_group_and_its_feed(unlisted, api_client):
    """Unlisted means "not in the directory or the Meeting Guide": whoever has the link sees it."""
    group, series, _ = unlisted
    assert api_client.get(f"/api/v1/groups/{group.slug}/").status_code == 200
    assert api_client.get(f"/api/v1/groups/{group.slug}/series/").json()["results"][0]["id"] == series.pk
    assert b"Quiet Tuesday" in api_client.get(f"/api/v1/groups/{group.slug}/calendar.ics").content
    assert group.slug not in [row["slug"] for row in api_client.get("/api/v1/groups/").json()["results"]]
    assert "Quiet Tuesday" not in api_client.get("/api/v1/feeds/meeting-guide.json").content.decode()


def test_a_listed_groups_series_stay_public_by_id(db, api_client):
    group = GroupFactory(listed=True)
    series = services.series_create(group=group, title="Open Tuesday", start_date=next_weekday(1),
                                    start_time=dt.time(19, 0), recurrence=WEEKLY)
    assert api_client.get(f"/api/v1/series/{series.pk}/").status_code == 200
    occurrence = series.occurrences.first()
    assert api_client.get(f"/api/v1/occurrences/{occurrence.pk}/").status_code == 200

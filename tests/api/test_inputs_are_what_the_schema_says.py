"""What Schemathesis found accepted outside the schema: request bodies are judged as the schema
says, so a client learns its mistake instead of having it quietly reinterpreted."""

from __future__ import annotations

import pytest

from kindred.groups.models import Group
from tests.factories import MeetingSeriesFactory, OccurrenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [0, 1, "yes", "false", None])
def test_a_boolean_is_json_true_or_false(user_client, user, value):
    before = user.show_on_rosters
    response = user_client.patch("/api/v1/me/", {"show_on_rosters": value}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "show_on_rosters"
    user.refresh_from_db()
    assert user.show_on_rosters is before  # nothing was read as a yes or a no


def test_booleans_everywhere_refuse_numbers(user_client, facilitator_client, member_client, group):
    occurrence = OccurrenceFactory(series=MeetingSeriesFactory(group=group))
    answers = [
        user_client.post("/api/v1/groups/", {"name": "Circle", "listed": 0}, format="json"),
        facilitator_client.patch(f"/api/v1/groups/{group.slug}/", {"online_link_public": 1}, format="json"),
        member_client.patch(f"/api/v1/groups/{group.slug}/membership/", {"show_on_roster": 0}, format="json"),
        member_client.put(f"/api/v1/occurrences/{occurrence.pk}/rsvp/", {"status": "going", "share_name": "no"},
                          format="json"),
        member_client.patch("/api/v1/me/", {"notifications": {"reminders": 0}}, format="json"),
        member_client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": 1}, format="json"),
    ]
    assert [answer.status_code for answer in answers] == [400] * 6
    assert not Group.objects.filter(name="Circle").exists()


@pytest.mark.parametrize("url", ["ftp://files.example.org/circle", "https://meet.example.org/caf\u00e9",
                                 "https://x.a/circle", "https://" + "a" * 64 + ".example.org/", "meet.example.org",
                                 "https://meet.example.org/#a<b]", "https://meet.example.org/100%"])
def test_a_meeting_link_is_an_http_or_https_link_with_an_ascii_host(facilitator_client, group, url):
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/", {"online_url": url}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {"field": "online_url", "code": "invalid",
                                            "message": "Enter an http or https link, such as "
                                                       "https://meet.example.org/circle."}


@pytest.mark.parametrize("url", ["https://meet.example.org/j/123?pwd=abc#x", "http://zoom.us/j/1", ""])
def test_ordinary_meeting_links_are_taken(facilitator_client, group, url):
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/", {"online_url": url}, format="json")
    assert response.status_code == 200 and response.json()["online_url"] == url


def test_near_counts_its_characters_as_sent(api_client):
    assert api_client.get("/api/v1/groups/", {"near": " 51.5 , -0.1 "}).status_code == 200
    response = api_client.get("/api/v1/groups/", {"near": "51.5,-0.1" + " " * 60})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "near"


@pytest.mark.parametrize("value", [False, True, "51.5", "0"])
def test_a_coordinate_is_a_json_number(facilitator_client, group, value):
    """`false` was stored as 0.0 (Python counts a bool as a number): a group moved to the equator."""
    response = facilitator_client.patch(f"/api/v1/groups/{group.slug}/", {"latitude": value, "longitude": 0.5},
                                        format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "latitude"

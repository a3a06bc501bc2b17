"""Only IANA time zone names are accepted: not the files a system's zoneinfo directory also holds."""

from __future__ import annotations

import pytest

from kindred.accounts.models import User

pytestmark = pytest.mark.django_db

NOT_ZONES = ["localtime", "Factory", "posixrules", "posix/Europe/London", "right/UTC", "zone.tab", "Mars/Olympus"]
GROUP = {"name": "Grief circle", "description": "For anyone living with loss.", "format": "online",
         "join_policy": "open", "agreements": "We listen without judging."}


def assert_refused(response, field: str = "time_zone") -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, "invalid_time_zone")


@pytest.mark.parametrize("name", NOT_ZONES)
def test_my_time_zone_must_be_an_iana_name(user_client, user, name):
    assert_refused(user_client.patch("/api/v1/me/", {"time_zone": name}, format="json"))
    user.refresh_from_db()
    assert user.time_zone == "Europe/London"


@pytest.mark.parametrize("name", NOT_ZONES)
def test_a_groups_and_a_series_time_zone_must_be_an_iana_name(user_client, facilitator_client, group, name):
    assert_refused(user_client.post("/api/v1/groups/", {**GROUP, "time_zone": name}, format="json"))
    series = {"title": "Weekly", "start_date": "2030-01-08", "start_time": "19:00", "time_zone": name}
    assert_refused(facilitator_client.post(f"/api/v1/groups/{group.slug}/series/", series, format="json"))


@pytest.mark.parametrize("name", ["Europe/London", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5",
                                  "US/Eastern", "Asia/Calcutta", "Europe/Kiev"])
def test_zones_and_their_iana_links_are_accepted_as_given(user_client, user, name):
    """Links such as Asia/Calcutta are what some browsers still report; they are kept as written."""
    response = user_client.patch("/api/v1/me/", {"time_zone": name}, format="json")
    assert response.status_code == 200 and response.json()["time_zone"] == name
    assert User.objects.get(pk=user.pk).time_zone == name
    created = user_client.post("/api/v1/groups/", {**GROUP, "time_zone": name}, format="json")
    assert created.status_code == 201 and created.json()["time_zone"] == name

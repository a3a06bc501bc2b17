"""A group's map position, found offline from its city (so "Near me" finds groups made in the app),
and moved by a facilitator when the pin is off."""

from __future__ import annotations

import socket

import pytest

from kindred.groups.models import Group
from tests.factories import FacilitatorMembershipFactory, GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_network(monkeypatch):  # type: ignore[no-untyped-def]
    """The gazetteer is offline: any attempt to open a socket fails the test."""
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the gazetteer tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def create(client, **fields):  # type: ignore[no-untyped-def]
    response = client.post("/api/v1/groups/", {"name": "Carers' cuppa", "format": "in_person", **fields},
                           format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_new_group_is_placed_at_its_city_and_near_me_finds_it(user_client, api_client):
    body = create(user_client, city="london", country="GB", address="1 High Street")
    assert body["latitude"] == pytest.approx(51.51, abs=0.05) and body["longitude"] == pytest.approx(-0.13, abs=0.05)
    assert body["approximate"] is True  # a city's centre, not the door
    near = api_client.get("/api/v1/groups/?near=51.5072,-0.1276&radius_km=10").json()["results"]
    assert [group["slug"] for group in near] == [body["slug"]]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"city": "Zurich"}, (47.37, 8.55)),  # another common name, any country
    ({"city": "Köln", "country": "de"}, (50.93, 6.95)),
    ({"city": "Portland", "region": "Maine", "country": "US"}, (43.66, -70.26)),  # the state decides
    ({"city": "Portland", "country": "US"}, (45.52, -122.68)),  # else the most populous
])
def test_the_gazetteer_reads_names_countries_and_states(user_client, fields, expected):
    body = create(user_client, **fields)
    assert (body["latitude"], body["longitude"]) == (pytest.approx(expected[0], abs=0.05),
                                                     pytest.approx(expected[1], abs=0.05))


def test_no_position_for_an_unknown_city_or_an_online_group(user_client):
    assert create(user_client, city="Nowhere-on-Sea", country="GB")["latitude"] is None
    assert create(user_client, name="Online circle", format="online", city="London")["latitude"] is None


def test_a_position_the_facilitator_gives_wins(user_client):
    body = create(user_client, city="London", country="GB", latitude=51.545, longitude=-0.055)
    assert (body["latitude"], body["longitude"], body["approximate"]) == (51.545, -0.055, False)


def test_the_facilitator_moves_the_pin_and_a_new_city_moves_it_again(user, user_client):
    group = GroupFactory(city="", country="GB", format=Group.Format.IN_PERSON, latitude=None, longitude=None)
    FacilitatorMembershipFactory(user=user, group=group)
    url = f"/api/v1/groups/{group.slug}/"
    body = user_client.patch(url, {"city": "Leeds"}, format="json").json()
    assert body["latitude"] == pytest.approx(53.80, abs=0.05) and body["approximate"] is True
    # The pin is off by a street or two: the facilitator moves it.
    body = user_client.patch(url, {"latitude": 53.7961, "longitude": -1.5536}, format="json").json()
    assert (body["latitude"], body["longitude"], body["approximate"]) == (53.7961, -1.5536, False)
    # Saving the form again (the same position sent back) keeps it.
    body = user_client.patch(url, {"city": "Leeds", "latitude": 53.7961, "longitude": -1.5536}, format="json").json()
    assert body["latitude"] == 53.7961
    # The group moves to York; the form still holds the Leeds pin, which must not stay.
    body = user_client.patch(url, {"city": "York", "latitude": 53.7961, "longitude": -1.5536}, format="json").json()
    assert body["latitude"] == pytest.approx(53.96, abs=0.05) and body["approximate"] is True
    # A city the gazetteer does not know clears the old position rather than keep York's.
    body = user_client.patch(url, {"city": "Nowhere-on-Sea"}, format="json").json()
    assert body["latitude"] is None and body["longitude"] is None


def test_groups_made_before_are_placed_by_a_command_once(api_client):  # type: ignore[no-untyped-def]
    from io import StringIO

    from django.core.management import call_command

    old = GroupFactory(slug="old", city="Leeds", country="GB", format=Group.Format.IN_PERSON,
                       latitude=None, longitude=None)
    GroupFactory(slug="online", city="Leeds", format=Group.Format.ONLINE, latitude=None, longitude=None)
    GroupFactory(slug="unknown", city="Nowhere-on-Sea", format=Group.Format.HYBRID, latitude=None, longitude=None)
    assert api_client.get("/api/v1/groups/?near=53.8,-1.55&radius_km=10").json()["results"] == []
    out = StringIO()
    call_command("locate_groups", stdout=out)
    assert out.getvalue().strip() == "1 group placed."
    old.refresh_from_db()
    assert old.latitude == pytest.approx(53.80, abs=0.05) and old.approximate
    near = api_client.get("/api/v1/groups/?near=53.8,-1.55&radius_km=10").json()["results"]  # the cache was told
    assert [group["slug"] for group in near] == ["old"]
    call_command("locate_groups", stdout=(again := StringIO()))
    assert again.getvalue().strip() == "0 groups placed."

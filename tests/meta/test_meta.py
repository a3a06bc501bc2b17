"""GET /api/v1/meta/: the words for every code the API uses, read over HTTP.

Each list must hold exactly the codes the API itself accepts (checked by sending them back to the
endpoints that take them), so the PWA, which shows only what this endpoint lists, cannot drift."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from kindred.groups.models import Group
from kindred.meetings.models import Rsvp
from kindred.notifications.models import NotificationPreferences
from tests.conftest import session_client
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

LISTS = ("formats", "join_policies", "accessibility", "weekdays", "times_of_day", "rsvp_statuses",
         "notification_kinds", "topics", "languages", "interface_languages", "crisis_lines")


@pytest.fixture
def meta() -> dict[str, Any]:
    response = APIClient().get("/api/v1/meta/")
    assert response.status_code == 200
    return response.json()


def codes(meta: dict[str, Any], name: str) -> list[str]:
    return [entry["code"] for entry in meta[name]]


def test_every_list_is_there_with_a_code_and_words_for_each_entry(meta):
    assert tuple(meta) == LISTS
    for name in LISTS:
        assert meta[name], name
        if name == "topics":
            assert all(isinstance(topic, str) and topic == topic.lower() for topic in meta[name])
            continue
        if name == "crisis_lines":  # not codes with words: lines to call (tests/i18n/test_meta.py)
            continue
        for entry in meta[name]:
            assert entry["code"] and entry["label"].strip() and entry["label"] != entry["code"], (name, entry)
    assert all(day["short"] for day in meta["weekdays"])
    assert all(slot["hint"] for slot in meta["times_of_day"])
    assert all(isinstance(kind["default"], bool) for kind in meta["notification_kinds"])


def test_codes_are_the_models_choices(meta):
    assert codes(meta, "formats") == Group.Format.values
    assert codes(meta, "join_policies") == Group.JoinPolicy.values
    assert codes(meta, "accessibility") == list(Group.ACCESSIBILITY_FACETS)
    assert codes(meta, "rsvp_statuses") == Rsvp.Status.values
    assert codes(meta, "notification_kinds") == list(NotificationPreferences.KINDS)
    assert codes(meta, "weekdays") == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    assert [day["label"] for day in meta["weekdays"]][:2] == ["Monday", "Tuesday"]
    assert [format_["label"] for format_ in meta["formats"]] == ["In person", "Online", "Hybrid"]


def test_join_policies_are_said_warmly_not_as_rules(meta):
    labels = {entry["code"]: entry["label"] for entry in meta["join_policies"]}
    assert labels == {"open": "Everyone is welcome: join straight away",
                      "approval": "Ask to join: a facilitator welcomes each new member personally"}
    assert not any(label.startswith(("Open:", "Approval:")) for label in labels.values())


@pytest.mark.parametrize(("name", "parameter"), [("formats", "format"), ("weekdays", "weekday"),
                                                ("times_of_day", "time_of_day"), ("accessibility", "accessibility"),
                                                ("languages", "language"), ("topics", "topic")])
def test_the_directory_accepts_every_code_listed_and_refuses_others(meta, name, parameter):
    client = APIClient()
    listed = meta[name] if name == "topics" else codes(meta, name)
    for code in listed:
        assert client.get("/api/v1/groups/", {parameter: code}).status_code == 200, (parameter, code)
    if name not in ("languages", "topics"):  # suggestions: any well-formed tag or language is accepted
        assert client.get("/api/v1/groups/", {parameter: "XX_not_a_code"}).status_code == 400


def test_a_group_can_be_created_with_every_format_join_policy_and_facet(meta):
    client = session_client(UserFactory())
    for number, (format_, policy) in enumerate([(f, p) for f in codes(meta, "formats")
                                                 for p in codes(meta, "join_policies")]):
        body = {"name": f"Circle {number}", "format": format_, "join_policy": policy, "time_zone": "Europe/London",
                "accessibility": codes(meta, "accessibility")}
        response = client.post("/api/v1/groups/", body, format="json")
        assert response.status_code == 201, response.json()


def test_notification_kinds_are_the_settings_on_me_with_their_defaults(meta):
    notifications = session_client(UserFactory()).get("/api/v1/me/").json()["notifications"]
    assert {kind["code"]: kind["default"] for kind in meta["notification_kinds"]} == {
        kind["code"]: notifications[kind["code"]] for kind in meta["notification_kinds"]}


def test_anyone_may_read_it_without_signing_in_and_credentials_change_nothing(meta):
    GroupFactory()
    anonymous = APIClient().get("/api/v1/meta/")
    signed_in = session_client(UserFactory()).get("/api/v1/meta/")
    bad_token = APIClient(HTTP_AUTHORIZATION="Bearer not-a-token").get("/api/v1/meta/")
    assert anonymous.status_code == signed_in.status_code == bad_token.status_code == 200
    assert anonymous.json() == signed_in.json() == bad_token.json() == meta
    assert anonymous["Cache-Control"] == "public, max-age=60"
    assert signed_in["Cache-Control"] == "private, no-cache"


def test_it_reads_nothing_from_the_database(django_assert_max_num_queries):
    session = session_client(UserFactory())
    for client in (APIClient(), APIClient(), session):
        with django_assert_max_num_queries(0):
            assert client.get("/api/v1/meta/").status_code == 200


def test_writes_are_refused_as_problem_json():
    response = APIClient().post("/api/v1/meta/", {}, format="json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/problem+json")

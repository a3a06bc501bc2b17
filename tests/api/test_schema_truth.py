"""The OpenAPI document says what the server does (issue 13): who may call each operation, the
bounds the server enforces, the names generators turn into code, and the examples."""

from __future__ import annotations

import re
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from kindred.accounts.models import User
from kindred.common.timezones import available_time_zones
from tests.api.test_every_route_and_method import World, send, world  # noqa: F401 - `world` is a fixture
from tests.factories import FacilitatorMembershipFactory, GroupFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
METHODS = ("get", "put", "post", "patch", "delete")
PUBLIC_READS = ("groups_list", "groups_retrieve", "groups_occurrences_list", "groups_series_list",
                "occurrences_retrieve", "series_retrieve")


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, operation) for path, item in schema["paths"].items()
            for method, operation in item.items() if method in METHODS]


def effective_security(schema: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    """An operation's own ``security``, else the document's (OpenAPI's rule)."""
    return operation.get("security", schema.get("security", []))


def anonymous_allowed(schema: dict[str, Any], operation: dict[str, Any]) -> bool:
    security = effective_security(schema, operation)
    return security == [] or {} in security


def test_the_six_public_reads_are_declared_anonymous(schema):
    by_id = {operation["operationId"]: operation for _method, _path, operation in operations(schema)}
    assert all(anonymous_allowed(schema, by_id[name]) for name in PUBLIC_READS)
    # openapi-python-client reads only the operation's own list: absent, so a plain Client may call them.
    assert all("security" not in by_id[name] for name in PUBLIC_READS)


def test_every_operation_says_who_may_call_it_and_the_server_agrees(schema, world: World):  # noqa: F811
    """Anonymous callers get a 401 exactly where the document leaves out ``{}``."""
    wrong = []
    for method, path, operation in operations(schema):
        concrete = re.sub(r"\{(\w+)\}", lambda match: world.values[match.group(1)], path)
        status, _error = send(world, "anonymous", method, concrete)
        if anonymous_allowed(schema, operation) == (status == 401):
            wrong.append(f"{method} {path}: documented anonymous={anonymous_allowed(schema, operation)}, got {status}")
    assert wrong == []


def test_operation_ids_are_identifiers(schema):
    assert [operation["operationId"] for _m, _p, operation in operations(schema)
            if not re.fullmatch(r"[a-z][a-z0-9_]*", operation["operationId"])] == []


def test_the_document_names_its_servers_contact_and_licence(schema):
    assert schema["servers"][0]["url"].startswith("https://")
    assert schema["info"]["contact"]["name"] and schema["info"]["license"]["name"]


def test_no_nullable_without_a_type(schema):
    found = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("nullable") and "type" not in node:
                found.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    walk(schema, "#")
    assert found == []


def test_page_size_is_documented_with_the_bounds_the_server_enforces(schema):
    bounds = {(parameter["schema"].get("minimum"), parameter["schema"].get("maximum"))
              for _m, _p, operation in operations(schema) for parameter in operation.get("parameters", [])
              if parameter["name"] == "page_size"}
    assert bounds == {(1, 100)}


def test_list_links_are_required_and_nullable(schema):
    pages = {name: shape for name, shape in schema["components"]["schemas"].items() if name.startswith("Paginated")}
    assert pages
    for name, shape in pages.items():
        assert {"next", "previous", "results"} <= set(shape["required"]), name
        assert shape["properties"]["next"]["nullable"] and shape["properties"]["previous"]["nullable"], name


def test_input_rules_are_stated(schema):
    shapes = schema["components"]["schemas"]
    assert shapes["AgreedEnum"] == {"type": "boolean", "enum": [True]}
    assert set(shapes["TimeZoneEnum"]["enum"]) == available_time_zones()
    language = shapes["GroupCreateInputRequest"]["properties"]["languages"]["items"]
    assert re.fullmatch(language["pattern"], "pt-BR") and not re.fullmatch(language["pattern"], "english")
    invite = shapes["FacilitatorInviteInputRequest"]["oneOf"]
    assert [shapes[ref["$ref"].rsplit("/", 1)[1]]["required"] for ref in invite] == [["membership_id"], ["user_id"]]
    assert "latitude" in str(shapes["GroupCreateInputRequest"]["not"])
    summary = shapes["GroupSummaryOutput"]["properties"]
    assert summary["topics"]["items"] == {"type": "string"} and summary["languages"]["items"] == {"type": "string"}
    assert summary["accessibility"]["items"] == {"$ref": "#/components/schemas/AccessibilityEnum"}
    assert shapes["OccurrenceOutput"]["properties"]["local_start"]["format"] == "date-time"


def test_the_calendar_feeds_offer_no_format_parameter(schema):
    for path in ("/api/v1/groups/{slug}/calendar.ics", "/api/v1/me/calendar/{secret}.ics"):
        assert "format" not in [parameter["name"] for parameter in schema["paths"][path]["get"].get("parameters", [])]


def test_the_directory_example_shows_only_what_the_directory_lists(schema):
    operation = schema["paths"]["/api/v1/groups/"]["get"]
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    listed = set(schema["components"]["schemas"]["GroupSummaryOutput"]["properties"])
    for example in examples.values():
        for group in example["value"]["results"]:
            assert set(group) == listed


def test_the_meeting_guide_example_is_a_list_of_entries(schema):
    operation = schema["paths"]["/api/v1/feeds/meeting-guide.json"]["get"]
    for example in operation["responses"]["200"]["content"]["application/json"]["examples"].values():
        assert isinstance(example["value"], list) and all(isinstance(entry, dict) for entry in example["value"])


# --- what the server answers ---------------------------------------------------------------------

def test_a_wrong_password_is_the_documented_400(api_client, schema):
    UserFactory(email="sam@example.org")
    response = api_client.post("/api/v1/auth/login/", {"email": "sam@example.org", "password": "wrong one"},
                               format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_credentials"
    documented = schema["paths"]["/api/v1/auth/login/"]["post"]["responses"]["400"]
    assert "invalid_credentials" in str(documented["content"]["application/problem+json"]["examples"])


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/auth/login/", {"email": "sam@example.org", "password": 0}),
    ("/api/v1/auth/register/", {"email": "new@example.org", "password": 12345678901, "display_name": "New"}),
])
def test_a_password_must_be_a_string(api_client, path, body):
    UserFactory(email="sam@example.org")
    response = api_client.post(path, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "password"


def test_a_token_name_must_be_a_string(user_client):
    response = user_client.post("/api/v1/auth/tokens/", {"name": 0}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "name"


def test_me_gives_the_calendar_secret_to_call_the_feed_with(user_client, user: User, api_client):
    me = user_client.get("/api/v1/me/").json()
    assert me["calendar_secret"] == user.calendar_secret
    assert me["calendar_url"].endswith(f"/api/v1/me/calendar/{me['calendar_secret']}.ics")
    feed = api_client.get(f"/api/v1/me/calendar/{me['calendar_secret']}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")


def test_joining_without_agreeing_is_refused_as_documented(user_client):
    group = GroupFactory()
    FacilitatorMembershipFactory(group=group)
    response = user_client.post(f"/api/v1/groups/{group.slug}/membership/", {"agreed": False}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "agreement_required"


def test_an_invitation_takes_one_id_only(user_client, user: User):
    group = GroupFactory()
    FacilitatorMembershipFactory(group=group, user=user)
    member = MembershipFactory(group=group, show_on_roster=True)
    both = {"membership_id": member.pk, "user_id": member.user_id}
    response = user_client.post(f"/api/v1/groups/{group.slug}/facilitators/", both, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "one_required"


def test_every_4xx_is_a_problem_and_every_204_is_empty(schema):
    not_problem, not_empty = [], []
    for method, path, operation in operations(schema):
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            if status.startswith("4") and content.get("application/problem+json", {}).get("schema") != {
                    "$ref": "#/components/schemas/Problem"}:
                not_problem.append(f"{method} {path} {status}")
            if status == "204" and content:
                not_empty.append(f"{method} {path}")
    assert not_problem == [] and not_empty == []

"""Control characters in text (docs/decisions/text-control-characters.md), seen from outside.

Single-line text refuses every control character (so no CR, LF, tab, NUL or ESC), U+2028/U+2029
and bidirectional overrides; multi-line text keeps line breaks and tabs only. The walker below
reads every string property of every request body in the generated schema and proves the rule
over HTTP, so a new field (or a new operation) cannot miss it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from kindred.api.schema import LOCAL_TIME_PATTERN
from kindred.common.text import MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN, validate_multi_line, validate_single_line
from kindred.groups.models import Group, Membership
from kindred.meetings.models import Occurrence
from kindred.moderation.models import Concern
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SINGLE_LINE_REFUSED = ["\r", "\n", "\x00", "\x1b", "\t", "\u2028", "\u202e"]
MULTI_LINE_REFUSED = ["\x00", "\x1b", "\x7f", "\u2029", "\u202e"]
# A password is never shown, put in a header or a file: it is the one text exempt from the rule.
EXEMPT = {"password", "current_password", "new_password"}  # passwords are secrets, never shown or stored as text

# Who may reach each operation's validation: every operation that takes a body must be listed, so a
# new one fails here until its text fields are checked too.
CALLER = {
    "auth_login_create": "anonymous", "auth_register_create": "anonymous", "auth_tokens_create": "member",
    "concerns_create": "member", "concerns_resolve_create": "facilitator", "groups_create": "member",
    "groups_partial_update": "facilitator", "groups_facilitators_create": "facilitator",
    "groups_members_remove_create": "facilitator", "groups_membership_create": "outsider",
    "groups_membership_partial_update": "member", "groups_series_create": "facilitator",
    "me_partial_update": "member", "me_destroy": "member", "occurrences_partial_update": "facilitator",
    "occurrences_cancel_create": "facilitator", "occurrences_rsvp_update": "member",
    "series_partial_update": "facilitator", "groups_webhooks_create": "facilitator",
    "auth_verify_email_create": "anonymous", "auth_verify_email_resend_create": "anonymous",
    "auth_password_reset_create": "anonymous", "auth_password_reset_confirm_create": "anonymous",
    "me_password_create": "member", "me_email_create": "member",
}


@pytest.fixture(scope="module")
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def text_properties(schema: dict, node: dict, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """(path, string schema) for every string a body can carry; array items get index 0."""
    node = resolve(schema, node)
    for part in node.get("allOf", []) + node.get("anyOf", []):
        yield from text_properties(schema, part, path)
    branches = [resolve(schema, branch) for branch in node.get("oneOf", [])]
    if branches and all(branch.get("type") == "string" for branch in branches):
        yield path, next(branch for branch in branches if branch.get("maxLength") != 0)  # blank is the other
        return
    if node.get("type") == "string":
        yield path, node
    if node.get("type") == "array":
        yield from text_properties(schema, node["items"], (*path, 0))
    for name, sub in node.get("properties", {}).items():
        yield from text_properties(schema, sub, (*path, name))


def kind_of(path: tuple, prop: dict) -> str:
    if prop.get("pattern") == SINGLE_LINE_PATTERN:
        return "single"
    if prop.get("pattern") == MULTI_LINE_PATTERN:
        return "multi"
    if path[-1] in EXEMPT:
        return "exempt"
    if "enum" in prop or prop.get("format") in ("date", "date-time") or prop.get("pattern") == LOCAL_TIME_PATTERN:
        return "typed"  # parsed into a date, a time or a choice, never stored as text
    if prop.get("pattern"):
        return "single"  # its own stricter pattern (a slug's)
    return "unclassified"


def body_with(path: tuple, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    return [body_with(rest, value)] if head == 0 else {head: body_with(rest, value)}


def operations(openapi: dict) -> Iterator[tuple[str, str, str, dict]]:
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            if "application/json" in content:
                yield operation["operationId"], method, path, content["application/json"]["schema"]


@pytest.fixture
def world() -> dict[str, Any]:
    group = GroupFactory(slug="walkers")
    facilitator = FacilitatorMembershipFactory(group=group, user=UserFactory(is_staff=True)).user
    member_ship = MembershipFactory(group=group)
    series = MeetingSeriesFactory(group=group)
    occurrence = OccurrenceFactory(series=series)
    concern = Concern.objects.create(group=group, reporter=member_ship.user, message="Something happened.")
    clients = {
        "anonymous": APIClient(),
        "member": session_client(member_ship.user),
        "facilitator": session_client(facilitator),
        "outsider": session_client(UserFactory()),
    }
    params = {"slug": group.slug, "series_id": series.pk, "occurrence_id": occurrence.pk,
              "membership_id": member_ship.pk, "concern_id": concern.pk}
    return {"clients": clients, "params": params}


def test_every_text_property_of_every_request_body_refuses_control_characters(openapi, world):
    checked: dict[str, int] = {"single": 0, "multi": 0}
    failures = []
    for operation_id, method, path, schema in operations(openapi):
        assert operation_id in CALLER, f"{operation_id}: say who may call it in CALLER"
        client = world["clients"][CALLER[operation_id]]
        url = path.format(**world["params"])
        for prop_path, prop in text_properties(openapi, schema):
            kind = kind_of(prop_path, prop)
            assert kind != "unclassified", (
                f"{operation_id} {prop_path}: a text field must be a SingleLineField or MultiLineField "
                "(kindred.common.fields)")
            if kind not in checked:
                continue
            field = ".".join(map(str, prop_path))
            values = ([f"ab{c}cd" for c in SINGLE_LINE_REFUSED] + ["trailing line feed\n"] if kind == "single"
                      else [f"ab{c}cd" for c in MULTI_LINE_REFUSED])
            for value in values:
                response = getattr(client, method)(url, body_with(prop_path, value), format="json")
                errors = response.json().get("errors", []) if response.status_code == 400 else []
                if {"field": field, "code": "control_characters"} not in [
                        {"field": e["field"], "code": e["code"]} for e in errors]:
                    failures.append(f"{method.upper()} {path} {field}={value!r}: {response.status_code} {errors}")
            checked[kind] += 1
    assert not failures, "\n".join(failures)
    assert checked["single"] >= 30 and checked["multi"] >= 10, checked


def test_a_group_name_with_a_line_feed_is_a_400_naming_the_field(world):
    facilitator = world["clients"]["facilitator"]
    response = facilitator.patch("/api/v1/groups/walkers/", {"name": "Grief circle\nURL:http://evil"},
                                 format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "name", "code": "control_characters",
                                          "message": response.json()["errors"][0]["message"]}]
    assert Group.objects.get(slug="walkers").name != "Grief circle\nURL:http://evil"


def test_multi_line_text_keeps_line_breaks_and_tabs_and_stores_lf_only(world):
    facilitator = world["clients"]["facilitator"]
    text = "We listen.\r\nWe do not advise.\rWhat is said here\tstays here.\n"
    response = facilitator.patch("/api/v1/groups/walkers/", {"description": text, "agreements": text},
                                 format="json")
    assert response.status_code == 200, response.json()
    group = Group.objects.get(slug="walkers")
    assert group.description == group.agreements == "We listen.\nWe do not advise.\nWhat is said here\tstays here."


def test_text_is_a_json_string_not_a_number(world):
    response = world["clients"]["facilitator"].patch("/api/v1/groups/walkers/", {"name": 42, "description": 1.5},
                                                     format="json")
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("name", "invalid"),
                                                                            ("description", "invalid")}


def test_right_to_left_names_keep_their_direction_marks(world):
    """Marks (U+200E, U+200F, U+061C) are how right-to-left writers fix punctuation; only the
    embedding, override and isolate controls are refused."""
    member = world["clients"]["member"]
    response = member.patch("/api/v1/groups/walkers/membership/", {"display_name": "\u05e9\u05e8\u05d4\u200f!"},
                            format="json")
    assert response.status_code == 200, response.json()
    assert Membership.objects.get(pk=world["params"]["membership_id"]).display_name == "\u05e9\u05e8\u05d4\u200f!"


# --- the second write path: model validators (the admin's forms run them) ------------------------

SERVER_OWNED_TEXT = {"accounts.User.password", "accounts.User.calendar_secret", "accounts.User.time_zone",
                     "accounts.ApiToken.prefix", "accounts.ApiToken.key_digest", "groups.Group.slug",
                     "groups.Group.time_zone", "meetings.MeetingSeries.time_zone",
                     # written by the webhooks app: an encrypted secret, a random id, compact JSON, its own words
                     "webhooks.Webhook.secret_encrypted", "webhooks.WebhookMessage.message_id",
                     "webhooks.WebhookMessage.body", "webhooks.WebhookDelivery.error",
                     # written by the session engine: Django's key and data, a random id, a label it picks
                     "accounts.SignedInSession.session_key", "accounts.SignedInSession.session_data",
                     "accounts.SignedInSession.public_id", "accounts.SignedInSession.device",
                     # a closed list, checked by its own validator (settings.LANGUAGES, or blank)
                     "accounts.User.language"}


def kindred_text_fields() -> Iterator[tuple[str, models.Field]]:
    for model in apps.get_models():
        if not model.__module__.startswith("kindred."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                yield f"{model._meta.app_label}.{model.__name__}.{field.name}", field


def test_every_text_column_of_every_model_carries_the_rule():
    """The admin (or any ModelForm) runs model validators: a new text column must carry one, or be
    listed as written by the server only."""
    missing = []
    for name, field in kindred_text_fields():
        rules = [rule for rule in field.validators if rule in (validate_single_line, validate_multi_line)]
        if not rules and name not in SERVER_OWNED_TEXT:
            missing.append(name)
    assert not missing, missing


@pytest.mark.parametrize(("model", "field", "value"), [
    (Group, "name", "Circle\rURL:http://evil"), (Group, "description", "ok\x1b[31m"),
    (Occurrence, "note", "ok\x00"), (Concern, "message", "ok\u202egnp.exe"),
])
def test_model_validation_refuses_what_the_api_refuses(model, field, value):
    with pytest.raises(ValidationError) as refused:
        model._meta.get_field(field).run_validators(value)
    assert refused.value.error_list[0].code == "control_characters"

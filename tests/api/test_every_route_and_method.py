"""No method on any route is a server error.

Every route of the URLconf (found by walking the resolver, so a new route is covered the day it is
added) gets OPTIONS, HEAD, GET, POST, PUT, PATCH and DELETE with an empty JSON body, from an
anonymous caller, a member signed in with a session and a facilitator using a personal token, with
its path parameters filled from a small world (objects that exist and the caller may see) and with
unknown ones. Each request runs in a rolled-back transaction, so every one sees the same world.
Whatever the answer, it must not be a 5xx.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from kindred.accounts.models import SignedInSession
from kindred.accounts.services import api_token_create
from kindred.groups.models import Group
from kindred.moderation.models import Concern
from kindred.notifications.tokens import unsubscribe_token
from kindred.webhooks import signing
from kindred.webhooks.models import Webhook
from tests.factories import (
    FacilitatorInvitationFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    PendingMembershipFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db

METHODS = ("OPTIONS", "HEAD", "GET", "POST", "PUT", "PATCH", "DELETE")
CALLERS = ("anonymous", "member", "facilitator")
UNKNOWN_ID = "987654321"
# A path parameter <converter:name> or a regex group (?P<name>...).
PARAMETER = re.compile(r"<(?:\w+:)?(?P<route>\w+)>|\(\?P<(?P<regex>\w+)>[^)]*\)")


def _walk(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in resolver.url_patterns:
        part = str(pattern.pattern)
        route = prefix + part.removeprefix("^") if prefix else part  # as Django joins ResolverMatch.route
        if isinstance(pattern, URLResolver):
            routes += _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


ROUTES = _walk(get_resolver())


@dataclass
class World:
    values: dict[str, str]  # path parameter name -> a value naming a real object
    unknown: dict[str, str]  # path parameter name -> a value naming nothing
    session_key: str
    token_key: str

    def client(self, caller: str) -> APIClient:
        client = APIClient()
        client.raise_request_exception = False  # a 500 is an answer to report, with the others
        if caller == "member":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session_key
        elif caller == "facilitator":
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.token_key}")
        return client


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    """An open group with a facilitator (who holds a token), a member (signed in with a session,
    going to a meeting, invited to co-facilitate, named in a concern), a pending request."""
    group = GroupFactory(join_policy=Group.JoinPolicy.OPEN)
    facilitator = FacilitatorMembershipFactory(group=group).user
    membership = MembershipFactory(group=group, show_on_roster=True)
    member = membership.user
    series = MeetingSeriesFactory(group=group, capacity=8)
    occurrence = OccurrenceFactory(series=series)
    RsvpFactory(occurrence=occurrence, user=member)
    invitation = FacilitatorInvitationFactory(group=group, invitee=member, invited_by=facilitator)
    concern = Concern.objects.create(reporter=member, group=group, occurrence=occurrence,
                                     message="Someone was unkind after the meeting.")
    token, key = api_token_create(user=facilitator, name="integration", scope="read write")
    # A documentation address (192.0.2.0/24): a ping is refused at delivery, with no network needed.
    webhook = Webhook.objects.create(group=group, url="https://192.0.2.10/hooks", events=["series.created"],
                                     secret_encrypted=signing.encrypt(signing.secret_new()))
    session = APIClient()
    session.force_login(member, backend="kindred.accounts.backends.EmailBackend")
    values = {
        "slug": group.slug, "token_id": str(token.pk), "membership_id": str(membership.pk),
        "request_id": str(PendingMembershipFactory(group=group).pk), "invitation_id": str(invitation.pk),
        "series_id": str(series.pk), "occurrence_id": str(occurrence.pk), "secret": member.calendar_secret,
        "concern_id": str(concern.pk), "token": unsubscribe_token(user_id=member.pk, kind="reminders"),
        "content_type_id": str(ContentType.objects.get_for_model(Group).pk), "object_id": str(group.pk),
        "app_label": "groups", "url": "no/such/page/", "webhook_id": str(webhook.pk),
        "session_id": SignedInSession.objects.filter(user=member).values_list("public_id", flat=True).first(),
    }
    unknown = {name: UNKNOWN_ID for name in values} | {
        "slug": "no-such-group", "secret": "not-a-calendar-secret", "token": "not-a-token",
        "app_label": "groups", "url": "no/such/page/"}
    return World(values=values, unknown=unknown, session_key=session.cookies[settings.SESSION_COOKIE_NAME].value,
                 token_key=key)


def fill(route: str, values: dict[str, str]) -> str:
    """The route with each parameter replaced by its value (the test fails on a parameter it
    does not know, so a new one gets a real value here)."""
    def value(match: re.Match[str]) -> str:
        name = match.group("route") or match.group("regex")
        assert name in values, f"add a value for the path parameter {name!r} (route {route!r})"
        return values[name]

    return "/" + PARAMETER.sub(value, route).removeprefix("^").removesuffix("$")


def send(world: World, caller: str, method: str, path: str) -> tuple[int, str]:
    """One request inside a transaction that is rolled back afterwards."""
    with transaction.atomic():
        response = world.client(caller).generic(method, path, data="{}", content_type="application/json")
        transaction.set_rollback(True)
    error = ""
    if response.exc_info:
        frames = traceback.extract_tb(response.exc_info[2])
        where = next((f"{frame.filename}:{frame.lineno}" for frame in reversed(frames)
                      if "/kindred/" in frame.filename), f"{frames[-1].filename}:{frames[-1].lineno}")
        error = f"  {response.exc_info[1]!r} at {where}"
    return response.status_code, error


@pytest.mark.parametrize("route", ROUTES)
def test_no_method_on_any_route_is_a_server_error(world, route):
    failures: list[str] = []
    for path in dict.fromkeys(fill(route, values) for values in (world.values, world.unknown)):
        assert resolve(path).route == route, f"{path} does not reach {route}"
        for caller in CALLERS:
            for method in METHODS:
                status, error = send(world, caller, method, path)
                if status >= 500:
                    failures.append(f"{method} {path} as {caller}: {status}\n{error}")
    assert not failures, "\n".join(failures)


def test_the_walk_finds_the_api_the_admin_and_health():
    """Keeps the walk honest: it reaches into every include."""
    assert "api/v1/groups/<slug:slug>/series/" in ROUTES and "healthz" in ROUTES
    assert "admin/login/" in ROUTES and len(ROUTES) > 50

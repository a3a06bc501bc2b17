"""HTTP caching of API answers (docs/decisions/http-caching.md), seen from outside.

Every GET route of the schema is read anonymously, with a session and with a token, and each
answer must carry the rule's ``Cache-Control`` and ``Vary``: ``public, max-age`` only for the
public pages answered to someone without credentials, ``no-store`` for what is about one person,
``private, no-cache`` for everything else. Then the public cache's key: unknown query parameters,
the Host header and the Accept header cannot bypass it or poison what others get.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.test import APIClient

from kindred.accounts import services as accounts
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.moderation.models import Concern
from kindred.notifications.tokens import unsubscribe_token
from kindred.public.views import GroupDetailView
from kindred.webhooks import signing
from kindred.webhooks.models import Webhook
from tests.conftest import session_client
from tests.factories import (
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = {"/api/v1/groups/", "/api/v1/groups/{slug}/", "/api/v1/groups/{slug}/calendar.ics",
                "/api/v1/feeds/meeting-guide.json", "/api/v1/meta/"}
PERSONAL = ("/api/v1/me/", "/api/v1/auth/", "/api/v1/notifications/unsubscribe/")
NOT_IN_THE_SCHEMA = ["/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/", "/api/v1/no-such-thing/"]


@pytest.fixture
def world() -> dict[str, Any]:
    group = GroupFactory(slug="circle")
    facilitator = FacilitatorMembershipFactory(group=group).user
    MembershipFactory(group=group, user=UserFactory(), status=Membership.Status.PENDING)
    series = MeetingSeriesFactory(group=group)
    occurrence = OccurrenceFactory(series=series)
    RsvpFactory(occurrence=occurrence, user=facilitator, status="going")
    Concern.objects.create(group=group, reporter=facilitator, message="About the room.")
    FacilitatorInvitation.objects.create(group=GroupFactory(), invitee=facilitator)
    _token, key = accounts.api_token_create(user=facilitator, name="script", scope="read")
    webhook = Webhook.objects.create(group=group, url="https://192.0.2.10/hooks", events=["series.created"],
                                     secret_encrypted=signing.encrypt(signing.secret_new()))
    values = {"slug": group.slug, "series_id": series.pk, "occurrence_id": occurrence.pk,
              "secret": facilitator.calendar_secret, "webhook_id": webhook.pk,
              "token": unsubscribe_token(user_id=facilitator.pk, kind="reminders")}
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return {"values": values, "callers": {"anonymous": APIClient(), "session": session_client(facilitator),
                                          "token": token_client}}


def expected_cache_control(route: str, caller: str, status: int) -> str:
    if route.startswith(PERSONAL):
        return "no-store"
    if route in PUBLIC_PAGES and caller == "anonymous" and status in (200, 304):
        return "public, max-age=60"
    return "private, no-cache"


def test_every_get_route_says_how_it_may_be_cached_for_every_caller(world):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = [path for path, operations in schema["paths"].items() if "get" in operations] + NOT_IN_THE_SCHEMA
    assert len(routes) >= 25
    wrong = []
    for route in routes:
        url = route.format(**world["values"])
        for caller, client in world["callers"].items():
            for _ in range(2):  # the second anonymous read of a public page is answered from the cache
                response = client.get(url)
                want = expected_cache_control(route, caller, response.status_code)
                vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
                if response.get("Cache-Control") != want or not {"accept", "authorization", "cookie"} <= vary:
                    wrong.append(f"{caller} GET {url} -> {response.status_code} "
                                 f"Cache-Control={response.get('Cache-Control')!r} Vary={response.get('Vary')!r}")
    assert not wrong, "\n".join(wrong)


def test_a_newcomer_who_joins_sees_the_group_as_a_member_at_once(world):
    """The signed-out copy may be reused, but only by signed-out browsers (Vary: Cookie); the
    signed-in copy must be revalidated, and joining changes its ETag, so the join form cannot
    come back after joining."""
    anonymous = APIClient().get("/api/v1/groups/circle/")
    assert anonymous["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in anonymous["Vary"] and "Authorization" in anonymous["Vary"]

    newcomer = session_client(UserFactory())
    before = newcomer.get("/api/v1/groups/circle/")
    assert before.json()["my_membership"] is None
    assert before["Cache-Control"] == "private, no-cache"
    assert "Cookie" in before["Vary"]
    assert newcomer.post("/api/v1/groups/circle/membership/", {"agreed": True}, format="json").status_code == 201
    after = newcomer.get("/api/v1/groups/circle/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["my_membership"]["status"] == "active"
    assert after["Cache-Control"] == "private, no-cache"


def test_a_304_keeps_the_rule(world):
    client = session_client(UserFactory())
    first = client.get("/api/v1/groups/circle/")
    again = client.get("/api/v1/groups/circle/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Cache-Control"] == "private, no-cache"


# --- the public cache's key ---------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/v1/groups/", "/api/v1/groups/circle/", "/api/v1/groups/circle/calendar.ics",
                                 "/api/v1/feeds/meeting-guide.json"])
def test_unknown_query_parameters_cannot_bypass_the_public_cache(world, url):
    client = APIClient()
    answers = [client.get(url, {"n": n}) for n in range(1, 51)]
    assert [a.status_code for a in answers] == [200] * 50
    assert answers[0]["X-Cache"] == "miss"
    assert {a["X-Cache"] for a in answers[1:]} == {"hit"}
    assert len({a.content for a in answers}) == 1


def test_known_parameters_still_make_their_own_entries_in_any_order(world):
    client = APIClient()
    assert client.get("/api/v1/groups/?topic=grief&page_size=5")["X-Cache"] == "miss"
    assert client.get("/api/v1/groups/?page_size=5&junk=1&topic=grief&format=")["X-Cache"] == "hit"
    assert client.get("/api/v1/groups/?topic=carers&page_size=5")["X-Cache"] == "miss"


def test_the_host_header_cannot_change_the_links_others_get(world, settings):
    for _ in range(25):
        GroupFactory()
    poisoner = APIClient().get("/api/v1/groups/?n=1", HTTP_HOST="localhost")
    assert poisoner.status_code == 200
    assert poisoner.json()["next"] == "http://testserver/api/v1/groups/?page=2"
    everyone = APIClient().get("/api/v1/groups/")
    assert everyone["X-Cache"] == "hit"
    assert everyone.json()["next"] == "http://testserver/api/v1/groups/?page=2"
    signed_in = session_client(UserFactory()).get("/api/v1/groups/?page=2&n=1", HTTP_HOST="localhost")
    assert signed_in.json()["previous"] == "http://testserver/api/v1/groups/"


def test_an_html_answer_never_fills_the_json_entry(world, monkeypatch):
    """Under `make run` the browsable API answers text/html to a browser: that page must not be
    what the PWA then gets from the cache."""
    monkeypatch.setattr(GroupDetailView, "renderer_classes", [JSONRenderer, BrowsableAPIRenderer])
    client = APIClient()
    html = client.get("/api/v1/groups/circle/", HTTP_ACCEPT="text/html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    json_answer = client.get("/api/v1/groups/circle/", HTTP_ACCEPT="application/json")
    assert json_answer["Content-Type"] == "application/json"
    assert json_answer.json()["slug"] == "circle"


def test_a_client_that_refuses_json_is_not_answered_json_from_the_cache(world):
    client = APIClient()
    assert client.get("/api/v1/groups/circle/")["X-Cache"] == "miss"
    refused = client.get("/api/v1/groups/circle/", HTTP_ACCEPT="text/calendar")
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/problem+json"


def test_cursor_links_are_built_on_the_site_too(world):
    series = MeetingSeriesFactory(group__slug="weekly")
    for week in range(1, 26):
        OccurrenceFactory(series=series, starts_at=timezone.now() + dt.timedelta(days=7 * week))
    page = APIClient().get("/api/v1/groups/weekly/occurrences/", HTTP_HOST="localhost")
    assert page.status_code == 200
    assert page.json()["next"].startswith("http://testserver/api/v1/groups/weekly/occurrences/?cursor=")

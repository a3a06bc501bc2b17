"""SPEC.md section 2, read as an integrator would: every path/method in its table answers, and the
shapes in its code block accept and return exactly the field names written there.

Two tables drive this file. ``ROUTES`` is the spec's path table: one real request per method, by
the caller the "who" column names, with the status an integrator would expect. ``SHAPES`` is the
code block: the request body as written, the status, and the response keys integrators rely on.
A field the server silently ignored would still pass a status check, so the shape tests also read
each written value back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from kindred.accounts.models import ApiToken
from kindred.groups.models import Group, Membership
from kindred.meetings.models import Rsvp
from tests.conftest import client_for
from tests.factories import (
    PASSWORD,
    FacilitatorInvitationFactory,
    FacilitatorMembershipFactory,
    GroupFactory,
    MeetingSeriesFactory,
    MembershipFactory,
    OccurrenceFactory,
    PendingMembershipFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _first_in_march(weekday: int) -> dt.date:
    """The first ``weekday`` (0 = Monday) of next year's March: always ahead, and before DST in Europe."""
    first = dt.date(timezone.localdate().year + 1, 3, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7)


FIRST_TUESDAY, FIRST_SATURDAY = _first_in_march(1), _first_in_march(5)
MARCH = f"from={FIRST_TUESDAY:%Y}-03-01&to={FIRST_TUESDAY:%Y}-03-31"
TUESDAYS_IN_MARCH = len(range(FIRST_TUESDAY.day, 32, 7))


@dataclass
class World:
    """One open group with a facilitator, a member (who has said going), a pending request,
    a weekly series with one upcoming meeting, a personal token, and a signed-in outsider."""

    group: Any
    facilitator: Any
    member: Any
    outsider: Any
    pending: Any
    series: Any
    occurrence: Any
    token: Any
    invitation: Any
    webhook: Any
    ids: dict[str, Any] = field(default_factory=dict)

    def client(self, who: str) -> APIClient:
        return {"anyone": APIClient(), "user": client_for(self.outsider), "member": client_for(self.member),
                "facilitator": client_for(self.facilitator)}[who]

    def path(self, template: str) -> str:
        return template.format(slug=self.group.slug, series=self.series.pk, occurrence=self.occurrence.pk,
                               request=self.pending.pk, token=self.token.pk, secret=self.member.calendar_secret,
                               member=self.ids["member_membership"], webhook=self.webhook.pk,
                               session="ended-long-ago")


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    group = GroupFactory(join_policy=Group.JoinPolicy.OPEN)
    facilitator = FacilitatorMembershipFactory(group=group).user
    member_membership = MembershipFactory(group=group, show_on_roster=True)
    series = MeetingSeriesFactory(group=group, capacity=12)
    occurrence = OccurrenceFactory(series=series, starts_at=timezone.now() + dt.timedelta(days=3))
    RsvpFactory(occurrence=occurrence, user=member_membership.user, status=Rsvp.Status.GOING)
    token, _key = _make_token(facilitator)
    return World(group=group, facilitator=facilitator, member=member_membership.user, outsider=UserFactory(),
                 pending=PendingMembershipFactory(group=group), series=series, occurrence=occurrence,
                 token=token, invitation=FacilitatorInvitationFactory(group=group),
                 webhook=_make_webhook(group), ids={"member_membership": member_membership.pk})


def _make_webhook(group: Any) -> Any:
    """A webhook at a documentation address (192.0.2.0/24): a ping is logged as not sent, offline."""
    from kindred.webhooks import signing
    from kindred.webhooks.models import Webhook

    return Webhook.objects.create(group=group, url="https://192.0.2.10/hooks", events=["series.created"],
                                  secret_encrypted=signing.encrypt(signing.secret_new()))


def _make_token(user: Any) -> tuple[ApiToken, str]:
    from kindred.accounts.services import api_token_create

    return api_token_create(user=user, name="Intergroup site", scope="read")


# --- the path table ------------------------------------------------------------------------------

# (method, path, who, body, expected status). Paths are relative to /api/v1/ unless they start "/".
ROUTES: list[tuple[str, str, str, dict[str, Any] | None, int]] = [
    ("POST", "auth/register/", "anyone",
     {"email": "new.friend@example.org", "password": "a long passphrase", "display_name": "Kit"}, 202),
    ("POST", "auth/verify-email/", "anyone", {"token": "not-a-token"}, 400),
    ("POST", "auth/verify-email/resend/", "anyone", {"email": "new.friend@example.org"}, 202),
    ("POST", "auth/password-reset/", "anyone", {"email": "{member_email}"}, 202),
    ("POST", "auth/password-reset/confirm/", "anyone", {"token": "not-a-token", "new_password": "a new passphrase"},
     400),
    ("POST", "me/password/", "member", {"current_password": PASSWORD, "new_password": "a new long passphrase"}, 200),
    ("POST", "me/email/", "member", {"new_email": "moved@example.org", "password": PASSWORD}, 202),
    ("GET", "me/sessions/", "member", None, 200),
    ("DELETE", "me/sessions/{session}/", "member", None, 404),
    ("POST", "me/sessions/end-others/", "member", None, 200),
    ("POST", "auth/login/", "anyone", {"email": "{member_email}", "password": PASSWORD}, 200),
    ("POST", "auth/logout/", "member", None, 204),
    ("GET", "auth/tokens/", "facilitator", None, 200),
    ("POST", "auth/tokens/", "member", {"name": "My phone", "scope": "read"}, 201),
    ("POST", "auth/tokens/", "anyone", {"email": "{member_email}", "password": PASSWORD, "name": "Nightly sync"}, 201),
    ("DELETE", "auth/tokens/{token}/", "facilitator", None, 204),
    ("GET", "me/", "member", None, 200),
    ("PATCH", "me/", "member", {"display_name": "Robin"}, 200),
    ("DELETE", "me/", "member", {"password": PASSWORD}, 204),
    ("GET", "me/export/", "member", None, 200),
    ("GET", "me/memberships/", "member", None, 200),
    ("GET", "me/meetings/", "member", None, 200),
    ("GET", "groups/?q=circle&topic=grief&language=en&format=hybrid&weekday=TU&time_of_day=evening"
            "&near=51.5,-0.12&radius_km=25&accessibility=step_free&ordering=name", "anyone", None, 200),
    ("POST", "groups/", "user", {"name": "Carers' coffee", "time_zone": "Europe/London"}, 201),
    ("GET", "groups/{slug}/", "anyone", None, 200),
    ("PATCH", "groups/{slug}/", "facilitator", {"description": "Tea, biscuits and a listening ear."}, 200),
    ("DELETE", "groups/{slug}/", "facilitator", None, 204),
    ("GET", "groups/{slug}/membership/", "member", None, 200),
    ("POST", "groups/{slug}/membership/", "user", {"agreed": True}, 201),
    ("PATCH", "groups/{slug}/membership/", "member", {"show_on_roster": True}, 200),
    ("DELETE", "groups/{slug}/membership/", "member", None, 204),
    ("GET", "groups/{slug}/members/", "member", None, 200),
    ("GET", "groups/{slug}/requests/", "facilitator", None, 200),
    ("POST", "groups/{slug}/requests/{request}/approve/", "facilitator", None, 200),
    ("POST", "groups/{slug}/requests/{request}/decline/", "facilitator", None, 204),
    ("GET", "groups/{slug}/facilitators/", "member", None, 200),
    ("POST", "groups/{slug}/facilitators/", "facilitator", {"membership_id": "{member}"}, 201),
    ("GET", "groups/{slug}/series/", "anyone", None, 200),
    ("POST", "groups/{slug}/series/", "facilitator",
     {"title": "Saturday morning", "start_date": FIRST_SATURDAY.isoformat(), "start_time": "10:00",
      "duration_minutes": 60}, 201),
    ("GET", "series/{series}/", "anyone", None, 200),
    ("PATCH", "series/{series}/", "facilitator", {"title": "Tuesday evening circle"}, 200),
    ("DELETE", "series/{series}/", "facilitator", None, 204),
    ("GET", f"groups/{{slug}}/occurrences/?{MARCH}", "anyone", None, 200),
    ("GET", "occurrences/{occurrence}/", "anyone", None, 200),
    ("PATCH", "occurrences/{occurrence}/", "facilitator", {"location": "Room 2"}, 200),
    ("POST", "occurrences/{occurrence}/cancel/", "facilitator", {"note": "The hall is closed."}, 200),
    ("GET", "occurrences/{occurrence}/rsvp/", "member", None, 200),
    ("PUT", "occurrences/{occurrence}/rsvp/", "member", {"status": "maybe"}, 200),
    ("DELETE", "occurrences/{occurrence}/rsvp/", "member", None, 204),
    ("GET", "occurrences/{occurrence}/attendees/", "member", None, 200),
    ("POST", "concerns/", "member", {"group": "{slug}", "message": "Someone was unkind after the meeting."}, 201),
    ("GET", "groups/{slug}/webhooks/", "facilitator", None, 200),
    ("POST", "groups/{slug}/webhooks/", "facilitator", {"url": "https://93.184.215.14/kindred"}, 201),
    ("DELETE", "groups/{slug}/webhooks/{webhook}/", "facilitator", None, 204),
    ("POST", "groups/{slug}/webhooks/{webhook}/ping/", "facilitator", None, 202),
    ("GET", "groups/{slug}/webhooks/{webhook}/deliveries/", "facilitator", None, 200),
    ("GET", "groups/{slug}/calendar.ics", "anyone", None, 200),
    ("GET", "me/calendar/{secret}.ics", "anyone", None, 200),
    ("POST", "me/calendar/rotate/", "member", None, 200),
    ("GET", "feeds/meeting-guide.json", "anyone", None, 200),
    ("GET", "/healthz", "anyone", None, 200),
]


def _fill(value: Any, world: World) -> Any:
    """Fill ``{placeholders}`` in a body; a whole-string placeholder of an id becomes an int."""
    if isinstance(value, dict):
        return {key: _fill(item, world) for key, item in value.items()}
    if isinstance(value, str) and "{" in value:
        filled = value.replace("{member_email}", world.member.email)
        filled = world.path(filled)
        return int(filled) if filled.isdigit() else filled
    return value


def _url(path: str, world: World) -> str:
    return world.path(path) if path.startswith("/") else f"{API}/{world.path(path)}"


@pytest.mark.parametrize(("method", "path", "who", "body", "expected"), ROUTES,
                         ids=[f"{method} {path.split('?')[0]}" for method, path, *_ in ROUTES])
def test_every_path_and_method_in_the_spec_table_answers(world, method, path, who, body, expected):
    response = world.client(who).generic(
        method, _url(path, world), data=None if body is None else _json(_fill(body, world)),
        content_type="application/json")
    assert response.status_code == expected, (method, path, response.content[:500])


def test_the_table_covers_every_method_the_spec_lists():
    """Keeps ROUTES honest: each (path, method) of SPEC.md section 2's table is exercised."""
    listed = {
        "auth/register/": {"POST"}, "auth/login/": {"POST"}, "auth/logout/": {"POST"},
        "auth/verify-email/": {"POST"}, "auth/verify-email/resend/": {"POST"}, "auth/password-reset/": {"POST"},
        "auth/password-reset/confirm/": {"POST"}, "me/password/": {"POST"}, "me/email/": {"POST"},
        "me/sessions/": {"GET"}, "me/sessions/{session}/": {"DELETE"}, "me/sessions/end-others/": {"POST"},
        "auth/tokens/": {"GET", "POST"}, "auth/tokens/{token}/": {"DELETE"},
        "me/": {"GET", "PATCH", "DELETE"}, "me/export/": {"GET"}, "me/memberships/": {"GET"},
        "me/meetings/": {"GET"}, "groups/": {"GET", "POST"}, "groups/{slug}/": {"GET", "PATCH", "DELETE"},
        "groups/{slug}/membership/": {"GET", "POST", "PATCH", "DELETE"}, "groups/{slug}/members/": {"GET"},
        "groups/{slug}/requests/": {"GET"}, "groups/{slug}/requests/{request}/approve/": {"POST"},
        "groups/{slug}/requests/{request}/decline/": {"POST"}, "groups/{slug}/facilitators/": {"GET", "POST"},
        "groups/{slug}/series/": {"GET", "POST"}, "series/{series}/": {"GET", "PATCH", "DELETE"},
        "groups/{slug}/occurrences/": {"GET"}, "occurrences/{occurrence}/": {"GET", "PATCH"},
        "occurrences/{occurrence}/cancel/": {"POST"}, "occurrences/{occurrence}/rsvp/": {"GET", "PUT", "DELETE"},
        "occurrences/{occurrence}/attendees/": {"GET"}, "concerns/": {"POST"},
        "groups/{slug}/webhooks/": {"GET", "POST"}, "groups/{slug}/webhooks/{webhook}/": {"DELETE"},
        "groups/{slug}/webhooks/{webhook}/ping/": {"POST"}, "groups/{slug}/webhooks/{webhook}/deliveries/": {"GET"},
        "groups/{slug}/calendar.ics": {"GET"}, "me/calendar/{secret}.ics": {"GET"},
        "me/calendar/rotate/": {"POST"}, "feeds/meeting-guide.json": {"GET"}, "/healthz": {"GET"},
    }
    covered: dict[str, set[str]] = {}
    for method, path, *_ in ROUTES:
        covered.setdefault(path.split("?")[0], set()).add(method)
    assert covered == listed


def _json(body: Any) -> str:
    import json

    return json.dumps(body)


# --- the shapes in the code block -----------------------------------------------------------------

def _send(client: APIClient, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, data=_json(body) if body is not None else None,
                          content_type="application/json")


def test_create_group_accepts_every_written_field_and_returns_the_slug(world):
    body = {"name": "Carers' coffee morning", "description": "For people caring for someone at home.",
            "format": "in_person", "join_policy": "approval", "time_zone": "Europe/Dublin", "languages": ["en", "ga"],
            "topics": ["caregiving"], "city": "Cork", "country": "IE", "online_url": "https://meet.example.org/carers",
            "agreements": "One voice at a time. Names stay in the room."}
    client = world.client("user")
    response = _send(client, "POST", f"{API}/groups/", body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["slug"]
    for name, value in body.items():
        if name != "online_url":  # shown to members; the creator is one, so it must come back too
            assert created[name] == value, name
    assert created["online_url"] == body["online_url"]
    assert client.get(f"{API}/groups/{created['slug']}/").json()["city"] == "Cork"


@pytest.mark.parametrize(("policy", "status"), [("open", "active"), ("approval", "pending")])
def test_join_accepts_agreed_message_and_display_name(world, policy, status):
    group = GroupFactory(join_policy=policy)
    FacilitatorMembershipFactory(group=group)
    response = _send(world.client("user"), "POST", f"{API}/groups/{group.slug}/membership/",
                     {"agreed": True, "message": "A friend told me about this circle.", "display_name": "Jo"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == status and body["role"] == "member"
    membership = Membership.objects.get(group=group, user=world.outsider)
    assert membership.display_name == "Jo"
    if policy == "approval":
        assert membership.request_message == "A friend told me about this circle."


def test_join_needs_agreed(world):
    response = _send(world.client("user"), "POST", _url("groups/{slug}/membership/", world), {"agreed": False})
    assert response.status_code == 400


def test_membership_patch_accepts_show_on_roster_and_display_name(world):
    response = _send(world.client("member"), "PATCH", _url("groups/{slug}/membership/", world),
                     {"show_on_roster": True, "display_name": "R."})
    assert response.status_code == 200
    assert response.json()["show_on_roster"] is True and response.json()["display_name"] == "R."


@pytest.mark.parametrize("recurrence", [
    {"frequency": "weekly", "interval": 1, "weekdays": ["TU"], "until": f"{FIRST_TUESDAY:%Y}-06-29"},
    {"frequency": "monthly", "interval": 1, "weekdays": ["2TU"], "count": 6},
    {"frequency": "monthly", "interval": 1, "weekdays": ["-1FR"]},
])
def test_create_series_accepts_the_written_fields(world, recurrence):
    body = {"title": "Tuesday evening circle", "start_date": FIRST_TUESDAY.isoformat(), "start_time": "19:00",
            "duration_minutes": 90, "time_zone": "Europe/London", "capacity": 12, "recurrence": recurrence}
    response = _send(world.client("facilitator"), "POST", _url("groups/{slug}/series/", world), body)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["title"] == body["title"] and created["start_date"] == FIRST_TUESDAY.isoformat()
    assert created["start_time"].startswith("19:00") and created["duration_minutes"] == 90
    assert created["time_zone"] == "Europe/London" and created["capacity"] == 12
    for name, value in recurrence.items():
        assert created["recurrence"][name] == value, name


def test_occurrence_list_has_the_written_shape(world):
    series_body = {"title": "Tuesday evening circle", "start_date": FIRST_TUESDAY.isoformat(), "start_time": "19:00",
                   "duration_minutes": 90, "capacity": 12,
                   "recurrence": {"frequency": "weekly", "interval": 1, "weekdays": ["TU"]}}
    assert _send(world.client("facilitator"), "POST", _url("groups/{slug}/series/", world),
                 series_body).status_code == 201
    response = world.client("anyone").get(_url(f"groups/{{slug}}/occurrences/?{MARCH}", world))
    assert response.status_code == 200
    page = response.json()
    assert {"next", "previous", "results"} <= set(page)
    assert len(page["results"]) == TUESDAYS_IN_MARCH
    first = page["results"][0]
    assert {"id", "series", "starts_at", "ends_at", "status", "note", "going_count", "capacity"} <= set(first)
    starts_at = dt.datetime.fromisoformat(first["starts_at"])  # ISO 8601 with an offset ("Z" is +00:00)
    assert starts_at.utcoffset() is not None
    assert starts_at == dt.datetime.combine(FIRST_TUESDAY, dt.time(19), tzinfo=dt.UTC)
    assert dt.datetime.fromisoformat(first["ends_at"]) - starts_at == dt.timedelta(minutes=90)
    assert first["status"] == "scheduled" and first["capacity"] == 12 and first["going_count"] == 0


@pytest.mark.parametrize("answer", ["going", "maybe", "not_going"])
def test_rsvp_put_accepts_status_and_share_name(world, answer):
    client = world.client("member")
    response = _send(client, "PUT", _url("occurrences/{occurrence}/rsvp/", world),
                     {"status": answer, "share_name": True})
    assert response.status_code == 200
    assert response.json()["status"] == answer and "waitlist_position" in response.json()
    assert client.get(_url("occurrences/{occurrence}/rsvp/", world)).json()["share_name"] is True


def test_rsvp_beyond_capacity_reports_a_waitlist_position(world):
    world.occurrence.capacity = 1
    world.occurrence.save(update_fields=["capacity"])
    first, second = (client_for(MembershipFactory(group=world.group).user) for _ in range(2))
    assert _send(first, "PUT", _url("occurrences/{occurrence}/rsvp/", world), {"status": "going"}).json() == {
        "status": "going", "share_name": False, "waitlist_position": None}
    response = _send(second, "PUT", _url("occurrences/{occurrence}/rsvp/", world), {"status": "going"})
    assert response.status_code == 200
    assert response.json()["status"] == "waitlisted" and response.json()["waitlist_position"] == 1


def test_cancel_accepts_note(world):
    response = _send(world.client("facilitator"), "POST", _url("occurrences/{occurrence}/cancel/", world),
                     {"note": "The hall is closed for repairs; see you next week."})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["note"] == "The hall is closed for repairs; see you next week."


def _path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_me_has_the_written_fields_and_rotation_retires_the_old_calendar_url(world):
    client = world.client("member")
    me = client.get(f"{API}/me/").json()
    assert {"display_name", "email", "time_zone", "calendar_url"} <= set(me)
    old_url = me["calendar_url"]
    assert world.client("anyone").get(_path_of(old_url)).status_code == 200
    rotated = client.post(f"{API}/me/calendar/rotate/")
    assert rotated.status_code == 200
    new_url = rotated.json()["calendar_url"]
    assert new_url != old_url
    assert world.client("anyone").get(_path_of(old_url)).status_code == 404
    assert world.client("anyone").get(_path_of(new_url)).status_code == 200


@pytest.mark.parametrize("scope", ["read", "read write"])
def test_create_token_accepts_name_and_scope_and_shows_the_key_once(world, scope):
    client = world.client("member")
    response = _send(client, "POST", f"{API}/auth/tokens/", {"name": "Our intergroup site", "scope": scope})
    assert response.status_code == 201
    created = response.json()
    assert {"id", "token"} <= set(created) and created["name"] == "Our intergroup site" and created["scope"] == scope
    listed = client.get(f"{API}/auth/tokens/").json()["results"]
    assert [row["id"] for row in listed if row["id"] == created["id"]] and all("token" not in row for row in listed)
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Bearer {created['token']}")
    assert with_token.get(f"{API}/me/").status_code == 200

"""A `read` token never carries the private calendar's secret; an export by token never does
(issue 10, probe item 6).

Found: `GET /me/` and `GET /me/export/` with a `read` token gave `calendar_url` (and the export the
bare `calendar_secret`): whoever held a read-only token handed to a dashboard could follow the
person's meetings for good. The secret is a credential: a signed-in session sees it, and so does a
`read write` token (which may replace it anyway, and which integrators use to open the feed); a
`read` token gets null; an export made with any token leaves it out (an export is a file people
pass around).
"""

from __future__ import annotations

from rest_framework.test import APIClient

from kindred.accounts.services import api_token_create
from tests.conftest import session_client


def token_client(user, scope: str) -> APIClient:  # type: ignore[no-untyped-def]
    _, key = api_token_create(user=user, name="dashboard", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_read_token_sees_no_calendar_secret(user):
    client = token_client(user, "read")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["calendar_url"] is None and me.json()["calendar_secret"] is None
    assert user.calendar_secret not in me.content.decode()
    refused = client.post("/api/v1/me/calendar/rotate/")
    assert refused.status_code == 403  # a write: the read scope cannot
    user.refresh_from_db()
    assert APIClient().get(f"/api/v1/me/calendar/{user.calendar_secret}.ics").status_code == 200


def test_an_export_by_any_token_leaves_the_secret_out(user):
    for scope in ("read", "read write"):
        export = token_client(user, scope).get("/api/v1/me/export/")
        assert export.status_code == 200
        profile = export.json()["profile"]
        assert profile["calendar_secret"] is None and profile["calendar_url"] is None
        assert user.calendar_secret not in export.content.decode()


def test_a_read_write_token_sees_and_replaces_it(user):
    client = token_client(user, "read write")
    me = client.get("/api/v1/me/").json()
    assert me["calendar_secret"] == user.calendar_secret
    rotated = client.post("/api/v1/me/calendar/rotate/")
    assert rotated.status_code == 200 and rotated.json()["calendar_secret"] not in (None, user.calendar_secret)


def test_the_signed_in_person_sees_and_replaces_it(user):
    client = session_client(user)
    url = client.get("/api/v1/me/").json()["calendar_url"]
    assert url.endswith(f"/me/calendar/{user.calendar_secret}.ics")
    assert client.get("/api/v1/me/export/").json()["profile"]["calendar_secret"] == user.calendar_secret
    rotated = client.post("/api/v1/me/calendar/rotate/")
    assert rotated.status_code == 200 and rotated.json()["calendar_url"] != url


def test_signed_out_is_still_asked_to_sign_in(db):
    assert APIClient().post("/api/v1/me/calendar/rotate/").status_code == 401

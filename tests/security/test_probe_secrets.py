"""A personal token never carries the private calendar's secret (issue 10, probe item 6).

Found: `GET /me/` and `GET /me/export/` with a `read` token gave `calendar_url` (and the export the
bare `calendar_secret`): whoever held a read-only token handed to a dashboard could follow the
person's meetings for good, and `POST /me/calendar/rotate/` with a token made a fresh one. The
secret is a credential like a token, so, like tokens, only a signed-in session sees or replaces it.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kindred.accounts.services import api_token_create
from tests.conftest import session_client

SCOPES = ["read", "read write"]


def token_client(user, scope: str) -> APIClient:  # type: ignore[no-untyped-def]
    _, key = api_token_create(user=user, name="dashboard", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.mark.parametrize("scope", SCOPES)
def test_a_token_sees_no_calendar_secret_in_my_profile_or_export(user, scope):
    client = token_client(user, scope)
    me = client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["calendar_url"] is None
    export = client.get("/api/v1/me/export/")
    assert export.status_code == 200
    assert export.json()["profile"]["calendar_secret"] is None and export.json()["profile"]["calendar_url"] is None
    assert user.calendar_secret not in me.content.decode() + export.content.decode()
    if scope == "read write":
        changed = client.patch("/api/v1/me/", {"pronouns": "they/them"}, format="json")
        assert changed.status_code == 200 and changed.json()["calendar_url"] is None


@pytest.mark.parametrize("scope", SCOPES)
def test_a_token_cannot_replace_the_calendar_address(user, scope):
    before = user.calendar_secret
    response = token_client(user, scope).post("/api/v1/me/calendar/rotate/")
    assert response.status_code == 403 and response.json()["code"] == "session_required"
    user.refresh_from_db()
    assert user.calendar_secret == before
    assert APIClient().get(f"/api/v1/me/calendar/{before}.ics").status_code == 200


def test_the_signed_in_person_still_sees_and_replaces_it(user):
    client = session_client(user)
    url = client.get("/api/v1/me/").json()["calendar_url"]
    assert url.endswith(f"/me/calendar/{user.calendar_secret}.ics")
    assert client.get("/api/v1/me/export/").json()["profile"]["calendar_secret"] == user.calendar_secret
    rotated = client.post("/api/v1/me/calendar/rotate/")
    assert rotated.status_code == 200 and rotated.json()["calendar_url"] != url


def test_signed_out_is_still_asked_to_sign_in(db):
    assert APIClient().post("/api/v1/me/calendar/rotate/").status_code == 401

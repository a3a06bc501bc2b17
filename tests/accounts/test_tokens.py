"""Personal tokens are managed from a signed-in session only: a token cannot create, list or
revoke tokens, so a stolen token cannot make others that outlive its own revocation."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from kindred.accounts.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TOKENS = "/api/v1/auth/tokens/"


@pytest.fixture
def session(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    assert client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD},
                       format="json").status_code == 200
    return client


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def assert_session_required(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "session_required"
    assert "session" in response.json()["detail"]


def test_a_session_creates_lists_and_revokes_tokens(session):
    created = session.post(TOKENS, {"name": "script", "scope": "read write"}, format="json")
    assert created.status_code == 201
    assert [token["name"] for token in session.get(TOKENS).json()["results"]] == ["script"]
    assert session.delete(f"{TOKENS}{created.json()['id']}/").status_code == 204
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("scheme", ["Bearer", "Token"])
def test_a_token_cannot_create_list_or_revoke_tokens(session, scheme):
    created = session.post(TOKENS, {"name": "stolen", "scope": "read write"}, format="json").json()
    other = session.post(TOKENS, {"name": "other", "scope": "read"}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {created['token']}")
    assert client.get("/api/v1/me/").status_code == 200  # the token itself works

    assert_session_required(client.post(TOKENS, {"name": "spare", "scope": "read write"}, format="json"))
    assert_session_required(client.get(TOKENS))
    assert_session_required(client.delete(f"{TOKENS}{other['id']}/"))
    assert_session_required(client.delete(f"{TOKENS}{created['id']}/"))
    assert sorted(ApiToken.objects.values_list("name", flat=True)) == ["other", "stolen"]


def test_revoking_a_stolen_token_leaves_nothing_behind(session):
    """The attack: a stolen token minted a spare, which still worked after the stolen one was revoked."""
    stolen = session.post(TOKENS, {"name": "phone", "scope": "read write"}, format="json").json()
    spare = bearer(stolen["token"]).post(TOKENS, {"name": "spare", "scope": "read write"}, format="json")
    assert spare.status_code == 403 and "token" not in spare.json()
    assert session.delete(f"{TOKENS}{stolen['id']}/").status_code == 204
    assert bearer(stolen["token"]).get("/api/v1/me/").status_code == 401
    assert not ApiToken.objects.exists()


def test_anonymous_callers_are_asked_to_sign_in(api_client, user):
    token = ApiToken.objects.create(user=user, name="x", scope="read", prefix="kdr_x", key_digest="0" * 64)
    for response in (api_client.get(TOKENS), api_client.post(TOKENS, {"name": "x"}, format="json"),
                     api_client.delete(f"{TOKENS}{token.pk}/")):
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_token_sent_beside_a_session_is_still_a_token_request(session):
    """Token authentication comes first, so a request carrying a token is judged as a token's."""
    key = session.post(TOKENS, {"name": "first"}, format="json").json()["token"]
    session.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert_session_required(session.get(TOKENS))


# --- a script's first token, with no session (issue 13's exchange) -------------------------------------

def test_a_script_exchanges_email_and_password_for_a_token_shown_once(api_client, user):
    created = api_client.post(TOKENS, {"email": user.email.upper(), "password": PASSWORD, "name": "Nightly sync",
                                       "scope": "read"}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "Nightly sync" and body["scope"] == "read" and body["token"].startswith("kdr_")
    assert "sessionid" not in created.cookies  # no session was started
    assert bearer(body["token"]).get("/api/v1/me/").json()["email"] == user.email
    assert bearer(body["token"]).get(TOKENS).status_code == 403  # and it still cannot manage tokens


def test_the_exchange_refuses_wrong_passwords_and_counts_them_towards_the_lockout(api_client, user, settings):
    answers = [api_client.post(TOKENS, {"email": user.email, "password": "not it at all", "name": "x"},
                               format="json") for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers[0].status_code == 400 and answers[0].json()["code"] == "invalid_credentials"
    assert answers[-1].status_code == 429
    locked = api_client.post(TOKENS, {"email": user.email, "password": PASSWORD, "name": "x"}, format="json")
    assert locked.status_code == 429 and not ApiToken.objects.exists()


def test_the_exchange_refuses_an_unconfirmed_account_like_sign_in(api_client, user):
    user.email_confirmed_at = None
    user.save()
    refused = api_client.post(TOKENS, {"email": user.email, "password": PASSWORD, "name": "x"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "email_not_confirmed"
    assert not ApiToken.objects.exists()


def test_the_exchange_needs_a_name_and_a_known_scope(api_client, user):
    answer = api_client.post(TOKENS, {"email": user.email, "password": PASSWORD, "scope": "admin"}, format="json")
    assert answer.status_code == 400
    assert {error["field"] for error in answer.json()["errors"]} == {"name", "scope"}

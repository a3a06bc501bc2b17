"""Registration, sign-in with lockout, tokens and the profile."""

from __future__ import annotations

import pytest

from kindred.accounts.models import ApiToken, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_register_creates_an_unconfirmed_account_that_is_not_signed_in(api_client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = api_client.post("/api/v1/auth/register/", {
        "email": "New@Example.org", "password": "a long passphrase here", "display_name": "River",
        "time_zone": "America/New_York"}, format="json")
    assert response.status_code == 202, response.content
    assert set(response.json()) == {"detail"}
    created = User.objects.get(email="new@example.org")
    assert created.password.startswith("argon2") and created.email_confirmed_at is None
    assert created.time_zone == "America/New_York"
    assert api_client.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(("field", "value", "code"), [
    ("password", "short", "password_too_short"),
    ("password", "1234567890123", "password_entirely_numeric"),
    ("time_zone", "Mars/Olympus", "invalid_time_zone"),
    ("email", "not-an-email", "invalid"),
    ("display_name", "x" * 81, "max_length"),
])
def test_register_rejects_bad_input_naming_the_field(api_client, field, value, code):
    body = {"email": "a@example.org", "password": "a long passphrase here", "display_name": "A", field: value}
    response = api_client.post("/api/v1/auth/register/", body, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]} for e in errors]
    assert not User.objects.exists()


def test_register_with_an_existing_email_answers_as_for_a_new_one(api_client, user):
    """No 409 ``email_taken``: a stranger must not learn that an address has an account."""
    taken = api_client.post("/api/v1/auth/register/", {
        "email": user.email.upper(), "password": "a long passphrase here", "display_name": "X"}, format="json")
    new = api_client.post("/api/v1/auth/register/", {
        "email": "fresh@example.org", "password": "a long passphrase here", "display_name": "X"}, format="json")
    assert (taken.status_code, taken.json()) == (new.status_code, new.json()) == (202, new.json())
    user.refresh_from_db()
    assert user.display_name != "X" and user.check_password(PASSWORD)


def test_login_and_logout(api_client, user):
    response = api_client.post("/api/v1/auth/login/", {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    assert api_client.get("/api/v1/me/").status_code == 200
    assert api_client.post("/api/v1/auth/logout/").status_code == 204
    assert api_client.get("/api/v1/me/").status_code == 401


def test_failed_logins_lock_the_account_without_revealing_it_exists(api_client, settings):
    known = UserFactory()
    for email in (known.email, "nobody@example.org"):
        statuses = [api_client.post("/api/v1/auth/login/", {"email": email, "password": "wrong password!"},
                                    format="json").status_code for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
        assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429, 429]
    locked = api_client.post("/api/v1/auth/login/", {"email": known.email, "password": PASSWORD}, format="json")
    assert locked.status_code == 429
    # the API's error format, saying when to retry (it was Django-axes' HTML page)
    assert locked["Content-Type"] == "application/problem+json" and locked.json()["code"] == "locked_out"
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600


def test_token_is_shown_once_stored_hashed_and_scoped(user_client, api_client, user):
    created = user_client.post("/api/v1/auth/tokens/", {"name": "site", "scope": "read"}, format="json")
    assert created.status_code == 201
    key = created.json()["token"]
    token = ApiToken.objects.get()
    assert key not in (token.key_digest, token.prefix)
    assert "token" not in user_client.get("/api/v1/auth/tokens/").json()["results"][0]
    for scheme in ("Bearer", "Token"):
        api_client.credentials(HTTP_AUTHORIZATION=f"{scheme} {key}")
        assert api_client.get("/api/v1/me/").json()["email"] == user.email
    read_only_write = api_client.patch("/api/v1/me/", {"display_name": "X"}, format="json")
    assert read_only_write.status_code == 403
    assert user_client.delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 204
    assert api_client.get("/api/v1/me/").status_code == 401


def test_profile_patch_validates_time_zone_and_ignores_unknown_fields(user_client, user):
    response = user_client.patch("/api/v1/me/", {"time_zone": "Asia/Kolkata", "is_staff": True,
                                                 "email": "evil@example.org"}, format="json")
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.time_zone, user.is_staff, user.email.startswith("person")) == ("Asia/Kolkata", False, True)
    bad = user_client.patch("/api/v1/me/", {"time_zone": "Nowhere/Land"}, format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "time_zone"


def test_rotating_calendar_secret_changes_calendar_url(user_client):
    before = user_client.get("/api/v1/me/").json()["calendar_url"]
    after = user_client.post("/api/v1/me/calendar/rotate/").json()["calendar_url"]
    assert before != after and after.endswith(".ics")

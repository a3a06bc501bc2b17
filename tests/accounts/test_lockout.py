"""One lockout per account, whichever door the guesses come through: the API's sign-in in any
letter case, the Django admin's sign-in form, and the password that confirms erasing the account."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from kindred.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
WRONG = "not the password at all"


def api_login(client: APIClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


def admin_login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def assert_locked(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "locked_out" and int(response["Retry-After"]) > 0


# --- the same account in any letter case ---------------------------------------------------------

def test_failures_in_different_cases_count_against_one_account(api_client, settings):
    person = UserFactory(email="member@example.org")
    variants = ["Member@example.org", "MEMBER@EXAMPLE.ORG", " member@Example.org ", "member@example.org",
                "mEmBeR@example.ORG"]
    assert len(variants) == settings.AXES_FAILURE_LIMIT
    statuses = [api_login(api_client, email, WRONG).status_code for email in variants]
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    for email in (*variants, "MeMbEr@ExAmPlE.oRg"):
        assert_locked(api_login(api_client, email, WRONG))
    # The right password, in yet another case, does not get in while the account is locked.
    assert_locked(api_login(api_client, "MEMBER@example.org", PASSWORD))
    assert person.email == "member@example.org"


def test_a_success_resets_the_one_counter(api_client, settings):
    UserFactory(email="member@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api_login(api_client, "MEMBER@example.org", WRONG).status_code == 400
    assert api_login(api_client, "Member@Example.org", PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api_login(APIClient(), "member@EXAMPLE.org", WRONG).status_code == 400


# --- the Django admin's sign-in --------------------------------------------------------------------

@pytest.fixture
def staff(db) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)


def test_the_admin_sign_in_locks_the_account_like_the_api(staff, settings):
    client = Client()
    assert admin_login(client, "staff@example.org", PASSWORD).status_code == 302  # it works
    client = Client()
    statuses = [admin_login(client, "Staff@Example.org", WRONG).status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form again, then locked
    assert_locked(admin_login(client, "staff@example.org", PASSWORD))
    assert client.get("/admin/").status_code == 302  # not signed in
    # The same counter as the API's: the account is locked there too.
    assert_locked(api_login(APIClient(), "staff@example.org", PASSWORD))


def test_admin_and_api_failures_add_up(staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        assert api_login(APIClient(), "staff@example.org", WRONG).status_code == 400
    assert admin_login(Client(), "STAFF@example.org", WRONG).status_code == 200
    assert_locked(admin_login(Client(), "staff@example.org", WRONG))
    assert_locked(admin_login(Client(), "staff@example.org", PASSWORD))


def test_admin_sign_in_is_throttled_per_ip_like_the_api(staff, monkeypatch):
    rates = {"anon": "100/min", "user": "100/min", "auth": "3/min", "join": "100/min", "rsvp": "100/min",
             "concern": "100/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    client = Client()
    # Different accounts (no lockout), one address: the per-IP budget is shared with the API's sign-in.
    assert api_login(APIClient(), "someone@example.org", WRONG).status_code == 400
    assert admin_login(client, "a@example.org", WRONG).status_code == 200
    assert admin_login(client, "b@example.org", WRONG).status_code == 200
    throttled = admin_login(client, "staff@example.org", PASSWORD)
    assert throttled.status_code == 429 and throttled["Content-Type"] == "application/problem+json"
    assert throttled.json()["code"] == "throttled" and int(throttled["Retry-After"]) > 0
    assert admin_login(client, "staff@example.org", PASSWORD).status_code == 429
    assert client.get("/admin/login/").status_code == 200  # only attempts are counted
    assert admin_login(Client(REMOTE_ADDR="203.0.113.9"), "staff@example.org", PASSWORD).status_code == 302


# --- confirming the erasure of an account ---------------------------------------------------------

def signed_in(user: User) -> APIClient:
    client = APIClient()
    assert api_login(client, user.email, PASSWORD).status_code == 200
    return client


def test_wrong_erase_confirmations_lock_the_account_like_failed_sign_ins(settings):
    """A stolen session could guess the password at DELETE /me/ without limit."""
    person = UserFactory()
    client = signed_in(person)
    statuses = [client.delete("/api/v1/me/", {"password": WRONG}, format="json").status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert_locked(client.delete("/api/v1/me/", {"password": PASSWORD}, format="json"))
    assert User.objects.filter(pk=person.pk).exists()
    assert_locked(api_login(APIClient(), person.email, PASSWORD))  # signing in is locked too


def test_erase_confirmations_and_sign_ins_share_the_counter(settings):
    person = UserFactory()
    client = signed_in(person)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert api_login(APIClient(), person.email.upper(), WRONG).status_code == 400
    assert_locked(client.delete("/api/v1/me/", {"password": WRONG}, format="json"))
    assert User.objects.filter(pk=person.pk).exists()


def test_the_right_password_still_erases(settings):
    person = UserFactory()
    client = signed_in(person)
    assert client.delete("/api/v1/me/", {"password": WRONG}, format="json").status_code == 400
    assert client.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    assert not User.objects.filter(pk=person.pk).exists()

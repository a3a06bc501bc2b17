"""A stranger cannot lock someone out from everywhere (issue 10, probe item 3).

Found: the lockout counted per account only, so five wrong passwords sent from anywhere locked the
account's owner out of every device for the cool-off, again and again. Now five failures lock the
account for the address they came from; only LOGIN_ACCOUNT_FAILURE_LIMIT (30) failures from all
addresses together lock it everywhere. The API's sign-in, the admin's and the password that confirms
an erasure all count.
"""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from kindred.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
WRONG = "not the password at all"
ATTACKER, OWNER = "198.51.100.7", "203.0.113.20"


def api_login(client: APIClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


def admin_login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def assert_locked(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 429, response.content[:300]
    assert response.json()["code"] == "locked_out" and int(response["Retry-After"]) > 0


def test_guessing_from_one_address_does_not_lock_the_owner_out_elsewhere(settings):
    person = UserFactory(email="member@example.org")
    attacker = APIClient(REMOTE_ADDR=ATTACKER)
    statuses = [api_login(attacker, "MEMBER@example.org", WRONG).status_code
                for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert_locked(api_login(attacker, "member@example.org", PASSWORD))  # still locked where the guesses came from
    assert api_login(APIClient(REMOTE_ADDR=OWNER), "member@example.org", PASSWORD).status_code == 200
    assert person.email == "member@example.org"


def test_the_admin_sign_in_locks_per_address_too(settings):
    UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(attacker, "staff@example.org", WRONG).status_code == 200
    assert_locked(admin_login(attacker, "Staff@example.org", WRONG))
    assert_locked(api_login(APIClient(REMOTE_ADDR=ATTACKER), "staff@example.org", PASSWORD))  # one counter
    assert admin_login(Client(REMOTE_ADDR=OWNER), "staff@example.org", PASSWORD).status_code == 302


def test_wrong_erase_confirmations_lock_that_address(settings):
    person = UserFactory()
    stolen = APIClient(REMOTE_ADDR=ATTACKER)
    assert api_login(stolen, person.email, PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert stolen.delete("/api/v1/me/", {"password": WRONG}, format="json").status_code == 400
    assert_locked(stolen.delete("/api/v1/me/", {"password": WRONG}, format="json"))
    assert_locked(stolen.delete("/api/v1/me/", {"password": PASSWORD}, format="json"))
    assert User.objects.filter(pk=person.pk).exists()
    assert api_login(APIClient(REMOTE_ADDR=OWNER), person.email, PASSWORD).status_code == 200


def test_guesses_spread_over_many_addresses_lock_the_account_everywhere(settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 12
    UserFactory(email="member@example.org")
    addresses = [f"192.0.2.{number}" for number in range(1, 4)]  # 3 addresses x 4 guesses: none locked alone
    for address in addresses:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            response = api_login(APIClient(REMOTE_ADDR=address), "member@example.org", WRONG)
            assert response.status_code in (400, 429)
    assert_locked(api_login(APIClient(REMOTE_ADDR=OWNER), "member@example.org", PASSWORD))


def test_the_default_ceiling_is_higher_than_the_per_address_limit(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.LOGIN_ACCOUNT_FAILURE_LIMIT == 30 > settings.AXES_FAILURE_LIMIT == 5

"""The account flows as the second outside probe attacked them over HTTP (helper P, issue 10 follow-up).

Found, each written here the way it was found:
- ``POST /me/email/`` answered 202 either way, but ``GET /me/`` then showed ``pending_email`` only
  when the new address had no account, and the mover's own mailbox got the "your address is
  changing" notice only then: any signed-in person could tell who has an account.
- Pre-account takeover: someone registers a stranger's address with a password of their own; when
  the stranger registers later, the confirmation they are sent confirms the *first* password, and
  its author signs in to the stranger's account (and may keep a personal token through a reset).
- After an address change, django-axes' sign-in records stayed under the old address: in no export,
  and left in the database by erasure.
"""

from __future__ import annotations

from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core import mail
from django.core.cache import cache
from rest_framework.test import APIClient

from kindred.accounts.models import User
from tests.conftest import session_client, token_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"


def sign_in(email: str, password: str) -> Any:
    return APIClient().post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


# --- /me/email/ tells nobody whether an address has an account ----------------------------------------

def what_the_mover_sees(call: Any, mover: User, new_email: str) -> tuple[Any, Any, list[str]]:
    mail.outbox.clear()
    cache.clear()  # the email cooldowns: each attempt as if made a minute apart
    client = session_client(mover)
    answer = call(client, "post", "me/email/", {"new_email": new_email, "password": PASSWORD})
    profile = client.get("/api/v1/me/").json()
    own_mail = [message.subject for message in mail.outbox if message.to == [mover.email]]
    return (answer.status_code, answer.json()), profile["pending_email"] == new_email, own_mail


def test_moving_to_a_taken_address_looks_the_same_to_the_mover(call):
    UserFactory(email="taken@example.org")
    mover = UserFactory()
    taken = what_the_mover_sees(call, mover, "taken@example.org")
    free = what_the_mover_sees(call, mover, "free@example.org")
    assert taken == free
    assert taken[1] is True and taken[2] == ["Your Kindred email address is changing"]


def test_the_owner_of_a_taken_address_is_told_and_no_link_is_made_for_it(call):
    owner, mover = UserFactory(email="taken@example.org"), UserFactory()
    call(session_client(mover), "post", "me/email/", {"new_email": "taken@example.org", "password": PASSWORD})
    to_owner = [message for message in mail.outbox if message.to == [owner.email]]
    assert [message.subject for message in to_owner] == ["Someone tried to register with your address"]
    assert not any("token=" in message.body for message in mail.outbox)
    mover.refresh_from_db()
    assert mover.email != "taken@example.org"  # nothing moved


# --- registering a stranger's address first takes nothing over ---------------------------------------

def test_registering_an_address_first_does_not_let_its_password_in_later(call, settings):
    settings.ACCOUNT_EMAIL_COOLDOWN_SECONDS = 0
    attacker, victim = APIClient(), APIClient()
    body = {"email": VICTIM, "display_name": "x"}
    assert call(attacker, "post", "auth/register/", {**body, "password": "the attacker's own pass"}).status_code == 202
    first_link = token_in(mail.outbox[-1], "confirm")

    mail.outbox.clear()
    again = call(victim, "post", "auth/register/", {**body, "password": "the victim's own pass"})
    assert again.status_code == 202
    [letter] = mail.outbox
    assert letter.to == [VICTIM] and letter.subject == "Choose a new Kindred password"

    # The link the first registration sent no longer confirms anything...
    assert call(victim, "post", "auth/verify-email/", {"token": first_link}).json()["code"] == "token_invalid"
    # ...the mailbox chooses the password, which confirms the address...
    chosen = call(victim, "post", "auth/password-reset/confirm/",
                  {"token": token_in(letter, "reset"), "new_password": "the mailbox's own choice"})
    assert chosen.status_code == 200, chosen.content
    assert sign_in(VICTIM, "the mailbox's own choice").status_code == 200
    # ...and neither earlier password opens the account.
    assert sign_in(VICTIM, "the attacker's own pass").status_code == 400
    assert sign_in(VICTIM, "the victim's own pass").status_code == 400


def test_send_it_again_after_a_second_registration_sends_the_password_link(call, settings):
    settings.ACCOUNT_EMAIL_COOLDOWN_SECONDS = 0
    body = {"email": VICTIM, "display_name": "x", "password": "some password here"}
    call(APIClient(), "post", "auth/register/", body)
    call(APIClient(), "post", "auth/register/", body)
    mail.outbox.clear()
    call(APIClient(), "post", "auth/verify-email/resend/", {"email": VICTIM})
    assert [message.subject for message in mail.outbox] == ["Choose a new Kindred password"]


def test_registering_once_still_confirms_with_its_own_password(call):
    call(APIClient(), "post", "auth/register/", {"email": VICTIM, "display_name": "x", "password": "only once pass"})
    confirmed = call(APIClient(), "post", "auth/verify-email/", {"token": token_in(mail.outbox[-1], "confirm")})
    assert confirmed.status_code == 200
    assert sign_in(VICTIM, "only once pass").status_code == 200


# --- sign-in records follow the account to its new address --------------------------------------------

def test_sign_in_records_move_with_the_address_into_the_export_and_out_with_erasure(call):
    person = UserFactory(email="old.home@example.org")
    assert sign_in("old.home@example.org", PASSWORD).status_code == 200
    assert sign_in("old.home@example.org", "not the password").status_code == 400
    client = session_client(person)
    call(client, "post", "me/email/", {"new_email": "new.home@example.org", "password": PASSWORD})
    link = next(message for message in mail.outbox if message.to == ["new.home@example.org"])
    confirmed = call(APIClient(), "post", "auth/verify-email/", {"token": token_in(link, "confirm-email")})
    assert confirmed.status_code == 200

    client = APIClient()
    assert client.post("/api/v1/auth/login/", {"email": "new.home@example.org", "password": PASSWORD},
                       format="json").status_code == 200
    records = client.get("/api/v1/me/export/").json()["login_records"]
    # Under the old address: the sign-in above and the test client's session; under the new one: this one.
    assert len(records["sign_ins"]) == 3
    assert not AccessAttempt.objects.filter(username="old.home@example.org").exists()  # no longer this account's

    assert client.delete("/api/v1/me/", {"password": PASSWORD}, format="json").status_code == 204
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username__in=["old.home@example.org", "new.home@example.org"]).exists()


# --- the answer is sent before anything an address leads to is done -----------------------------------

@pytest.fixture(autouse=True)
def _keep_the_test_connection():  # type: ignore[no-untyped-def]
    """As Django's test client does: the request signals must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def unsent_answer(path: str, body: dict[str, Any]) -> Any:
    """The response as a WSGI server holds it once the view has answered: the body is ready to send,
    and ``close()`` (which the server calls after sending it) has not run yet."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    environ = RequestFactory().post(path, body, content_type="application/json").environ
    return WSGIHandler()(environ, lambda status, headers: None)


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/auth/password-reset/", {"email": "known@example.org"}),
    ("/api/v1/auth/verify-email/resend/", {"email": "known@example.org"}),
])
def test_what_a_known_address_leads_to_happens_after_the_answer(path, body, django_capture_on_commit_callbacks):
    # Found: a reset for a known address answered ~10 ms later than for an unknown one (its email queued).
    from django.db import connection

    UserFactory(email="known@example.org", email_confirmed_at=None)  # for the resend; a reset takes either
    with django_capture_on_commit_callbacks(execute=True):
        waiting = len(connection.run_on_commit)
        response = unsent_answer(path, body)
        assert response.status_code == 202 and b"detail" in response.content
        assert len(connection.run_on_commit) == waiting  # no email queued yet: nothing done about the address
        response.close()  # the server has sent the answer
        assert len(connection.run_on_commit) == waiting + 1
    assert [message.to for message in mail.outbox] == [["known@example.org"]]


def test_a_registration_is_made_after_the_answer_but_a_refused_password_is_said_at_once(
        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = unsent_answer("/api/v1/auth/register/", {"email": VICTIM, "password": "x", "display_name": "V"})
        assert response.status_code == 400 and "password" in response.content.decode()
        response.close()
        response = unsent_answer("/api/v1/auth/register/",
                                 {"email": VICTIM, "password": "a long enough password", "display_name": "V"})
        assert response.status_code == 202 and not User.objects.filter(email=VICTIM).exists()
        response.close()
    assert User.objects.filter(email=VICTIM).exists()
    assert [message.to for message in mail.outbox] == [[VICTIM]]

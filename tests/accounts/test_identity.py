"""The account's lifecycle over HTTP, mail read from Django's outbox (issue 11): registering without
telling who is here, confirming the address, resetting and changing the password, moving to a new
address, and the calm answers to wrong, reused and expired links."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from kindred.accounts.models import ApiToken, SignedInSession, User
from tests.conftest import session_client, token_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new quiet river"


def register(call: Any, client: APIClient, email: str = "kit@example.org") -> Any:
    return call(client, "post", "auth/register/",
                {"email": email, "password": PASSWORD, "display_name": "Kit", "time_zone": "Europe/London"})


def sign_in(client: APIClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


# --- registering and confirming ---------------------------------------------------------------------

def test_a_new_account_confirms_its_address_then_signs_in(call, api_client):
    assert register(call, api_client).status_code == 202
    [letter] = mail.outbox
    assert letter.to == ["kit@example.org"] and letter.subject == "Confirm your email address for Kindred"

    refused = sign_in(api_client, "kit@example.org")
    assert refused.status_code == 403 and refused.json()["code"] == "email_not_confirmed"
    assert api_client.get("/api/v1/me/").status_code == 401

    confirmed = call(api_client, "post", "auth/verify-email/", {"token": token_in(letter, "confirm")})
    assert confirmed.status_code == 200, confirmed.content
    assert sign_in(api_client, "kit@example.org").status_code == 200
    assert api_client.get("/api/v1/me/").json()["display_name"] == "Kit"


def test_unconfirmed_is_said_only_to_someone_with_the_right_password(call, api_client):
    register(call, api_client)
    wrong = sign_in(api_client, "kit@example.org", "not the password at all")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_credentials"


def test_registering_a_known_address_tells_its_owner_and_changes_nothing(call, api_client, user):
    before = (user.password, user.display_name)
    answer = register(call, api_client, email=f"  {user.email.upper()} ")
    assert answer.status_code == 202
    assert answer.json() == register(call, APIClient(), email="someone.new@example.org").json()
    owner_letter = next(message for message in mail.outbox if message.to == [user.email])
    assert owner_letter.subject == "Someone tried to register with your address"
    assert "http://testserver/#/forgot" in owner_letter.body and "token=" not in owner_letter.body
    user.refresh_from_db()
    assert (user.password, user.display_name) == before
    assert User.objects.filter(email=user.email).count() == 1


def test_registering_an_unconfirmed_address_again_sends_a_link_to_choose_the_password(call, api_client, settings):
    # Not the confirmation again: it would confirm the first registrant's password, who may not own
    # the mailbox (tests/security/test_probe_identity.py, a pre-account takeover).
    settings.ACCOUNT_EMAIL_COOLDOWN_SECONDS = 0
    register(call, api_client)
    register(call, api_client)
    assert [message.subject for message in mail.outbox] == ["Confirm your email address for Kindred",
                                                            "Choose a new Kindred password"]
    assert User.objects.filter(email="kit@example.org").count() == 1


def test_send_it_again_is_quiet_for_unknown_and_limited_per_address(call, api_client):
    register(call, api_client)
    mail.outbox.clear()
    resend = call(api_client, "post", "auth/verify-email/resend/", {"email": "kit@example.org"})
    assert resend.status_code == 202
    assert mail.outbox == []  # the first email went less than a minute ago
    unknown = call(api_client, "post", "auth/verify-email/resend/", {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown.json()) == (202, resend.json())
    from django.core.cache import cache

    cache.clear()  # as if the minute had passed
    call(api_client, "post", "auth/verify-email/resend/", {"email": "kit@example.org"})
    assert [message.to for message in mail.outbox] == [["kit@example.org"]]


def test_a_confirmation_link_works_once(call, api_client):
    register(call, api_client)
    token = token_in(mail.outbox[0], "confirm")
    assert call(api_client, "post", "auth/verify-email/", {"token": token}).status_code == 200
    again = call(api_client, "post", "auth/verify-email/", {"token": token})
    assert again.status_code == 400
    body = again.json()
    assert body["code"] == "token_invalid" and "ask for a new one" in body["detail"]
    assert again["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("token", ["", "nonsense", "a" * 601, "eyJ1Ijo3fQ:1u2v3w:forged-signature"])
def test_made_up_tokens_are_calm_400s(call, api_client, token):
    answer = call(api_client, "post", "auth/verify-email/", {"token": token})
    assert answer.status_code == 400 and answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["code"] == "token_invalid" or body["errors"][0]["code"] in {"blank", "max_length"}
    assert body["errors"][0]["field"] == "token"


def test_a_reset_token_does_not_confirm_as_an_email_token(call, api_client, user):
    call(api_client, "post", "auth/password-reset/", {"email": user.email})
    token = token_in(mail.outbox[0], "reset")
    assert call(api_client, "post", "auth/verify-email/", {"token": token}).json()["code"] == "token_invalid"


def test_demo_and_command_line_accounts_are_confirmed():
    made = User.objects.create_user("demo@example.org", PASSWORD, display_name="Demo")
    assert made.email_confirmed


def test_addresses_are_normalised_so_look_alike_forms_are_one_account(call, api_client):
    register(call, api_client, email="ｋｉｔ@Example.org")  # full-width letters
    assert User.objects.get().email == "kit@example.org"
    register(call, api_client, email="KIT@example.org ")
    assert User.objects.count() == 1


# --- password reset ----------------------------------------------------------------------------------

def test_password_reset_sets_the_password_once_and_ends_every_session(call, api_client, user):
    phone, laptop = session_client(user), session_client(user)
    ApiToken.objects.create(user=user, name="script", scope="read", prefix="kdr_x", key_digest="1" * 64)
    for _ in range(3):
        sign_in(api_client, user.email, "a wrong password!")
    asked = call(api_client, "post", "auth/password-reset/", {"email": user.email.upper()})
    assert asked.status_code == 202
    [letter] = mail.outbox
    assert letter.subject == "Choose a new Kindred password" and letter.to == [user.email]
    token = token_in(letter, "reset")

    done = call(api_client, "post", "auth/password-reset/confirm/", {"token": token, "new_password": NEW_PASSWORD})
    assert done.status_code == 200, done.content
    assert phone.get("/api/v1/me/").status_code == 401 and laptop.get("/api/v1/me/").status_code == 401
    assert ApiToken.objects.filter(user=user).exists()  # tokens stay unless chosen
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert sign_in(api_client, user.email, NEW_PASSWORD).status_code == 200
    reused = call(api_client, "post", "auth/password-reset/confirm/",
                  {"token": token, "new_password": "x" + NEW_PASSWORD})
    assert reused.status_code == 400 and reused.json()["code"] == "token_invalid"
    assert mail.outbox[-1].subject == "Your Kindred password was changed"


def test_password_reset_can_end_the_api_tokens_too(call, api_client, user):
    ApiToken.objects.create(user=user, name="script", scope="read", prefix="kdr_x", key_digest="1" * 64)
    call(api_client, "post", "auth/password-reset/", {"email": user.email})
    call(api_client, "post", "auth/password-reset/confirm/",
         {"token": token_in(mail.outbox[0], "reset"), "new_password": NEW_PASSWORD, "end_api_tokens": True})
    assert not ApiToken.objects.filter(user=user).exists()


def test_password_reset_answers_the_same_for_unknown_addresses(call, api_client, user):
    known = call(api_client, "post", "auth/password-reset/", {"email": user.email})
    unknown = call(api_client, "post", "auth/password-reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json()) == (202, known.json())
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_a_reset_link_expires_after_an_hour(call, api_client, user, monkeypatch):
    call(api_client, "post", "auth/password-reset/", {"email": user.email})
    token = token_in(mail.outbox[0], "reset")
    later = time.time() + dt.timedelta(minutes=61).total_seconds()
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)  # the clock signed links are read by
    late = call(api_client, "post", "auth/password-reset/confirm/", {"token": token, "new_password": NEW_PASSWORD})
    monkeypatch.undo()
    assert late.status_code == 400 and late.json()["code"] == "token_expired"
    assert "expired" in late.json()["detail"]


def test_a_reset_link_is_void_once_the_password_changed_another_way(call, api_client, user):
    call(api_client, "post", "auth/password-reset/", {"email": user.email})
    token = token_in(mail.outbox[0], "reset")
    client = session_client(user)
    changed = call(client, "post", "me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200
    late = call(api_client, "post", "auth/password-reset/confirm/",
                {"token": token, "new_password": "another long one"})
    assert late.json()["code"] == "token_invalid"


@pytest.mark.parametrize(("password", "code"), [(" " * 12, "password_only_spaces"), ("short", "password_too_short")])
def test_new_passwords_follow_the_rules(call, api_client, user, password, code):
    call(api_client, "post", "auth/password-reset/", {"email": user.email})
    answer = call(api_client, "post", "auth/password-reset/confirm/",
                  {"token": token_in(mail.outbox[0], "reset"), "new_password": password})
    assert answer.status_code == 400
    assert {"field": "new_password", "code": code} in [{"field": e["field"], "code": e["code"]}
                                                        for e in answer.json()["errors"]]


def test_reset_confirms_an_address_that_was_never_confirmed(call, api_client):
    register(call, api_client)
    call(api_client, "post", "auth/password-reset/", {"email": "kit@example.org"})
    reset = next(message for message in mail.outbox if "password" in message.subject)
    call(api_client, "post", "auth/password-reset/confirm/",
         {"token": token_in(reset, "reset"), "new_password": NEW_PASSWORD})
    assert sign_in(api_client, "kit@example.org", NEW_PASSWORD).status_code == 200


# --- changing the password ---------------------------------------------------------------------------

def test_changing_the_password_keeps_this_session_and_ends_the_others(call, user):
    here, elsewhere = session_client(user), session_client(user)
    changed = call(here, "post", "me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.content
    assert here.get("/api/v1/me/").status_code == 200
    assert elsewhere.get("/api/v1/me/").status_code == 401
    assert SignedInSession.objects.filter(user=user).count() == 1
    assert mail.outbox[-1].subject == "Your Kindred password was changed"


def test_a_wrong_current_password_counts_towards_the_lockout(call, user, settings):
    client = session_client(user)
    answers = [call(client, "post", "me/password/", {"current_password": "not it at all", "new_password": NEW_PASSWORD})
               for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers[0].status_code == 400 and answers[0].json()["code"] == "password_mismatch"
    assert answers[-1].status_code == 429
    locked = call(client, "post", "me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert locked.status_code == 429
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_token_cannot_change_the_password_email_or_sessions(user, api_client):
    api_client.force_authenticate(user=user, token=ApiToken(user=user, scope="read write"))
    for method, path, body in (("post", "me/password/", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
                               ("post", "me/email/", {"new_email": "x@example.org", "password": PASSWORD}),
                               ("get", "me/sessions/", None), ("post", "me/sessions/end-others/", None)):
        answer = getattr(api_client, method)(f"/api/v1/{path}", body, format="json")
        assert answer.status_code == 403 and answer.json()["code"] == "session_required", path


# --- changing the address ----------------------------------------------------------------------------

def test_a_new_address_is_used_only_once_it_is_confirmed(call, user, api_client):
    old = user.email
    client = session_client(user)
    asked = call(client, "post", "me/email/", {"new_email": "New.Home@example.org", "password": PASSWORD})
    assert asked.status_code == 202
    confirm, notice = sorted(mail.outbox, key=lambda message: message.to != ["new.home@example.org"])
    assert confirm.to == ["new.home@example.org"] and notice.to == [old]
    assert "n***@example.org" in notice.body and "token=" not in notice.body
    user.refresh_from_db()
    assert user.email == old and sign_in(APIClient(), old).status_code == 200

    done = call(api_client, "post", "auth/verify-email/", {"token": token_in(confirm, "confirm-email")})
    assert done.status_code == 200, done.content
    user.refresh_from_db()
    assert (user.email, user.pending_email) == ("new.home@example.org", "")
    assert sign_in(APIClient(), "new.home@example.org").status_code == 200
    assert sign_in(APIClient(), old).status_code == 400
    again = call(api_client, "post", "auth/verify-email/", {"token": token_in(confirm, "confirm-email")})
    assert again.json()["code"] == "token_invalid"


def test_moving_to_a_taken_address_answers_the_same_and_tells_its_owner(call, user):
    other = UserFactory()
    answer = call(session_client(user), "post", "me/email/", {"new_email": other.email, "password": PASSWORD})
    assert answer.status_code == 202
    # The owner is told; the mover sees what any move shows (pending address, the notice to their
    # current address), and no link is made for an address that is someone else's.
    assert sorted((message.to, message.subject) for message in mail.outbox) == sorted([
        ([other.email], "Someone tried to register with your address"),
        ([user.email], "Your Kindred email address is changing")])
    user.refresh_from_db()
    assert user.email != other.email and user.pending_email == other.email


def test_moving_needs_the_password(call, user):
    answer = call(session_client(user), "post", "me/email/", {"new_email": "x@example.org", "password": "wrong one!"})
    assert answer.status_code == 400 and answer.json()["code"] == "password_mismatch"
    assert mail.outbox == []


def test_an_email_link_is_void_after_a_newer_request(call, user, api_client, settings):
    settings.ACCOUNT_EMAIL_COOLDOWN_SECONDS = 0
    client = session_client(user)
    call(client, "post", "me/email/", {"new_email": "first@example.org", "password": PASSWORD})
    first = token_in(mail.outbox[0], "confirm-email")
    call(client, "post", "me/email/", {"new_email": "second@example.org", "password": PASSWORD})
    assert call(api_client, "post", "auth/verify-email/", {"token": first}).json()["code"] == "token_invalid"


# --- throttled like signing in -------------------------------------------------------------------------

@pytest.fixture
def strict_auth(monkeypatch):  # type: ignore[no-untyped-def]
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES",
                        {"anon": "100/min", "user": "100/min", "auth": "2/min"})


@pytest.mark.parametrize(("path", "body"), [
    ("auth/register/", {"email": "a@example.org", "password": NEW_PASSWORD, "display_name": "A"}),
    ("auth/verify-email/", {"token": "x"}), ("auth/verify-email/resend/", {"email": "a@example.org"}),
    ("auth/password-reset/", {"email": "a@example.org"}),
    ("auth/password-reset/confirm/", {"token": "x", "new_password": NEW_PASSWORD}),
    ("auth/tokens/", {"email": "a@example.org", "password": NEW_PASSWORD, "name": "x"}),
])
def test_every_anonymous_account_endpoint_is_behind_the_auth_throttle(api_client, strict_auth, path, body):
    answers = [api_client.post(f"/api/v1/{path}", body, format="json") for _ in range(3)]
    assert answers[-1].status_code == 429 and int(answers[-1]["Retry-After"]) > 0


@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "me/password/", {"current_password": "wrong password", "new_password": NEW_PASSWORD}),
    ("post", "me/email/", {"new_email": "x@example.org", "password": "wrong password"}),
    ("get", "me/sessions/", None), ("post", "me/sessions/end-others/", None), ("delete", "me/sessions/nope/", None),
])
def test_every_signed_in_account_endpoint_is_behind_the_auth_throttle(user, strict_auth, method, path, body):
    client = session_client(user)
    answers = [getattr(client, method)(f"/api/v1/{path}", body, format="json") for _ in range(3)]
    assert answers[-1].status_code == 429


def test_no_token_is_kept_in_the_task_queue(api_client, user, settings, django_capture_on_commit_callbacks):
    """The task row of an account email holds ids only; the link is made when the email is written."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post("/api/v1/auth/password-reset/", {"email": user.email}, format="json")
    [row] = DBTaskResult.objects.all()
    assert row.args_kwargs == {"args": [], "kwargs": {"user_id": user.pk, "letter": "password_reset",
                                                      "about_id": user.pk}}


def test_account_emails_are_plain_and_name_no_group(call, api_client, settings):
    """A member of "Alcohol recovery circle" goes through every account email: none names the group,
    in its subject or its words, and none carries an unsubscribe link (each is sent because they acted)."""
    from tests.factories import GroupFactory, MembershipFactory

    settings.ACCOUNT_EMAIL_COOLDOWN_SECONDS = 0
    member = MembershipFactory(group=GroupFactory(name="Alcohol recovery circle")).user
    register(call, APIClient(), email=member.email)
    call(api_client, "post", "auth/password-reset/", {"email": member.email})
    call(api_client, "post", "auth/password-reset/confirm/",
         {"token": token_in(mail.outbox[-1], "reset"), "new_password": NEW_PASSWORD})
    member.refresh_from_db()  # the new password's hash: a session signed with the old one is void
    moved = call(session_client(member), "post", "me/email/", {"new_email": "moving@example.org",
                                                               "password": NEW_PASSWORD})
    assert moved.status_code == 202
    register(call, APIClient(), email="fresh@example.org")
    subjects = {message.subject for message in mail.outbox}
    assert subjects == {"Someone tried to register with your address", "Choose a new Kindred password",
                        "Your Kindred password was changed", "Confirm your new email address for Kindred",
                        "Your Kindred email address is changing", "Confirm your email address for Kindred"}
    for message in mail.outbox:
        assert "alcohol" not in (message.subject + message.body).lower()
        assert "List-Unsubscribe" not in message.extra_headers and message.content_subtype == "plain"
        assert len(message.body) < 700


def test_the_upgrade_confirms_every_account_that_existed_before(db):
    """A member who registered before addresses were confirmed keeps signing in (loses nothing)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kindred.accounts.migrations.0003_identity_confirmation_and_sessions")
    before = UserFactory(email_confirmed_at=None)
    migration.confirm_existing_accounts(apps, None)
    before.refresh_from_db()
    assert before.email_confirmed_at == before.date_joined
    assert sign_in(APIClient(), before.email).status_code == 200

"""Account writes: registration and confirming the address, passwords (reset and change), changing
the address, ending sessions, profile changes, personal tokens, calendar secret.

Emails are the notifications app's: these services announce what happened (``events.py``) and the
listeners queue an email carrying ids only; a link's token is made when the email is written."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.common.errors import Conflict, NotFound, PasswordMismatch, RuleBroken
from kindred.common.services import model_update

from . import events, links, tokens
from .backends import normalise_email
from .models import ApiToken, SignedInSession, User, new_calendar_secret

PROFILE_FIELDS = ("display_name", "pronouns", "time_zone", "language", "show_on_rosters")


def _validate_password(password: str, *, user: User, field: str) -> None:
    """Django's validators (AUTH_PASSWORD_VALIDATORS), reported against ``field``."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from error


def _may_email(kind: str, user: User) -> bool:
    """At most one account email of ``kind`` per account per ACCOUNT_EMAIL_COOLDOWN_SECONDS, whoever
    asks and from wherever: the answer is the same either way, and nobody can flood an inbox."""
    seconds = settings.ACCOUNT_EMAIL_COOLDOWN_SECONDS
    return seconds <= 0 or bool(cache.add(f"kindred:account-email:{kind}:{user.pk}", True, timeout=seconds))


def registration_check(*, email: str, password: str, display_name: str, time_zone: str = "UTC",
                       pronouns: str = "") -> None:
    """What registering refuses whoever owns the address: a password Django's validators refuse
    (``password``). The view says so at once, and leaves the rest to after the answer."""
    candidate = User(email=normalise_email(email), display_name=display_name, time_zone=time_zone, pronouns=pronouns)
    _validate_password(password, user=candidate, field="password")


@transaction.atomic
def user_register(*, email: str, password: str, display_name: str, time_zone: str = "UTC",
                  pronouns: str = "") -> None:
    """Register an address, answering nothing about whether it has an account.

    A new address gets an unconfirmed account and a confirmation email. An address with a confirmed
    account changes nothing: its owner is told someone tried. An address whose account was never
    confirmed gets a link to choose the password, and the password it had stops working: whoever
    registered first may not own the mailbox, and a confirmation link would have confirmed *their*
    password for the person who registers now (a pre-account takeover the outside probe showed).
    The same password work is done either way, so timing tells nothing either.
    """
    email = normalise_email(email)
    candidate = User(email=email, display_name=display_name, time_zone=time_zone, pronouns=pronouns)
    _validate_password(password, user=candidate, field="password")
    existing = User.objects.filter(email=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(email, password, display_name=display_name, time_zone=time_zone,
                                                pronouns=pronouns, email_confirmed_at=None)
        except IntegrityError:  # a simultaneous registration won the race: the same quiet answer
            return
        _may_email("confirm", user)
        events.confirmation_needed.send(user=user)
        return
    make_password(password)  # the hashing a new account costs, so both answers take as long
    if not existing.is_active:
        return
    if not existing.email_confirmed:
        # The mailbox chooses the password: every earlier link (made from the old hash) stops working,
        # and the reset link both confirms the address and sets the password (password_reset_confirm).
        existing.set_unusable_password()
        existing.save(update_fields=["password"])
        if _may_email("reset", existing):
            events.password_reset_requested.send(user=existing)
    elif _may_email("registration_repeated", existing):
        events.registration_repeated.send(user=existing)


def confirmation_resend(*, email: str) -> None:
    """Send the confirmation link again to an address whose account is not yet confirmed (the link to
    choose a password, once a second registration voided the first one's); for any other address,
    nothing (the answer is the same)."""
    user = User.objects.filter(email=normalise_email(email), is_active=True, email_confirmed_at__isnull=True).first()
    if user is None:
        return
    if not user.has_usable_password():  # registered twice (user_register): the mailbox chooses the password
        if _may_email("reset", user):
            events.password_reset_requested.send(user=user)
    elif _may_email("confirm", user):
        events.confirmation_needed.send(user=user)


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Use a confirmation link: confirm a new account's address, or move an account to the new address
    it asked for. Either way the link stops working (the state it was made from has changed)."""
    user, purpose = links.read_token(token, links.CONFIRM, links.EMAIL)
    now = timezone.now()
    if purpose == links.CONFIRM:
        model_update(instance=user, fields=("email_confirmed_at",), data={"email_confirmed_at": now})
        return user
    if User.objects.filter(email=user.pending_email).exclude(pk=user.pk).exists():
        raise Conflict(_("That address now belongs to another account, so yours keeps its current address."),
                       code="email_taken", field="token")
    old_email = user.email
    try:
        with transaction.atomic():
            model_update(instance=user, fields=("email", "pending_email", "email_confirmed_at"),
                         data={"email": user.pending_email, "pending_email": "", "email_confirmed_at": now})
    except IntegrityError as error:  # taken a moment ago
        raise Conflict(_("That address now belongs to another account, so yours keeps its current address."),
                       code="email_taken", field="token") from error
    login_records_move(old_email=old_email, new_email=user.email)
    return user


def login_records_move(*, old_email: str, new_email: str) -> None:
    """django-axes keeps sign-in records under the address typed, and the export and erasure find them
    by the account's address: when the account moves, its records move with it (the outside probe found
    them left behind under the old address, in no export and past every erasure). The lockout counters
    of the old address are deleted: that address no longer names this account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=old_email).update(username=new_email)
    AccessAttempt.objects.filter(username__iexact=old_email).delete()


def password_reset_request(*, email: str) -> None:
    """Email a reset link if the address has an account; the caller is told the same either way."""
    user = User.objects.filter(email=normalise_email(email), is_active=True).first()
    if user is not None and _may_email("reset", user):
        events.password_reset_requested.send(user=user)


@transaction.atomic
def password_reset_confirm(*, token: str, new_password: str, end_api_tokens: bool = False) -> User:
    """Set a new password from a reset link: every session ends, the failed sign-ins are forgotten (so
    the lockout lifts), and personal API tokens stay unless ``end_api_tokens``. Using the link proves
    the mailbox, so an account not yet confirmed is confirmed too."""
    user, _purpose = links.read_token(token, links.RESET)
    _validate_password(new_password, user=user, field="new_password")
    user.set_password(new_password)
    if not user.email_confirmed:
        user.email_confirmed_at = timezone.now()
    user.save(update_fields=["password", "email_confirmed_at"])
    sessions_end(user=user)
    lockout_reset(email=user.email)
    if end_api_tokens:
        ApiToken.objects.filter(user=user).delete()
    events.password_changed.send(user=user)
    return user


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str, keep_session_key: str | None) -> User:
    """Change the password knowing the current one; every other session ends (``keep_session_key``,
    the caller's own, stays: the view renews it so it survives the new password)."""
    if not user.check_password(current_password):
        raise PasswordMismatch(_("That isn't your current password."), field="current_password")
    _validate_password(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sessions_end(user=user, keep_session_key=keep_session_key)
    events.password_changed.send(user=user)
    return user


@transaction.atomic
def email_change_request(*, user: User, new_email: str, password: str) -> None:
    """Ask to move the account to ``new_email``: a link goes to the new address and a notice to the
    current one; the address changes only when the link is used. An address that already has an
    account is answered the same everywhere the mover can look: this answer, ``pending_email`` in
    their profile and the notice their current address gets; only the owner of the taken address
    hears of it (someone tried), and no link is made for it (``notifications.tasks``). So this tells
    no one who is here (the outside probe read ``pending_email`` to tell)."""
    if not user.check_password(password):
        raise PasswordMismatch(_("That isn't your password."), field="password")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise RuleBroken(_("That's already the address on your account."), code="email_unchanged", field="new_email")
    owner = User.objects.filter(email=new_email).exclude(pk=user.pk).first()
    if owner is not None and owner.is_active and _may_email("registration_repeated", owner):
        events.registration_repeated.send(user=owner)
    model_update(instance=user, fields=("pending_email",), data={"pending_email": new_email})
    events.email_change_requested.send(user=user)


def lockout_reset(*, email: str) -> None:
    """Forget the failed sign-ins counted against an account (django-axes' counter), lifting a lockout."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=normalise_email(email)).delete()


# --- signed-in sessions ------------------------------------------------------------------------------

def sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """End every session of ``user`` but ``keep_session_key``; returns how many ended."""
    sessions = SignedInSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    deleted, _by_model = sessions.delete()
    return deleted


SESSION_ID_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,22}")  # sessions.signed_in: secrets.token_urlsafe(12)


def session_end(*, user: User, session_id: str) -> None:
    """End one of my sessions, named by its public id (another person's is 404, like a made-up one).
    An id that cannot be one is 404 before any query: PostgreSQL refuses a NUL in a query's text (a
    500 the second outside probe found with ``DELETE /me/sessions/%00/``)."""
    if not SESSION_ID_SHAPE.fullmatch(session_id):
        raise NotFound(_("No such session. It may have ended already."))
    deleted, _by_model = SignedInSession.objects.filter(user=user, public_id=session_id).delete()
    if not deleted:
        raise NotFound(_("No such session. It may have ended already."))


@transaction.atomic
def user_update_profile(*, user: User, data: dict[str, Any]) -> User:
    user, _changed = model_update(instance=user, fields=PROFILE_FIELDS, data=data)
    return user


@transaction.atomic
def calendar_secret_rotate(*, user: User) -> User:
    user.calendar_secret = new_calendar_secret()
    user.save(update_fields=["calendar_secret"])
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key, which is never stored or shown again."""
    key = tokens.generate_key()
    token = ApiToken.objects.create(user=user, name=name, scope=scope, prefix=key[:12],
                                    key_digest=tokens.digest(key))
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> None:
    deleted, _by_model = ApiToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise NotFound(_("No such token."))

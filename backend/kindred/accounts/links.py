"""The tokens in account emails' links: signed, expiring, and single-use.

A token is a signed, timestamped value (``django.core.signing``; SECRET_KEY_FALLBACKS still verify
during a key rotation) naming the account, what the link is for, and a fingerprint of the account's
state: its password hash, its email, when it was confirmed and the address it is moving to. Using a
link changes that state (the password is set, the address confirmed or changed), so the same link
never works twice, and a link is void as soon as the password or the email changes by any route.

Tokens are made when the email is written (by the task worker) and are never stored: not in the
database, the task queue or any log. A wrong or reused token is ``token_invalid``; a genuine one past
its lifetime is ``token_expired`` (it is signed, so the time in it can be trusted).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from kindred.common.errors import RuleBroken

from .models import User

SALT = "kindred.accounts.links"

CONFIRM = "confirm"  # confirm a new account's address
RESET = "reset"  # choose a new password
EMAIL = "email"  # confirm a new address for an existing account

INVALID = _("This link doesn't work any more: it may have been used already, or a newer one was sent. "
             "You can ask for a new one.")
EXPIRED = _("This link has expired, to keep your account safe. You can ask for a new one.")


def lifetime(purpose: str) -> dt.timedelta:
    hours = settings.PASSWORD_RESET_HOURS if purpose == RESET else settings.EMAIL_CONFIRMATION_HOURS
    return dt.timedelta(hours=hours)


def _fingerprint(user: User, purpose: str) -> str:
    confirmed = user.email_confirmed_at.isoformat() if user.email_confirmed_at else ""
    state = f"{purpose}|{user.pk}|{user.password}|{user.email}|{confirmed}|{user.pending_email}"
    return salted_hmac(SALT, state, algorithm="sha256").hexdigest()[:32]


def make_token(user: User, purpose: str) -> str:
    """A token for ``purpose`` that works until the account's state changes or it expires."""
    return signing.dumps({"u": user.pk, "p": purpose, "f": _fingerprint(user, purpose)}, salt=SALT, compress=True)


def read_token(token: str, *purposes: str) -> tuple[User, str]:
    """The account a token for one of ``purposes`` names, as it stands, and what the token is for;
    RuleBroken ``token_invalid`` or ``token_expired`` otherwise (field ``token``)."""
    try:
        value = signing.loads(token, salt=SALT)  # the signature first: only then is its time trusted
        purpose = value.get("p") if isinstance(value, dict) else None
        if purpose not in purposes or not isinstance(value.get("u"), int):
            raise RuleBroken(INVALID, code="token_invalid", field="token")
        signing.loads(token, salt=SALT, max_age=lifetime(purpose))
    except signing.SignatureExpired as error:
        raise RuleBroken(EXPIRED, code="token_expired", field="token") from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise RuleBroken(INVALID, code="token_invalid", field="token") from error
    user = User.objects.filter(pk=value["u"], is_active=True).first()
    if user is None or not constant_time_compare(str(value.get("f", "")), _fingerprint(user, purpose)):
        raise RuleBroken(INVALID, code="token_invalid", field="token")
    return user, purpose

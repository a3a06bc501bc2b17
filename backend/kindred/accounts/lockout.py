"""Account lockout with django-axes: which account an attempt counts against, and the answer while
it is locked.

Every password check counts against the account: signing in through the API (which posts
``email``) or the Django admin (which posts ``username``), and confirming the password to erase the
account. Two limits (:class:`LockoutHandler`): 5 failures lock the account *from that address*, 30
from all addresses together lock it everywhere. The address is normalised as EmailBackend
normalises it, so ``Member@…`` and ``MEMBER@…`` are the same account, not five more guesses each.

django-axes answers from its middleware, after the view, with an HTML page and no Retry-After;
AXES_LOCKOUT_CALLABLE points to ``kindred.api.handlers.locked_out`` instead, so a locked attempt
is a 429 problem+json like every other throttle, saying when to retry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kindred.common.errors import Forbidden, LockedOut, RuleBroken

from .backends import normalise_email
from .models import User

LOCKED_OUT_DETAIL = gettext_lazy("Too many failed attempts. Please wait a few minutes and try again.")
NOT_CONFIRMED_DETAIL = gettext_lazy("Please confirm your email address first: use the link we emailed you. "
                                    "No email? You can ask for it again.")


def lockout_username(request: HttpRequest, credentials: Mapping[str, Any] | None = None) -> str | None:
    """The account an attempt counts against (AXES_USERNAME_CALLABLE): the ``email`` the API and
    Kindred's own checks pass, or the ``username`` the admin's form posts, normalised."""
    source: Mapping[str, Any] = credentials or getattr(request, "data", None) or request.POST
    address = source.get("email") or source.get("username")
    return normalise_email(address) if isinstance(address, str) else None


def count_password_attempt(request: HttpRequest, *, email: str, password: str) -> None:
    """Check a password outside sign-in (confirming an erasure) as a sign-in is checked: a wrong one
    is a failed attempt against the account's lockout, and while the account is locked the answer
    is 429 whatever the password. The caller still refuses a wrong password itself."""
    authenticate(request, email=email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(LOCKED_OUT_DETAIL)


def sign_in_check(request: HttpRequest, *, email: str, password: str) -> User:
    """The account these credentials open, as signing in and the token exchange check them: a locked
    account is 429 whatever the password, wrong credentials are 400 ``invalid_credentials``, and an
    address not yet confirmed is 403 ``email_not_confirmed``, said only to someone who gave the right
    password (anyone else learns nothing about the address)."""
    user = authenticate(request, email=email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut(LOCKED_OUT_DETAIL)
    if not isinstance(user, User):
        raise RuleBroken(_("That email and password do not match an account."), code="invalid_credentials")
    if not user.email_confirmed:
        raise Forbidden(NOT_CONFIRMED_DETAIL, code="email_not_confirmed")
    return user


class LockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits (AXES_HANDLER).

    Attempts are counted per account *and* address (``AXES_LOCKOUT_PARAMETERS``): after
    ``AXES_FAILURE_LIMIT`` (5) failures the account is locked for that address only, so someone
    guessing from one place cannot lock its owner out everywhere. Across every address, the account
    is locked for everyone after ``LOGIN_ACCOUNT_FAILURE_LIMIT`` (30) failures within the cool-off,
    which bounds guessing spread over many addresses."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        here = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if here >= limit:
            return here
        return limit if account_failures(request, credentials) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT else here


def account_failures(request: HttpRequest, credentials: Mapping[str, Any] | None = None) -> int:
    """Failed attempts against the account from every address within the cool-off."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    cool_off = get_cool_off(request) or timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    total = (AccessAttempt.objects.filter(username=username, attempt_time__gte=timezone.now() - cool_off)
             .aggregate(total=Sum("failures_since_start"))["total"])
    return int(total or 0)

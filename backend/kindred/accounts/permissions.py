"""Account permissions for views and the admin: tokens managed from a session, and the signed-in caller."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import ApiToken, User


class ManagesTokensWithSession(BasePermission):
    """Personal tokens are created, listed and revoked from a signed-in session, never with a token:
    otherwise a stolen token could make more tokens that outlive its own revocation. A token gets
    403 ``session_required``; no credentials at all get the usual 401.

    The password exchange (SPEC: ``POST /auth/tokens/`` with ``{email, password, name, scope}`` and
    no session) is the second way in: it proves who is asking with the body, so an anonymous POST is
    let through here and checked by its view (``kindred.accounts.lockout.sign_in_check``)."""

    message = _("A personal token cannot create, list or revoke tokens. Sign in (a session) to manage "
                "your tokens.")
    code = "session_required"

    def has_permission(self, request: Request, view: Any) -> bool:
        if is_password_exchange(request):
            return True
        return is_session(request) and bool(request.user and request.user.is_authenticated)


def is_password_exchange(request: Request) -> bool:
    """A POST with no credentials but an email or password in its body: a script exchanging them for
    a token. (Without either, it is someone who forgot to sign in: the usual 401.)"""
    if request.method != "POST" or request.auth is not None or request.user.is_authenticated:
        return False
    data = request.data
    return hasattr(data, "keys") and bool({"email", "password"} & set(data.keys()))


class SignedInWithSession(BasePermission):
    """Security settings of the account (password, address, sessions) are changed from a signed-in
    session, never with a personal token: a leaked token must not be a way to take the account over.
    A token gets 403 ``session_required``; no credentials at all get the usual 401."""

    message = _("A personal token cannot change your password, email or sessions. Sign in (a session) "
                "to do that.")
    code = "session_required"

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_session(request) and bool(request.user and request.user.is_authenticated)


def is_session(request: Request) -> bool:
    """Whether the caller signed in with a session (the PWA), rather than a personal token."""
    return not isinstance(request.auth, ApiToken)


def sees_calendar_secret(request: Request) -> bool:
    """The private calendar's secret is a credential: a session sees it, and a ``read write`` token
    (which may replace it anyway); a ``read`` token, the kind handed to a dashboard, never does."""
    token = request.auth
    return not isinstance(token, ApiToken) or "write" in token.scope.split()


def authenticated_user(request: Request | HttpRequest) -> User:
    """The signed-in caller, narrowed from ``User | AnonymousUser``.

    For views that have already required sign-in (``IsAuthenticatedWithScope``, a group role above
    ``GroupRole.ANYONE``, or an admin action, which Django limits to staff): anonymous callers were
    turned away before the view ran, so the 401 here is only a safety net. Public views pass
    ``request.user`` as it is to selectors that accept ``AnonymousUser``.
    """
    user = request.user
    if not isinstance(user, User):
        raise NotAuthenticated()
    return user

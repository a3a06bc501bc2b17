"""Permissions shared by every app. Objects a caller may not see are 404, never 403."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from kindred.accounts.models import ApiToken, User


class TokenScopePermission(BasePermission):
    """The default: anyone may read public things; a ``read``-scoped token may never write."""

    message = "This token has the read scope only; create a 'read write' token to make changes."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = getattr(request, "auth", None)
        scope = getattr(token, "scope", None)
        if request.method in SAFE_METHODS or scope is None:
            return True
        return "write" in scope.split()


class IsAuthenticatedWithScope(TokenScopePermission):
    """Signed in (session or token) and, for writes, a token that carries the write scope."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated) and super().has_permission(request, view)


class ManagesTokensWithSession(BasePermission):
    """Personal tokens are created, listed and revoked from a signed-in session, never with a token:
    otherwise a stolen token could make more tokens that outlive its own revocation. A token gets
    403 ``session_required``; no credentials at all get the usual 401.

    The password exchange (SPEC: ``POST /auth/tokens/`` with ``{email, password, name, scope}`` and
    no session) will be the second way in: it proves who is asking with the body, so it will be let
    through here for an anonymous POST and checked by its view."""

    message = ("A personal token cannot create, list or revoke tokens. Sign in (a session) to manage "
               "your tokens.")
    code = "session_required"

    def has_permission(self, request: Request, view: Any) -> bool:
        return not isinstance(request.auth, ApiToken) and bool(request.user and request.user.is_authenticated)


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

"""Permissions shared by every app. Objects a caller may not see are 404, never 403."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request


class TokenScopePermission(BasePermission):
    """The default: anyone may read public things; a ``read``-scoped token may never write."""

    message = _("This token has the read scope only; create a 'read write' token to make changes.")

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


class ReadAnyoneWriteSignedIn(IsAuthenticatedWithScope):
    """Anyone may read; writing needs a signed-in caller (and a token with the write scope)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)

"""Session authentication for the PWA; CSRF is enforced on unsafe methods as DRF always does."""

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from kindred.common.languages import activate_member_language


class CsrfSessionAuthentication(SessionAuthentication):
    """Session cookie auth. Answers 401 (not 403) to anonymous callers so clients know to sign in.
    The member's own language applies from here on (kindred.common.languages)."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is not None:
            activate_member_language(request._request, result[0])
        return result

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="kindred"'

"""Session authentication for the PWA; CSRF is enforced on unsafe methods as DRF always does."""

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request


class CsrfSessionAuthentication(SessionAuthentication):
    """Session cookie auth. Answers 401 (not 403) to anonymous callers so clients know to sign in."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="kindred"'

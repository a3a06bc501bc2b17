"""The language of each answer: the member's own first (docs/translating.md).

:class:`LanguageMiddleware` decides it for every request from the session's member, the cookie and
``Accept-Language`` (``kindred.common.languages``), activates it for the whole request, and says it in
``Content-Language`` (and ``Vary: Accept-Language, Cookie``) on the way out. A personal token is read
inside DRF's view, after the middleware: :func:`activate_member_language` is called there
(``BearerTokenAuthentication``), so a token's member is answered in their language too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from kindred.common.languages import browser_language, is_interface_language


def member_language(user: Any) -> str:
    """The language a signed-in member chose, or "" (none chosen, signed out, or no longer spoken)."""
    language = getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
    return language if is_interface_language(language) else ""


def activate_member_language(request: HttpRequest, user: Any) -> None:
    """Answer this request in ``user``'s own language, if they chose one."""
    language = member_language(user)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def request_language(request: HttpRequest) -> str:
    """The language of the answer to ``request``: the session's member's, else the browser's. The
    session's user is read only when a session cookie is sent (no query for anyone else); DRF loads
    the same user from the same cache for the view."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        language = member_language(getattr(request, "user", None))
        if language:
            return language
    return browser_language(request)


class LanguageMiddleware:
    """Activates the request's language (after AuthenticationMiddleware) and labels the answer with
    the language it was finally written in (a token's member may have changed it inside the view)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
            response["Content-Language"] = translation.get_language() or settings.LANGUAGE_CODE
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        finally:
            translation.deactivate()
        return response

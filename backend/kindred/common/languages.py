"""The languages Kindred speaks (``settings.LANGUAGES``) and the language of each answer.

The order (docs/translating.md): the member's own ``language`` (their profile, when signed in and not
blank) → the ``django_language`` cookie (the PWA's switcher sets it for visitors) → ``Accept-Language``
→ English.

:class:`LanguageMiddleware` activates the request's language for the whole request and says the
language of the answer in ``Content-Language`` (with ``Vary: Accept-Language, Cookie``):

- under ``/api/`` the browser's choice (cookie, then ``Accept-Language``), reading no database. Who
  the member is is known once DRF authenticates, inside the view: the authentication classes
  (session and token) then call :func:`activate_member_language`, so every API answer that knows its
  member speaks the member's language. The few that read no credentials (``/meta/``, the feeds)
  follow the cookie, which signing in and choosing a language in ``/me/`` keep in step with the
  member's choice (:func:`remember_language`);
- elsewhere (the PWA's page, the admin) the session's member first, read from the session when a
  session cookie is sent, then the browser's choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # a year, as the PWA's switcher sets it


def interface_codes() -> list[str]:
    """The codes of ``settings.LANGUAGES``, in its order (``en`` first)."""
    return [code for code, _name in settings.LANGUAGES]


def is_interface_language(code: object) -> bool:
    return isinstance(code, str) and code in interface_codes()


def validate_interface_language(value: str) -> None:
    """A member's ``language``: one of settings.LANGUAGES, or blank ("follow my browser")."""
    if value and not is_interface_language(value):
        raise ValidationError(_("Choose one of the languages Kindred speaks: %(codes)s."),
                              code="invalid_choice", params={"codes": ", ".join(interface_codes())})


def browser_language(request: HttpRequest) -> str:
    """The cookie's language, else the best of ``Accept-Language`` Kindred speaks (``es-MX`` → ``es``),
    else ``settings.LANGUAGE_CODE``."""
    return translation.get_language_from_request(request, check_path=False)


def text_direction(code: str) -> str:
    """``rtl`` for a right-to-left language (Django's LANGUAGES_BIDI: ar, fa, he, ...), else ``ltr``."""
    return "rtl" if code.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"


def member_language(user: Any) -> str:
    """The language a signed-in member chose, or "" (none chosen, signed out, or no longer spoken)."""
    language = getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
    return language if is_interface_language(language) else ""


def activate_member_language(request: HttpRequest, user: Any) -> None:
    """Answer the rest of this request in ``user``'s own language, if they chose one."""
    language = member_language(user)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def remember_language(response: HttpResponse, user: Any) -> None:
    """Keep this browser's ``django_language`` cookie in step with the member's choice (signing in,
    choosing in /me/), so the answers that read no credentials speak it too; "" (follow my browser)
    removes it."""
    language = member_language(user)
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=COOKIE_MAX_AGE, path="/",
                            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    elif getattr(user, "language", None) == "":
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path="/", samesite="Lax")


API_PREFIX = "/api/"


def request_language(request: HttpRequest) -> str:
    """The language a request starts in (see the module's docstring): outside the API, the session's
    member's; else the cookie's, ``Accept-Language``'s or English."""
    if not request.path.startswith(API_PREFIX) and settings.SESSION_COOKIE_NAME in request.COOKIES:
        language = member_language(getattr(request, "user", None))  # AuthenticationMiddleware's, lazy
        if language:
            return language
    return browser_language(request)


class LanguageMiddleware:
    """Activates the request's language (after AuthenticationMiddleware), and labels the answer with
    the language it was finally written in (the member's, once DRF knew who they are)."""

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

"""The languages Kindred speaks (``settings.LANGUAGES``) and the rule for the language of an answer.

The order (docs/translating.md): the member's own ``language`` (their profile, when signed in and not
blank) → the ``django_language`` cookie (the PWA's switcher sets it for visitors) → ``Accept-Language``
→ English. The member's part is ``kindred.accounts.languages``; this module knows no one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _


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

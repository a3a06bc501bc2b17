"""The vocabulary: each code the API uses, with the words people see for it, in the request's language.

Every list is read from where the rule itself lives (model choices, the directory's filters, the
notification settings), so a code added there reaches the app with no second copy to update.
Codes are stable and never translated; labels are gettext's (backend/locale), weekday names Django's,
and language and country names CLDR's (Babel), so no list of names is kept by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.text import capfirst
from django.utils.translation import get_language

from kindred.common.languages import text_direction
from kindred.groups.models import SUGGESTED_LANGUAGES, SUGGESTED_TOPICS, Group
from kindred.meetings.models import Rsvp
from kindred.meetings.recurrence import WEEKDAY_CODES
from kindred.notifications.models import NotificationPreferences
from kindred.public.filters import TIME_OF_DAY_LABELS

from .crisis_lines import crisis_lines

Entry = dict[str, Any]


def _labels(labels: dict[str, Any]) -> list[Entry]:
    return [{"code": code, "label": str(label)} for code, label in labels.items()]


def _notification_kinds() -> list[Entry]:
    defaults = NotificationPreferences()  # unsaved: what someone who has not chosen gets
    return [{"code": kind, "label": str(NotificationPreferences.SETTING_LABELS[kind]),
             "default": getattr(defaults, kind)} for kind in NotificationPreferences.KINDS]


@cache
def language_name(code: str, in_language: str) -> str:
    """``code`` (BCP 47, ``pt-BR``) named in ``in_language`` from CLDR, capitalised as a list item
    ("Portugués (Brasil)"); the code itself when CLDR does not know it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(Locale.parse(in_language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return code
    return (name[:1].upper() + name[1:]) if name else code


def _languages(codes: Iterable[str]) -> list[Entry]:
    language = get_language() or settings.LANGUAGE_CODE
    return [{"code": code, "label": language_name(code, language)} for code in codes]


def interface_languages() -> list[Entry]:
    """The languages Kindred speaks, each named in itself (for the switcher), in settings.LANGUAGES order."""
    return [{"code": code, "label": name, "dir": text_direction(code)} for code, name in settings.LANGUAGES]


def vocabulary() -> dict[str, list[Any]]:
    """The body of GET /api/v1/meta/, in the active language (the request's)."""
    return {
        "formats": _labels(dict(Group.Format.choices)),
        "join_policies": _labels(Group.JOIN_POLICY_LABELS),
        "accessibility": _labels(Group.ACCESSIBILITY_LABELS),
        # Monday first, as in iCalendar's and dateutil's codes; Django's names, in Django's translations,
        # capitalised as list items ("Lunes": Spanish and French write weekdays in lower case in a sentence).
        "weekdays": [{"code": code, "label": capfirst(str(WEEKDAYS[day])), "short": capfirst(str(WEEKDAYS_ABBR[day]))}
                     for day, code in enumerate(WEEKDAY_CODES)],
        "times_of_day": [{"code": code, "label": str(label), "hint": str(hint)}
                         for code, (label, hint) in TIME_OF_DAY_LABELS.items()],
        "rsvp_statuses": _labels(dict(Rsvp.Status.choices)),
        "notification_kinds": _notification_kinds(),
        "topics": list(SUGGESTED_TOPICS),
        "languages": _languages(SUGGESTED_LANGUAGES),
        "interface_languages": interface_languages(),
        "crisis_lines": crisis_lines(),
    }

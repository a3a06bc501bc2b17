"""The vocabulary: each code the API uses, with the words people see for it.

Every list is read from where the rule itself lives (model choices, the directory's filters, the
notification settings), so a code added there reaches the app with no second copy to update.
Codes are stable and never translated; labels are display words (English for now).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

from kindred.groups.models import SUGGESTED_LANGUAGES, SUGGESTED_TOPICS, Group
from kindred.meetings.models import Rsvp
from kindred.meetings.recurrence import WEEKDAY_CODES
from kindred.notifications.models import NotificationPreferences
from kindred.public.filters import TIME_OF_DAY_LABELS

Entry = dict[str, Any]


def _choices(choices: type[models.TextChoices]) -> list[Entry]:
    return [{"code": code, "label": str(label)} for code, label in choices.choices]


def _labels(labels: dict[str, str]) -> list[Entry]:
    return [{"code": code, "label": label} for code, label in labels.items()]


def _notification_kinds() -> list[Entry]:
    defaults = NotificationPreferences()  # unsaved: what someone who has not chosen gets
    return [{"code": kind, "label": NotificationPreferences.SETTING_LABELS[kind], "default": getattr(defaults, kind)}
            for kind in NotificationPreferences.KINDS]


def vocabulary() -> dict[str, list[Any]]:
    """The body of GET /api/v1/meta/."""
    return {
        "formats": _choices(Group.Format),
        "join_policies": _labels(Group.JOIN_POLICY_LABELS),
        "accessibility": _labels(Group.ACCESSIBILITY_LABELS),
        # Monday first, as in iCalendar's and dateutil's codes; Django's names (translated later).
        "weekdays": [{"code": code, "label": str(WEEKDAYS[day]), "short": str(WEEKDAYS_ABBR[day])}
                     for day, code in enumerate(WEEKDAY_CODES)],
        "times_of_day": [{"code": code, "label": label, "hint": hint}
                         for code, (label, hint) in TIME_OF_DAY_LABELS.items()],
        "rsvp_statuses": _choices(Rsvp.Status),
        "notification_kinds": _notification_kinds(),
        "topics": list(SUGGESTED_TOPICS),
        "languages": _labels(SUGGESTED_LANGUAGES),
    }

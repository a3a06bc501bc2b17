"""Notification reads: a person's preferences, and who wants a given kind of email."""

from __future__ import annotations

from django.db.models import BooleanField, Q

from kindred.accounts.models import User

from .models import NotificationPreferences


def notification_preferences_get(*, user: User) -> NotificationPreferences:
    """The person's preferences; an unsaved row with the defaults when they never changed any."""
    try:
        return user.notification_preferences
    except NotificationPreferences.DoesNotExist:
        return NotificationPreferences(user=user)


def wants(kind: str, *, prefix: str = "user__") -> Q:
    """People who want ``kind`` email: the field's default applies when they have no preferences row."""
    if kind not in NotificationPreferences.KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    lookup = f"{prefix}notification_preferences__{kind}"
    field = NotificationPreferences._meta.get_field(kind)
    if isinstance(field, BooleanField) and field.default:  # every kind is a BooleanField
        return ~Q(**{lookup: False})
    return Q(**{lookup: True})

"""Notification writes: preferences, unsubscribing, and recording reminders so none is sent twice."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kindred.accounts.models import User
from kindred.api.errors import NotFound

from .models import NotificationPreferences, SentReminder
from .tokens import read_unsubscribe_token

PREFERENCE_FIELDS = (*NotificationPreferences.KINDS, "reminder_hours", "calendar_includes_group_meetings")


@transaction.atomic
def notification_preferences_update(*, user: User, data: dict[str, Any]) -> NotificationPreferences:
    preferences, _ = NotificationPreferences.objects.select_for_update().get_or_create(user=user)
    changed = [field for field in PREFERENCE_FIELDS if field in data]
    for field in changed:
        setattr(preferences, field, data[field])
    if changed:
        preferences.save(update_fields=changed)
    user.notification_preferences = preferences
    return preferences


def unsubscribe_target(*, token: str) -> tuple[User, str]:
    """The person and kind an unsubscribe token names; 404 for a forged token or an erased account."""
    parsed = read_unsubscribe_token(token)
    user = User.objects.filter(pk=parsed[0], is_active=True).first() if parsed else None
    if parsed is None or user is None or parsed[1] not in NotificationPreferences.KINDS:
        raise NotFound("This unsubscribe link is not valid. You can change your email choices on your profile.")
    return user, parsed[1]


@transaction.atomic
def notification_unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off one kind of email for the person the token names. Doing it twice changes nothing."""
    user, kind = unsubscribe_target(token=token)
    notification_preferences_update(user=user, data={kind: False})
    return user, kind


def reminder_record(*, user_id: int, occurrence_id: int) -> bool:
    """Claim the reminder for this person and meeting; False when it was already sent (or claimed)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(user_id=user_id, occurrence_id=occurrence_id)
    except IntegrityError:
        return False
    return True

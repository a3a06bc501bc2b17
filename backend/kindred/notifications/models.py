"""Notification preferences: everything opt-in except news about a meeting I plan to attend."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class NotificationPreferences(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preferences")
    occurrence_changed = models.BooleanField(default=True, help_text="A meeting I said going/maybe to changed.")
    waitlist_promoted = models.BooleanField(default=False)
    join_request_approved = models.BooleanField(default=False)
    cofacilitator_invited = models.BooleanField(default=False)
    reminders = models.BooleanField(default=False)
    reminder_hours = models.PositiveSmallIntegerField(default=24)
    calendar_includes_group_meetings = models.BooleanField(
        default=False, help_text="My private calendar feed lists all my groups' meetings, not only my RSVPs.")

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"notification preferences of {self.user_id}"

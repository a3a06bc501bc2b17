"""Notification preferences: everything opt-in except news about a meeting I plan to attend."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationPreferences(models.Model):
    """One row per person, created the first time it is needed; a missing row means the defaults."""

    # How the settings name each kind (GET /api/v1/meta/); emails.KIND_LABELS says why an email came.
    SETTING_LABELS = {
        "occurrence_changed": _("A meeting I plan to go to is cancelled or changed"),
        "waitlist_promoted": _("I move up from a waiting list"),
        "join_request_approved": _("My request to join a group is accepted"),
        "cofacilitator_invited": _("I'm invited to co-facilitate a group"),
        "join_requested": _("Someone asks to join a group I facilitate"),
        "reminders": _("A reminder before meetings I plan to go to"),
    }
    KINDS = tuple(SETTING_LABELS)
    """The kinds of email, each a boolean field below that one unsubscribe link turns off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preferences")
    occurrence_changed = models.BooleanField(default=True, help_text="A meeting I said going/maybe to changed.")
    waitlist_promoted = models.BooleanField(default=False)
    join_request_approved = models.BooleanField(default=False)
    cofacilitator_invited = models.BooleanField(default=False)
    join_requested = models.BooleanField(default=False, help_text="Someone asked to join a group I facilitate.")
    reminders = models.BooleanField(default=False)
    reminder_hours = models.PositiveSmallIntegerField(default=24)
    calendar_includes_group_meetings = models.BooleanField(
        default=False, help_text="My private calendar feed lists all my groups' meetings, not only my RSVPs.")

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"notification preferences of {self.user_id}"


class SentReminder(models.Model):
    """One reminder sent to one person for one meeting, so ``send_reminders`` never sends it twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    occurrence = models.ForeignKey("meetings.Occurrence", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("id",)
        constraints = [
            models.UniqueConstraint(fields=["user", "occurrence"], name="sent_reminder_unique_user_occurrence"),
        ]

    def __str__(self) -> str:
        return f"reminder to {self.user_id} for {self.occurrence_id}"

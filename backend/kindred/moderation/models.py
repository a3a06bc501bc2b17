"""Concerns raised by members, and the moderation log. Nothing here is about attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kindred.common.text import validate_multi_line


class Concern(models.Model):
    """A report about a group, a meeting or a member. The reporter is never shown to the reported."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="concerns_raised")
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="concerns")
    occurrence = models.ForeignKey("meetings.Occurrence", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", help_text="The member the concern is about, if any.")
    message = models.TextField(max_length=4000, validators=[validate_multi_line])
    for_moderators = models.BooleanField(default=False, help_text="Names a facilitator: goes to site staff.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution_note = models.TextField(max_length=2000, blank=True, validators=[validate_multi_line])
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["group", "status"], name="concern_group_status_idx")]

    def __str__(self) -> str:
        return f"concern {self.pk} about {self.group_id} ({self.status})"


class ModerationLogEntry(models.Model):
    """What moderators need to see later: safety removals, concern resolutions, archived groups and
    accounts a moderator erased (who did it and why; nothing about the person erased)."""

    class Action(models.TextChoices):
        MEMBER_REMOVED = "member_removed", "Member removed for a safety reason"
        CONCERN_RESOLVED = "concern_resolved", "Concern resolved"
        GROUP_ARCHIVED = "group_archived", "Group archived"
        ACCOUNT_ERASED = "account_erased", "Account erased by a moderator"

    action = models.CharField(max_length=32, choices=Action.choices)
    group = models.ForeignKey("groups.Group", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    concern = models.ForeignKey(Concern, on_delete=models.SET_NULL, null=True, blank=True, related_name="log")
    reason = models.TextField(max_length=2000, blank=True, validators=[validate_multi_line])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "moderation log entries"

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"

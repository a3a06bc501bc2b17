"""Admin for site moderators: concerns (those naming a facilitator come here) and the read-only log.

Read-only: a concern is resolved with the "resolve" action, which asks for a note and calls
``concern_resolve`` (the moderation log records it).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kindred.accounts.permissions import authenticated_user
from kindred.common.admin import ReadOnlyAdmin, ReadOnlyInline, action_with_reason

from . import services
from .models import Concern, ModerationLogEntry


class LogEntryInline(ReadOnlyInline):
    model = ModerationLogEntry
    fields = ("created_at", "action", "actor", "reason")
    readonly_fields = fields


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ("id", "group", "status", "for_moderators", "subject_user", "short_message", "created_at",
                    "resolved_at")
    list_filter = ("status", "for_moderators", "created_at")
    search_fields = ("message", "group__name", "group__slug", "subject_user__display_name", "resolution_note")
    list_select_related = ("group", "subject_user")
    date_hierarchy = "created_at"
    fields = ("group", "occurrence", "subject_user", "reporter", "message", "for_moderators", "status",
              "resolution_note", "resolved_by", "resolved_at", "created_at")
    readonly_fields = fields
    inlines = (LogEntryInline,)
    actions = ("resolve_selected",)

    @admin.display(description="message")
    def short_message(self, concern: Concern) -> str:
        return concern.message[:80] + ("…" if len(concern.message) > 80 else "")

    @action_with_reason(
        description="Resolve selected concerns (logged)",
        prompt="Mark these concerns resolved. Your note is kept with each concern and in the moderation log.",
        done="concern(s) resolved and logged")
    def resolve_selected(self, request: HttpRequest, concern: Concern, note: str) -> None:
        services.concern_resolve(user=authenticated_user(request), concern_id=concern.pk, note=note)


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "group", "actor", "subject_user", "concern")
    list_filter = ("action", "created_at")
    search_fields = ("reason", "group__name", "group__slug", "actor__display_name", "subject_user__display_name")
    list_select_related = ("group", "actor", "subject_user", "concern")
    date_hierarchy = "created_at"

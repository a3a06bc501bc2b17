"""Admin for site moderators: concerns (those naming a facilitator come here) and the read-only log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.api.errors import DomainError
from kindred.api.permissions import authenticated_user

from . import services
from .models import Concern, ModerationLogEntry


class LogEntryInline(admin.TabularInline):
    model = ModerationLogEntry
    fields = ("created_at", "action", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # concerns are raised by members through the API

    @admin.action(description="Resolve selected concerns (logged)")
    def resolve_selected(self, request: HttpRequest, queryset: QuerySet[Concern]) -> None:
        resolved = 0
        for concern in queryset.filter(status=Concern.Status.OPEN):
            try:
                services.concern_resolve(user=authenticated_user(request), concern_id=concern.pk,
                                         note="Resolved by a site moderator.")
                resolved += 1
            except DomainError as error:
                self.message_user(request, f"Concern {concern.pk}: {error.detail}", messages.WARNING)
        self.message_user(request, f"{resolved} concern(s) resolved and logged.")


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "group", "actor", "subject_user", "concern")
    list_filter = ("action", "created_at")
    search_fields = ("reason", "group__name", "group__slug", "actor__display_name", "subject_user__display_name")
    list_select_related = ("group", "actor", "subject_user", "concern")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

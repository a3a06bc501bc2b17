"""Admin for moderators: find people by name or email. Password hashes, calendar secrets and token
digests are never shown; tokens appear by name and prefix only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ApiToken, User


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    fields = ("name", "scope", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    extra = 0
    can_delete = True  # a moderator may revoke a leaked token
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("id", "display_name", "email", "time_zone", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("display_name", "email")
    ordering = ("-date_joined",)
    date_hierarchy = "date_joined"
    fields = ("email", "display_name", "pronouns", "time_zone", "show_on_rosters", "is_active", "is_staff",
              "date_joined", "last_login")
    readonly_fields = ("date_joined", "last_login")
    inlines = (ApiTokenInline,)
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # people register themselves; `createsuperuser` makes moderators


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "scope", "user", "created_at", "last_used_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__email", "user__display_name")
    list_select_related = ("user",)
    fields = ("user", "name", "scope", "prefix", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

"""Admin for moderators: find people by name or email. Password hashes, calendar secrets and token
digests are never shown; tokens appear by name and prefix only.

Read-only: an account is erased with the "erase" action (the same erasure the person can ask
for, logged in the moderation log), never by deleting the row, which would skip it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.common.admin import ReadOnlyAdmin, ReadOnlyInline, action_with_reason, apply_each

from . import privacy, services
from .models import ApiToken, User
from .permissions import authenticated_user


class ApiTokenInline(ReadOnlyInline):
    model = ApiToken
    fields = ("name", "scope", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    show_change_link = False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("id", "display_name", "email", "time_zone", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("display_name", "email")
    ordering = ("-date_joined",)
    date_hierarchy = "date_joined"
    fields = ("email", "display_name", "pronouns", "time_zone", "show_on_rosters", "is_active", "is_staff",
              "date_joined", "last_login")
    readonly_fields = fields
    inlines = (ApiTokenInline,)
    show_full_result_count = False
    actions = ("erase_selected",)

    @action_with_reason(
        description="Erase selected accounts (logged)",
        prompt="Erase these accounts as if each person had asked: their RSVPs are released (waitlisted "
               "members move up), their memberships, tokens, sessions and login records are deleted, and "
               "the account is gone. This cannot be undone.",
        done="account(s) erased")
    def erase_selected(self, request: HttpRequest, user: User, reason: str) -> None:
        privacy.user_erase_by_staff(user=user, actor=authenticated_user(request), reason=reason)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "prefix", "scope", "user", "created_at", "last_used_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__email", "user__display_name")
    list_select_related = ("user",)
    fields = ("user", "name", "scope", "prefix", "created_at", "last_used_at")
    readonly_fields = fields
    actions = ("revoke_selected",)

    @admin.action(description="Revoke selected tokens (a leaked token stops working at once)")
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        def revoke(token: Any) -> None:
            services.api_token_revoke(user=token.user, token_id=token.pk)

        apply_each(self, request, queryset.select_related("user"), revoke, done="token(s) revoked")

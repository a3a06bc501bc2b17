"""Admin for moderators: personal API tokens (by name and prefix only; digests are never shown),
revoked with an action. People are in kindred/lifecycle/admin.py, whose "erase" action is a lifecycle
operation."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.common.admin import ReadOnlyAdmin, apply_each

from . import services
from .models import ApiToken


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

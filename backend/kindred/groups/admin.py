"""Admin for site moderators: co-facilitation invitations. Groups and memberships are in
kindred/lifecycle/admin.py: archiving a group and removing a member are lifecycle actions (they free
places at meetings and write the moderation log)."""

from __future__ import annotations

from django.contrib import admin

from kindred.common.admin import ReadOnlyAdmin

from .models import FacilitatorInvitation


@admin.register(FacilitatorInvitation)
class FacilitatorInvitationAdmin(ReadOnlyAdmin):
    list_display = ("invitee", "group", "invited_by", "created_at")
    search_fields = ("invitee__email", "group__name", "group__slug")
    list_select_related = ("invitee", "group", "invited_by")

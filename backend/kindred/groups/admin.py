"""Admin for site moderators: find groups and memberships quickly; nothing about attendance.

Read-only: groups are archived and members removed by actions that call the groups services (the
moderation log records both, and the public pages change at once).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.accounts.permissions import authenticated_user
from kindred.common.admin import ReadOnlyAdmin, ReadOnlyInline, action_with_reason, apply_each

from . import services
from .models import FacilitatorInvitation, Group, Membership


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("user", "role", "status", "display_name", "show_on_roster", "agreed_version", "joined_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "format", "join_policy", "city", "country", "time_zone", "listed",
                    "is_archived", "created_at")
    list_filter = ("format", "join_policy", "listed", "is_archived", "country")
    search_fields = ("name", "slug", "description", "city")
    date_hierarchy = "created_at"
    inlines = (MembershipInline,)
    actions = ("archive_selected",)

    @admin.action(description="Archive selected groups (hidden from all but their facilitators; logged)")
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[Group]) -> None:
        actor = authenticated_user(request)
        apply_each(self, request, queryset.filter(is_archived=False),
                   lambda group: services.group_archive(group=group, actor=actor), done="group(s) archived")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "group", "role", "status", "display_name", "show_on_roster", "joined_at")
    list_filter = ("role", "status", "show_on_roster")
    search_fields = ("user__email", "user__display_name", "display_name", "group__name", "group__slug")
    list_select_related = ("user", "group")
    actions = ("remove_selected",)

    @action_with_reason(
        description="Remove selected members for a safety reason (logged)",
        prompt="Remove these people from their groups, as a facilitator's safety removal does: their future "
               "RSVPs there are released (waitlisted members move up) and the reason goes in the moderation "
               "log. Facilitators can be removed here.",
        done="membership(s) removed")
    def remove_selected(self, request: HttpRequest, membership: Membership, reason: str) -> None:
        services.member_remove_by_moderator(membership=membership, actor=authenticated_user(request),
                                            reason=reason)


@admin.register(FacilitatorInvitation)
class FacilitatorInvitationAdmin(ReadOnlyAdmin):
    list_display = ("invitee", "group", "invited_by", "created_at")
    search_fields = ("invitee__email", "group__name", "group__slug")
    list_select_related = ("invitee", "group", "invited_by")

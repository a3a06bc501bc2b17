"""Admin for site moderators: people, groups and memberships; nothing about attendance.

Read-only: an account is erased, a group archived and a member removed by actions that call the
lifecycle services (the same erasure a person can ask for; each written in the moderation log; the
public pages change at once), never by editing or deleting rows, which would skip them. Password
hashes, calendar secrets and token digests are never shown; tokens appear by name and prefix only.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from kindred.accounts.models import ApiToken, User
from kindred.accounts.permissions import authenticated_user
from kindred.common.admin import ReadOnlyAdmin, ReadOnlyInline, action_with_reason, apply_each
from kindred.groups.models import Group, Membership

from . import privacy, services


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

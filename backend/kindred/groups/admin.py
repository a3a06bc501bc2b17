"""Admin for site moderators: find groups and memberships quickly; nothing about attendance."""

from django.contrib import admin

from .models import FacilitatorInvitation, Group, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "status", "display_name", "show_on_roster", "agreed_version", "joined_at")
    raw_id_fields = ("user",)
    show_change_link = True


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "format", "join_policy", "city", "country", "time_zone", "listed",
                    "is_archived", "created_at")
    list_filter = ("format", "join_policy", "listed", "is_archived", "country")
    search_fields = ("name", "slug", "description", "city")
    readonly_fields = ("created_at", "updated_at", "archived_at", "agreements_version")
    prepopulated_fields = {"slug": ("name",)}
    date_hierarchy = "created_at"
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "group", "role", "status", "display_name", "show_on_roster", "joined_at")
    list_filter = ("role", "status", "show_on_roster")
    search_fields = ("user__email", "user__display_name", "display_name", "group__name", "group__slug")
    list_select_related = ("user", "group")
    raw_id_fields = ("user", "group")
    readonly_fields = ("created_at", "updated_at")


@admin.register(FacilitatorInvitation)
class FacilitatorInvitationAdmin(admin.ModelAdmin):
    list_display = ("invitee", "group", "invited_by", "created_at")
    search_fields = ("invitee__email", "group__name", "group__slug")
    list_select_related = ("invitee", "group", "invited_by")
    raw_id_fields = ("invitee", "group", "invited_by")

"""The signed-in person's own shapes: their profile with its email choices, and erasure (the export's
shape is declared in schema.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kindred.accounts.models import User
from kindred.accounts.presenters import calendar_url
from kindred.accounts.serializers import InterfaceLanguageField, PasswordField, TimeZoneField
from kindred.common.fields import JsonBooleanField, SingleLineField
from kindred.notifications.selectors import notification_preferences_get
from kindred.notifications.serializers import (
    NotificationPreferencesInputSerializer,
    NotificationPreferencesOutputSerializer,
)


class MeOutputSerializer(serializers.ModelSerializer):
    pending_email = serializers.SerializerMethodField(
        help_text="A new address waiting to be confirmed (POST /me/email/), or null.")
    calendar_url = serializers.SerializerMethodField(
        help_text="Private iCalendar feed of the meetings I said going or maybe to. Keep it secret. "
                  "null when asked with a `read` token (a session or a `read write` token sees it).")
    calendar_secret = serializers.SerializerMethodField(help_text=(
        "The secret in `calendar_url`: the `secret` of `GET /me/calendar/{secret}.ics` "
        "(`me_calendar_ics_retrieve`), so a client calls the feed without taking the URL apart. Keep it secret. "
        "null when asked with a `read` token (a session or a `read write` token sees it)."))
    notifications = serializers.SerializerMethodField(help_text="Which emails I get. All opt-in except "
                                                      "news that a meeting I replied to was cancelled or changed.")
    is_staff = serializers.BooleanField(read_only=True, help_text=(
        "I am one of the site's moderators: concerns that name a facilitator come to me (GET /concerns/)."))

    class Meta:
        model = User
        fields = ("id", "email", "pending_email", "display_name", "pronouns", "time_zone", "language",
                  "show_on_rosters", "calendar_url", "calendar_secret", "notifications", "is_staff", "date_joined")
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_pending_email(self, user: User) -> str | None:
        return user.pending_email or None

    # The secret is a credential: context "sees_secrets" (off by default) says whether the caller sees it.
    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_calendar_url(self, user: User) -> str | None:
        return calendar_url(user) if self.context.get("sees_secrets") else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_calendar_secret(self, user: User) -> str | None:
        return user.calendar_secret if self.context.get("sees_secrets") else None

    @extend_schema_field(NotificationPreferencesOutputSerializer)
    def get_notifications(self, user: User) -> dict[str, object]:
        return NotificationPreferencesOutputSerializer(notification_preferences_get(user=user)).data


class MePatchInputSerializer(serializers.Serializer):
    display_name = SingleLineField(max_length=80, required=False)
    pronouns = SingleLineField(max_length=40, required=False, allow_blank=True)
    time_zone = TimeZoneField(required=False)
    language = InterfaceLanguageField(required=False)
    show_on_rosters = JsonBooleanField(required=False)
    notifications = NotificationPreferencesInputSerializer(required=False)


class MeDeleteInputSerializer(serializers.Serializer):
    password = PasswordField(help_text="Your current password: a stolen session or token cannot erase.")

"""Notification preference shapes (nested as ``notifications`` on /me/) and the unsubscribe answer."""

from __future__ import annotations

from rest_framework import serializers

from kindred.common.fields import JsonBooleanField

from .models import NotificationPreferences

PREFERENCE_FIELDS = ("occurrence_changed", "waitlist_promoted", "join_request_approved", "cofacilitator_invited",
                     "join_requested", "reminders", "reminder_hours", "calendar_includes_group_meetings")


class NotificationPreferencesOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = NotificationPreferences
        fields = PREFERENCE_FIELDS
        read_only_fields = fields


class NotificationPreferencesInputSerializer(serializers.Serializer):
    occurrence_changed = JsonBooleanField(
        required=False, help_text="A meeting I said going, maybe or waitlisted to is cancelled or changed (on).")
    waitlist_promoted = JsonBooleanField(required=False, help_text="I move up from a waiting list.")
    join_request_approved = JsonBooleanField(required=False, help_text="My request to join is accepted.")
    cofacilitator_invited = JsonBooleanField(required=False, help_text="I am invited to co-facilitate.")
    join_requested = JsonBooleanField(
        required=False, help_text="Someone asks to join a group I facilitate (off until I switch it on).")
    reminders = JsonBooleanField(required=False, help_text="A reminder before meetings I said going/maybe to.")
    reminder_hours = serializers.IntegerField(required=False, min_value=1, max_value=168,
                                              help_text="How many hours before the meeting (1-168).")
    calendar_includes_group_meetings = JsonBooleanField(
        required=False, help_text="My private calendar feed lists all my groups' meetings, not only my replies.")

"""The signed-in person's own shapes: their profile with its email choices, erasure, and the export."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kindred.accounts.models import User
from kindred.accounts.presenters import calendar_url
from kindred.accounts.serializers import TimeZoneField
from kindred.common.fields import SingleLineField
from kindred.notifications.selectors import notification_preferences_get
from kindred.notifications.serializers import (
    NotificationPreferencesInputSerializer,
    NotificationPreferencesOutputSerializer,
)


class MeOutputSerializer(serializers.ModelSerializer):
    calendar_url = serializers.SerializerMethodField(
        help_text="Private iCalendar feed of the meetings I said going or maybe to. Keep it secret.")
    notifications = serializers.SerializerMethodField(help_text="Which emails I get. All opt-in except "
                                                      "news that a meeting I replied to was cancelled or changed.")

    class Meta:
        model = User
        fields = ("id", "email", "display_name", "pronouns", "time_zone", "show_on_rosters",
                  "calendar_url", "notifications", "date_joined")
        read_only_fields = fields

    def get_calendar_url(self, user: User) -> str:
        return calendar_url(user)

    @extend_schema_field(NotificationPreferencesOutputSerializer)
    def get_notifications(self, user: User) -> dict[str, object]:
        return NotificationPreferencesOutputSerializer(notification_preferences_get(user=user)).data


class MePatchInputSerializer(serializers.Serializer):
    display_name = SingleLineField(max_length=80, required=False)
    pronouns = SingleLineField(max_length=40, required=False, allow_blank=True)
    time_zone = TimeZoneField(required=False)
    show_on_rosters = serializers.BooleanField(required=False)
    notifications = NotificationPreferencesInputSerializer(required=False)


class MeDeleteInputSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False, style={"input_type": "password"},
                                     help_text="Your current password: a stolen session or token cannot erase.")


class ExportGroupRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ExportOccurrenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.CharField(help_text="The group's slug.")
    starts_at = serializers.DateTimeField()


class ExportProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    display_name = serializers.CharField()
    pronouns = serializers.CharField(allow_blank=True)
    time_zone = serializers.CharField()
    show_on_rosters = serializers.BooleanField()
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)
    is_staff = serializers.BooleanField()
    is_active = serializers.BooleanField()
    calendar_secret = serializers.CharField()
    calendar_url = serializers.URLField()


class ExportApiTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    scope = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)


class ExportMembershipSerializer(serializers.Serializer):
    group = ExportGroupRefSerializer()
    role = serializers.CharField()
    status = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)
    show_on_roster = serializers.BooleanField()
    agreed_version = serializers.IntegerField()
    request_message = serializers.CharField(allow_blank=True)
    joined_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ExportInvitationSerializer(serializers.Serializer):
    group = ExportGroupRefSerializer()
    created_at = serializers.DateTimeField()


class ExportRsvpSerializer(serializers.Serializer):
    occurrence = ExportOccurrenceRefSerializer()
    status = serializers.CharField()
    share_name = serializers.BooleanField()
    waitlisted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class ExportConcernSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = ExportGroupRefSerializer()
    occurrence = ExportOccurrenceRefSerializer(allow_null=True)
    message = serializers.CharField()
    for_moderators = serializers.BooleanField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)


class ExportConcernAboutMeSerializer(serializers.Serializer):
    """That a concern names me, and what became of it; never who raised it nor its words."""

    id = serializers.IntegerField()
    group = ExportGroupRefSerializer()
    occurrence = ExportOccurrenceRefSerializer(allow_null=True)
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)


class ExportConcernResolvedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = ExportGroupRefSerializer()
    occurrence = ExportOccurrenceRefSerializer(allow_null=True)
    status = serializers.CharField()
    resolution_note = serializers.CharField(allow_blank=True, help_text="The note I wrote on resolving it.")
    resolved_at = serializers.DateTimeField(allow_null=True)


class ExportModerationActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    group = ExportGroupRefSerializer(allow_null=True)
    reason = serializers.CharField(allow_blank=True, help_text="The reason I gave.")
    created_at = serializers.DateTimeField()


class ExportModerationAboutMeSerializer(serializers.Serializer):
    """A moderation entry about me; who acted and the reason they wrote are not included."""

    id = serializers.IntegerField()
    action = serializers.CharField()
    group = ExportGroupRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class ExportSeriesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = ExportGroupRefSerializer()
    title = serializers.CharField()
    start_date = serializers.DateField()
    start_time = serializers.TimeField()
    time_zone = serializers.CharField()
    ended_at = serializers.DateTimeField(allow_null=True)


class ExportSignInSerializer(serializers.Serializer):
    attempt_time = serializers.DateTimeField()
    logout_time = serializers.DateTimeField(allow_null=True)
    ip_address = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField(allow_blank=True)
    path_info = serializers.CharField(allow_blank=True)


class ExportFailedSignInSerializer(serializers.Serializer):
    attempt_time = serializers.DateTimeField()
    ip_address = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField(allow_blank=True)
    path_info = serializers.CharField(allow_blank=True)
    locked_out = serializers.BooleanField()


class ExportLockoutCounterSerializer(serializers.Serializer):
    attempt_time = serializers.DateTimeField()
    ip_address = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField(allow_blank=True)
    path_info = serializers.CharField(allow_blank=True)
    failures_since_start = serializers.IntegerField()
    get_data = serializers.CharField(allow_blank=True)
    post_data = serializers.CharField(allow_blank=True, help_text="As the lockout kept it, passwords masked.")


class ExportLoginRecordsSerializer(serializers.Serializer):
    sign_ins = ExportSignInSerializer(many=True)
    failed_sign_ins = ExportFailedSignInSerializer(many=True)
    lockout_counters = ExportLockoutCounterSerializer(many=True, help_text="Failed sign-ins since the last success.")


class ExportEmailSerializer(serializers.Serializer):
    letter = serializers.CharField(help_text="Which email, e.g. `occurrence_cancelled`, `reminder`.")
    about_id = serializers.IntegerField(help_text="The id of the meeting, reply, membership or invitation.")
    status = serializers.CharField(help_text="`READY`, `RUNNING`, `SUCCESSFUL` or `FAILED`.")
    enqueued_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class ExportSessionSerializer(serializers.Serializer):
    expires_at = serializers.DateTimeField()


class ExportAdminChangeSerializer(serializers.Serializer):
    action_time = serializers.DateTimeField()
    action = serializers.CharField(help_text="`added`, `changed` or `deleted`.")
    change_message = serializers.CharField(allow_blank=True)


class ExportAdminActionSerializer(ExportAdminChangeSerializer):
    model = serializers.CharField(allow_null=True)
    object_id = serializers.CharField(allow_null=True)


class ExportAdminLogSerializer(serializers.Serializer):
    changes_to_my_account = ExportAdminChangeSerializer(many=True)
    my_actions = ExportAdminActionSerializer(many=True, help_text="Site moderators only: what I did in the admin.")


class ExportNotificationPreferencesSerializer(serializers.Serializer):
    occurrence_changed = serializers.BooleanField()
    waitlist_promoted = serializers.BooleanField()
    join_request_approved = serializers.BooleanField()
    cofacilitator_invited = serializers.BooleanField()
    reminders = serializers.BooleanField()
    reminder_hours = serializers.IntegerField()
    calendar_includes_group_meetings = serializers.BooleanField()


class ExportSentReminderSerializer(serializers.Serializer):
    occurrence = ExportOccurrenceRefSerializer()
    sent_at = serializers.DateTimeField()


class MeExportOutputSerializer(serializers.Serializer):
    """Everything Kindred holds about me. Token digests and other people's data are never included."""

    exported_at = serializers.DateTimeField()
    profile = ExportProfileSerializer()
    api_tokens = ExportApiTokenSerializer(many=True)
    memberships = ExportMembershipSerializer(many=True)
    facilitator_invitations = ExportInvitationSerializer(many=True)
    rsvps = ExportRsvpSerializer(many=True)
    concerns_raised = ExportConcernSerializer(many=True)
    notification_preferences = ExportNotificationPreferencesSerializer()
    reminders_sent = ExportSentReminderSerializer(many=True, help_text="Reminder emails already sent to me.")
    concerns_about_me = ExportConcernAboutMeSerializer(many=True, help_text=(
        "Concerns that name me: when, in which group, and what became of them. Who raised them and "
        "their words are never exported (the reporter is never revealed to the reported)."))
    concerns_i_resolved = ExportConcernResolvedSerializer(many=True)
    moderation_log_my_actions = ExportModerationActionSerializer(many=True)
    moderation_log_about_me = ExportModerationAboutMeSerializer(many=True)
    series_i_facilitate_on_the_day = ExportSeriesSerializer(many=True)
    facilitator_invitations_sent = ExportInvitationSerializer(many=True)
    login_records = ExportLoginRecordsSerializer(help_text="What the sign-in lockout keeps under my email.")
    emails = ExportEmailSerializer(many=True, help_text=(
        "Emails queued for or sent to me, kept TASK_RESULT_RETENTION_DAYS (7) days after sending."))
    sessions = ExportSessionSerializer(many=True, help_text="My signed-in sessions (never their keys).")
    admin_log = ExportAdminLogSerializer()

"""The lifecycle app's part of the OpenAPI document: my account pages and my membership of a group."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.accounts.serializers import LoginInputSerializer
from kindred.api.schema import problem_doc
from kindred.groups.schema import MEMBERSHIP_EXAMPLE, NO_CONTENT, TAGS
from kindred.groups.serializers import (
    JoinInputSerializer,
    MemberRemoveInputSerializer,
    MembershipOutputSerializer,
    MembershipPatchInputSerializer,
)

from .serializers import MeDeleteInputSerializer, MeOutputSerializer, MePatchInputSerializer

# --- the export's shape (lifecycle.privacy.user_export builds it from its tables) ---------------------

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
    language = serializers.CharField(allow_blank=True, help_text="The language Kindred speaks to me, or ''.")
    show_on_rosters = serializers.BooleanField()
    date_joined = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)
    is_staff = serializers.BooleanField()
    is_active = serializers.BooleanField()
    calendar_secret = serializers.CharField(allow_null=True, help_text="null when exported with a personal token.")
    email_confirmed_at = serializers.DateTimeField(allow_null=True)
    pending_email = serializers.CharField(allow_blank=True, help_text="A new address waiting to be confirmed, or ''.")
    calendar_url = serializers.URLField(allow_null=True, help_text="null when exported with a personal token.")


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
    public_id = serializers.CharField(allow_null=True, help_text="The session's id in /me/sessions/.")
    device = serializers.CharField(allow_blank=True)
    signed_in_at = serializers.DateTimeField(allow_null=True)
    last_seen_at = serializers.DateTimeField(allow_null=True)
    expire_date = serializers.DateTimeField()


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
    join_requested = serializers.BooleanField()
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


ME_EXAMPLE = OpenApiExample(
    "me", response_only=True,
    value={"id": 7, "email": "sam@example.org", "pending_email": None, "display_name": "Sam", "pronouns": "they/them",
           "time_zone": "Europe/London", "language": "", "show_on_rosters": False,
           "calendar_url": "https://kindred.example/api/v1/me/calendar/094jH14Jv-oecqO8p3OgQZoWLTqpQ_qTEaq2fxsmRv8.ics",
           "calendar_secret": "094jH14Jv-oecqO8p3OgQZoWLTqpQ_qTEaq2fxsmRv8",
           "notifications": {"occurrence_changed": True, "waitlist_promoted": False,
                             "join_request_approved": False, "cofacilitator_invited": False,
                             "join_requested": False, "reminders": True, "reminder_hours": 24,
                             "calendar_includes_group_meetings": False},
           "is_staff": False, "date_joined": "2026-11-01T10:00:00Z"},
)


login = extend_schema(
    tags=["auth"], summary="Sign in with email and password (starts a session)",
    description=("A wrong email or password answers **400** `invalid_credentials` (the same whether or not the "
                 "email has an account); 401 only means a token sent with the request was refused (send none); "
                 "too many failures answer 429 `locked_out` with `Retry-After`."),
    request=LoginInputSerializer,
    responses={200: MeOutputSerializer,
               400: problem_doc(400, "That email and password do not match an account.", "invalid_credentials"),
               401: problem_doc(401, "A token sent with the request is unknown or revoked: sign in without one."),
               403: problem_doc(403, "Please confirm your email address first: use the link we emailed you. "
                                     "(Said only to someone who gave the right password.)", "email_not_confirmed"),
               429: problem_doc(429, "Too many failed attempts. Please wait 15 minutes and try again.", "locked_out")},
    examples=[OpenApiExample("login", request_only=True,
                             value={"email": "sam@example.org", "password": "a long passphrase"}),
              ME_EXAMPLE],
)

me = extend_schema_view(
    get=extend_schema(tags=["me"], summary="My profile", responses={200: MeOutputSerializer},
                      examples=[ME_EXAMPLE]),
    patch=extend_schema(
        tags=["me"], summary="Change my profile and privacy defaults",
        request=MePatchInputSerializer, responses={200: MeOutputSerializer},
        examples=[OpenApiExample("rename", request_only=True,
                                 value={"display_name": "S.", "show_on_rosters": True,
                                        "notifications": {"reminders": True, "reminder_hours": 24}}), ME_EXAMPLE],
    ),
    delete=extend_schema(
        tags=["me"], summary="Erase my account and everything about me (needs my password)",
        request=MeDeleteInputSerializer,
        responses={204: OpenApiResponse(description="Erased: memberships, RSVPs, tokens and sessions are gone.")},
        examples=[OpenApiExample("erase", request_only=True, value={"password": "a long passphrase"})],
    ),
)

me_export = extend_schema(
    tags=["me"], summary="Export everything Kindred holds about me, as JSON",
    responses={200: MeExportOutputSerializer},
    examples=[OpenApiExample("export", response_only=True, value={
        "exported_at": "2026-11-02T09:00:00+00:00",
        "profile": {"id": 7, "email": "sam@example.org", "display_name": "Sam", "pronouns": "they/them",
                    "time_zone": "Europe/London", "language": "", "show_on_rosters": False,
                    "date_joined": "2026-11-01T10:00:00+00:00", "last_login": None, "is_staff": False,
                    "is_active": True, "calendar_secret": "094jH14Jv-oecqO8p3OgQZoWLTqpQ_qTEaq2fxsmRv8",
                    "email_confirmed_at": "2026-11-01T10:05:00+00:00", "pending_email": "",
                    "calendar_url": "https://kindred.example/api/v1/me/calendar/094jH14Jv-oecqO8p3OgQZoWLTqpQ_qTEaq2fxsmRv8.ics"},
        "api_tokens": [{"id": 3, "name": "Our intergroup site", "scope": "read", "prefix": "kdr_Xk3v9aQ1",
                        "created_at": "2026-11-01T10:00:00+00:00", "last_used_at": None}],
        "memberships": [{"group": {"slug": "grief-circle", "name": "Grief circle"}, "role": "member",
                         "status": "active", "display_name": "S.", "show_on_roster": False,
                         "agreed_version": 1, "request_message": "", "joined_at": "2026-11-01T10:00:00+00:00",
                         "created_at": "2026-11-01T10:00:00+00:00",
                         "updated_at": "2026-11-01T10:00:00+00:00"}],
        "facilitator_invitations": [], "rsvps": [], "concerns_raised": [], "reminders_sent": [],
        "notification_preferences": {"occurrence_changed": True, "waitlist_promoted": False,
                                     "join_request_approved": False, "cofacilitator_invited": False,
                                     "join_requested": False, "reminders": False, "reminder_hours": 24,
                                     "calendar_includes_group_meetings": False},
        "concerns_about_me": [], "concerns_i_resolved": [], "moderation_log_my_actions": [],
        "moderation_log_about_me": [], "series_i_facilitate_on_the_day": [], "facilitator_invitations_sent": [],
        "login_records": {"sign_ins": [{"attempt_time": "2026-11-02T08:59:00+00:00", "logout_time": None,
                                        "ip_address": "203.0.113.7", "user_agent": "Mozilla/5.0 (Android 15)",
                                        "path_info": "/api/v1/auth/login/"}],
                          "failed_sign_ins": [], "lockout_counters": []},
        "emails": [{"letter": "occurrence_cancelled", "about_id": 311, "status": "SUCCESSFUL",
                    "enqueued_at": "2026-11-01T18:00:00+00:00", "finished_at": "2026-11-01T18:00:02+00:00"}],
        "sessions": [{"public_id": "b3Jh1x0Qk9zVfA2c", "device": "Firefox on Android",
                      "signed_in_at": "2026-11-02T08:59:00+00:00", "last_seen_at": "2026-11-02T09:00:00+00:00",
                      "expire_date": "2026-11-16T08:59:00+00:00"}],
        "admin_log": {"changes_to_my_account": [], "my_actions": []},
    })],
)

calendar_rotate = extend_schema(tags=["me"], summary="Replace my private calendar URL (the old one stops working)",
                                request=None, responses={200: MeOutputSerializer},
                                examples=[ME_EXAMPLE])

membership = extend_schema_view(
    get=extend_schema(tags=TAGS, summary="My membership of this group", responses={200: MembershipOutputSerializer},
                      examples=[MEMBERSHIP_EXAMPLE]),
    post=extend_schema(
        tags=TAGS, summary="Join (open groups) or ask to join (approval groups), accepting the agreements",
        request=JoinInputSerializer,
        responses={201: MembershipOutputSerializer, 409: problem_doc(409, "Already a member or waiting.")},
        examples=[OpenApiExample("join", request_only=True, value={"agreed": True, "display_name": "Sam"}),
                  MEMBERSHIP_EXAMPLE]),
    patch=extend_schema(tags=TAGS, summary="Change my name, roster choice, or accept new agreements here",
                        request=MembershipPatchInputSerializer, responses={200: MembershipOutputSerializer},
                        examples=[OpenApiExample("prefs", request_only=True,
                                                 value={"show_on_roster": True, "display_name": "S."}),
                                  MEMBERSHIP_EXAMPLE]),
    delete=extend_schema(tags=TAGS, summary="Leave the group (immediate; no reason asked; nobody is notified)",
                         responses={204: NO_CONTENT}),
)


member_remove = extend_schema(
    tags=TAGS, summary="Remove a member for a safety reason (facilitators; logged for moderators)",
    description="Only for keeping the group safe. Never for not coming to meetings: nothing tracks that.",
    request=MemberRemoveInputSerializer,
    responses={204: NO_CONTENT, 409: problem_doc(409, "Facilitators and yourself cannot be removed.")},
    examples=[OpenApiExample("remove", request_only=True,
                             value={"reason": "Repeated harassment of another member after a warning."})])

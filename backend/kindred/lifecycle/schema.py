"""The lifecycle app's part of the OpenAPI document: my account pages and my membership of a group."""

from __future__ import annotations

import copy
from typing import Any

from django.apps import apps
from django.db import models
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from kindred.accounts.schema import INVALID_CREDENTIALS
from kindred.accounts.serializers import LoginInputSerializer
from kindred.api.schema import problem_doc, request_example, response_example
from kindred.groups.schema import MEMBERSHIP_EXAMPLE, NO_CONTENT, TAGS
from kindred.groups.serializers import (
    JoinInputSerializer,
    MemberRemoveInputSerializer,
    MembershipOutputSerializer,
    MembershipPatchInputSerializer,
)

from . import privacy
from .serializers import MeDeleteInputSerializer, MeOutputSerializer, MePatchInputSerializer

# --- the export's shape, made from the tables lifecycle.privacy.user_export builds the export from --------

class ExportGroupRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ExportOccurrenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = serializers.CharField(help_text="The group's slug.")
    starts_at = serializers.DateTimeField()


# A model field's kind -> how the export writes it; a group or a meeting is described (privacy._value).
FIELD_OF_KIND: dict[str, type[serializers.Field]] = {
    "BooleanField": serializers.BooleanField, "DateField": serializers.DateField, "TimeField": serializers.TimeField,
    "DateTimeField": serializers.DateTimeField, "GenericIPAddressField": serializers.IPAddressField,
    **dict.fromkeys(("AutoField", "BigAutoField", "IntegerField", "PositiveIntegerField",
                     "PositiveSmallIntegerField"), serializers.IntegerField),
}
REFERENCES = {"groups.Group": ExportGroupRefSerializer, "meetings.Occurrence": ExportOccurrenceRefSerializer}

# Each section's component name, and what a field's type alone does not say.
SHAPE_NAMES = {
    "profile": "ExportProfile", "api_tokens": "ExportApiToken", "memberships": "ExportMembership",
    "facilitator_invitations": "ExportInvitation", "rsvps": "ExportRsvp", "concerns_raised": "ExportConcern",
    "notification_preferences": "ExportNotificationPreferences", "reminders_sent": "ExportSentReminder",
    "sessions": "ExportSession", "concerns_about_me": "ExportConcernAboutMe",
    "concerns_i_resolved": "ExportConcernResolved", "moderation_log_my_actions": "ExportModerationAction",
    "moderation_log_about_me": "ExportModerationAboutMe", "series_i_facilitate_on_the_day": "ExportSeries",
    "facilitator_invitations_sent": "ExportInvitation", "sign_ins": "ExportSignIn",
    "failed_sign_ins": "ExportFailedSignIn", "lockout_counters": "ExportLockoutCounter",
}
SHAPE_DOCS = {
    "concerns_about_me": "That a concern names me, and what became of it; never who raised it nor its words.",
    "moderation_log_about_me": "A moderation entry about me; who acted and the reason they wrote are not included.",
}
FIELD_NOTES: dict[str, dict[str, dict[str, Any]]] = {
    "profile": {"calendar_secret": {"allow_null": True, "help_text": "null when exported with a personal token."},
                "pending_email": {"help_text": "A new address waiting to be confirmed, or ''."}},
    "concerns_i_resolved": {"resolution_note": {"help_text": "The note I wrote on resolving it."}},
    "moderation_log_my_actions": {"reason": {"help_text": "The reason I gave."}},
    "lockout_counters": {"post_data": {"help_text": "As the lockout kept it, passwords masked."}},
    "sessions": {"public_id": {"help_text": "The session's id in /me/sessions/."}},
}
_SHAPES: dict[str, type[serializers.Serializer]] = {}


def _export_field(field: Any, **notes: Any) -> serializers.Field:
    options = {"allow_null": field.null, **notes}
    if field.is_relation:
        return REFERENCES[field.related_model._meta.label](**options)
    if isinstance(field, models.EmailField) and not field.blank:
        return serializers.EmailField(**options)
    return FIELD_OF_KIND.get(field.get_internal_type(), serializers.CharField)(**options)


def export_shape(section: str, label: str, names: tuple[str, ...], **extra: serializers.Field,
                 ) -> type[serializers.Serializer]:
    """The serializer declaring one section's rows: ``names`` of model ``label``, as the export writes them."""
    name = SHAPE_NAMES[section]
    if name not in _SHAPES:  # two sections with one shape share one component
        model, notes = apps.get_model(label), FIELD_NOTES.get(section, {})
        declared = {field: _export_field(model._meta.get_field(field), **notes.get(field, {})) for field in names}
        declared |= {field: copy.deepcopy(made) for field, made in extra.items()}  # a copy is made last: it comes last
        _SHAPES[name] = type(f"{name}Serializer", (serializers.Serializer,),
                             {"__doc__": SHAPE_DOCS.get(section), "__module__": __name__, **declared})
    return _SHAPES[name]


OWN = {section: export_shape(section, label, privacy.EXPORTED_FIELDS[label])
       for label, (section, _owner) in privacy.EXPORT_SECTIONS.items()}
LINKED = {section: export_shape(section, label, names)
          for section, (label, _link, names) in privacy.LINKED_SECTIONS.items()}
LOGIN_RECORDS = {section: export_shape(section, label, names)
                 for section, (label, names) in privacy.LOGIN_RECORDS.items()}
ExportProfileSerializer = export_shape(
    "profile", "accounts.User", privacy.EXPORTED_FIELDS["accounts.User"],
    calendar_url=serializers.URLField(allow_null=True, help_text="null when exported with a personal token."))
ExportNotificationPreferencesSerializer = export_shape(
    "notification_preferences", "notifications.NotificationPreferences",
    privacy.EXPORTED_FIELDS["notifications.NotificationPreferences"])


class ExportLoginRecordsSerializer(serializers.Serializer):
    sign_ins = LOGIN_RECORDS["sign_ins"](many=True)
    failed_sign_ins = LOGIN_RECORDS["failed_sign_ins"](many=True)
    lockout_counters = LOGIN_RECORDS["lockout_counters"](many=True, help_text="Failed sign-ins since the last success.")


class ExportEmailSerializer(serializers.Serializer):
    letter = serializers.CharField(help_text="Which email, e.g. `occurrence_cancelled`, `reminder`.")
    about_id = serializers.IntegerField(help_text="The id of the meeting, reply, membership or invitation.")
    status = serializers.CharField(help_text="`READY`, `RUNNING`, `SUCCESSFUL` or `FAILED`.")
    enqueued_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


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


class MeExportOutputSerializer(serializers.Serializer):
    """Everything Kindred holds about me. Token digests and other people's data are never included."""

    exported_at = serializers.DateTimeField()
    profile = ExportProfileSerializer()
    api_tokens = OWN["api_tokens"](many=True)
    memberships = OWN["memberships"](many=True)
    facilitator_invitations = OWN["facilitator_invitations"](many=True)
    rsvps = OWN["rsvps"](many=True)
    concerns_raised = OWN["concerns_raised"](many=True)
    notification_preferences = ExportNotificationPreferencesSerializer()
    reminders_sent = OWN["reminders_sent"](many=True, help_text="Reminder emails already sent to me.")
    concerns_about_me = LINKED["concerns_about_me"](many=True, help_text=(
        "Concerns that name me: when, in which group, and what became of them. Who raised them and "
        "their words are never exported (the reporter is never revealed to the reported)."))
    concerns_i_resolved = LINKED["concerns_i_resolved"](many=True)
    moderation_log_my_actions = LINKED["moderation_log_my_actions"](many=True)
    moderation_log_about_me = LINKED["moderation_log_about_me"](many=True)
    series_i_facilitate_on_the_day = LINKED["series_i_facilitate_on_the_day"](many=True)
    facilitator_invitations_sent = LINKED["facilitator_invitations_sent"](many=True)
    login_records = ExportLoginRecordsSerializer(help_text="What the sign-in lockout keeps under my email.")
    emails = ExportEmailSerializer(many=True, help_text=(
        "Emails queued for or sent to me, kept TASK_RESULT_RETENTION_DAYS (7) days after sending."))
    sessions = OWN["sessions"](many=True, help_text="My signed-in sessions (never their keys).")
    admin_log = ExportAdminLogSerializer()


NOTIFICATIONS = {"occurrence_changed": True, "waitlist_promoted": False, "join_request_approved": False,
                 "cofacilitator_invited": False, "join_requested": False, "reminders": True, "reminder_hours": 24,
                 "calendar_includes_group_meetings": False}
ME_EXAMPLE = response_example("me", {
    "id": 7, "email": "sam@example.org", "pending_email": None, "display_name": "Sam", "pronouns": "they/them",
    "time_zone": "Europe/London", "language": "", "show_on_rosters": False,
    "calendar_url": "https://kindred.example/api/v1/me/calendar/094jH14Jv-oecqO8p3OgQZoWLTqpQ_qTEaq2fxsmRv8.ics",
    "calendar_secret": "094jH14Jv-oecqO8p3OgQZoWLTqpQ_qTEaq2fxsmRv8",
    "notifications": NOTIFICATIONS, "is_staff": False, "date_joined": "2026-11-01T10:00:00Z"})


login = extend_schema(
    tags=["auth"], summary="Sign in with email and password (starts a session)",
    description=("A wrong email or password answers **400** `invalid_credentials` (the same whether or not the "
                 "email has an account); 401 only means a token sent with the request was refused (send none); "
                 "too many failures answer 429 `locked_out` with `Retry-After`."),
    request=LoginInputSerializer,
    responses={200: MeOutputSerializer, 400: INVALID_CREDENTIALS,
               401: problem_doc(401, "A token sent with the request is unknown or revoked: sign in without one."),
               403: problem_doc(403, "Please confirm your email address first: use the link we emailed you. "
                                     "(Said only to someone who gave the right password.)", "email_not_confirmed"),
               429: problem_doc(429, "Too many failed attempts. Please wait 15 minutes and try again.", "locked_out")},
    examples=[request_example("login", email="sam@example.org", password="a long passphrase"), ME_EXAMPLE],
)

me = extend_schema_view(
    get=extend_schema(tags=["me"], summary="My profile", responses={200: MeOutputSerializer},
                      examples=[ME_EXAMPLE]),
    patch=extend_schema(
        tags=["me"], summary="Change my profile and privacy defaults",
        request=MePatchInputSerializer, responses={200: MeOutputSerializer},
        examples=[request_example("rename", display_name="S.", show_on_rosters=True,
                                  notifications={"reminders": True, "reminder_hours": 24}), ME_EXAMPLE],
    ),
    delete=extend_schema(
        tags=["me"], summary="Erase my account and everything about me (needs my password)",
        request=MeDeleteInputSerializer,
        responses={204: OpenApiResponse(description="Erased: memberships, RSVPs, tokens and sessions are gone.")},
        examples=[request_example("erase", password="a long passphrase")],
    ),
)

me_export = extend_schema(
    tags=["me"], summary="Export everything Kindred holds about me, as JSON",
    responses={200: MeExportOutputSerializer},
    examples=[response_example("export", {
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
        "notification_preferences": {**NOTIFICATIONS, "reminders": False},
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
        examples=[request_example("join", agreed=True, display_name="Sam"), MEMBERSHIP_EXAMPLE]),
    patch=extend_schema(tags=TAGS, summary="Change my name, roster choice, or accept new agreements here",
                        request=MembershipPatchInputSerializer, responses={200: MembershipOutputSerializer},
                        examples=[request_example("prefs", show_on_roster=True, display_name="S."),
                                  MEMBERSHIP_EXAMPLE]),
    delete=extend_schema(tags=TAGS, summary="Leave the group (immediate; no reason asked; nobody is notified)",
                         responses={204: NO_CONTENT}),
)


member_remove = extend_schema(
    tags=TAGS, summary="Remove a member for a safety reason (facilitators; logged for moderators)",
    description="Only for keeping the group safe. Never for not coming to meetings: nothing tracks that.",
    request=MemberRemoveInputSerializer,
    responses={204: NO_CONTENT, 409: problem_doc(409, "Facilitators and yourself cannot be removed.")},
    examples=[request_example("remove", reason="Repeated harassment of another member after a warning.")])

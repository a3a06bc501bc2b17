"""Data rights: export everything Kindred holds about a person, and erase the account.

``EXPORTED_FIELDS`` is the single list of personal fields per model: the export is built from it,
and ``tests/security/test_data_rights.py`` classifies every concrete field of every Kindred model
so that a new field is either added here (exported, and removed on erasure) or declared not
personal. Erasure deletes the person's rows and the User row itself; concerns they raised are
kept for moderators with the reporter removed (the text alone, anonymised). See
docs/decisions/privacy-erasure.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

from kindred.api.caching import DIRECTORY, bump
from kindred.api.errors import DomainError
from kindred.meetings.services import rsvp_release_all_for_user

from .models import ApiToken, User

# model label -> the fields of that model exported (in this order) for the person they belong to.
# Foreign keys to groups/occurrences are exported as the group's slug and name or the occurrence's
# time, never as another person's data.
EXPORTED_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts.User": ("id", "email", "display_name", "pronouns", "time_zone", "show_on_rosters",
                      "date_joined", "last_login", "is_staff", "is_active", "calendar_secret"),
    "accounts.ApiToken": ("id", "name", "scope", "prefix", "created_at", "last_used_at"),
    "groups.Membership": ("group", "role", "status", "display_name", "show_on_roster", "agreed_version",
                          "request_message", "joined_at", "created_at", "updated_at"),
    "groups.FacilitatorInvitation": ("group", "created_at"),
    "meetings.Rsvp": ("occurrence", "status", "share_name", "waitlisted_at", "created_at", "updated_at"),
    "moderation.Concern": ("id", "group", "occurrence", "message", "for_moderators", "status", "created_at"),
    "notifications.NotificationPreferences": (
        "occurrence_changed", "waitlist_promoted", "join_request_approved", "cofacilitator_invited",
        "reminders", "reminder_hours", "calendar_includes_group_meetings"),
    "notifications.SentReminder": ("occurrence", "sent_at"),
}

# Export section name for each model, and the field linking its rows to the person.
EXPORT_SECTIONS: dict[str, tuple[str, str]] = {
    "accounts.ApiToken": ("api_tokens", "user"),
    "groups.Membership": ("memberships", "user"),
    "groups.FacilitatorInvitation": ("facilitator_invitations", "invitee"),
    "meetings.Rsvp": ("rsvps", "user"),
    "moderation.Concern": ("concerns_raised", "reporter"),
    "notifications.SentReminder": ("reminders_sent", "user"),
}


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def _value(instance: models.Model, name: str) -> Any:
    """A JSON-ready value; related groups and occurrences are described, not numbered only."""
    field = instance._meta.get_field(name)
    if not field.is_relation:
        value = getattr(instance, name)
        return value.isoformat() if hasattr(value, "isoformat") else value
    related = getattr(instance, name)
    if related is None:
        return None
    if related._meta.label == "groups.Group":
        return {"slug": related.slug, "name": related.name}
    if related._meta.label == "meetings.Occurrence":
        return {"id": related.pk, "group": related.group.slug, "starts_at": related.starts_at.isoformat()}
    return related.pk


def _row(instance: models.Model, label: str) -> dict[str, Any]:
    return {name: _value(instance, name) for name in EXPORTED_FIELDS[label]}


def _related_rows(label: str, owner_field: str, user: User) -> Iterable[models.Model]:
    model = _model(label)
    relations = [name for name in EXPORTED_FIELDS[label] if model._meta.get_field(name).is_relation]
    queryset = model._default_manager.filter(**{owner_field: user})
    if "occurrence" in relations:
        relations = [*relations, "occurrence__group"]
    return queryset.select_related(*relations).order_by("pk")


def user_export(*, user: User) -> dict[str, Any]:
    """Every personal field held about ``user`` (never token digests or other people's data)."""
    profile = _row(user, "accounts.User")
    profile["calendar_url"] = f"{settings.SITE_URL}/api/v1/me/calendar/{user.calendar_secret}.ics"
    export: dict[str, Any] = {"exported_at": timezone.now().isoformat(), "profile": profile}
    for label, (section, owner_field) in EXPORT_SECTIONS.items():
        export[section] = [_row(row, label) for row in _related_rows(label, owner_field, user)]
    export["notification_preferences"] = _notification_preferences(user)
    return export


def _notification_preferences(user: User) -> dict[str, Any]:
    label = "notifications.NotificationPreferences"
    model = _model(label)
    preferences = model._default_manager.filter(user=user).first()
    if preferences is None:
        preferences = model(user=user)  # the defaults are what applies until they are changed
    return _row(preferences, label)


class PasswordMismatch(DomainError):
    status_code = 400
    default_code = "password_mismatch"


@transaction.atomic
def user_erase(*, user: User, password: str) -> None:
    """Erase the account: RSVPs released (waitlists move up), memberships, invitations, tokens,
    sessions, preferences and login-failure records deleted, raised concerns kept without the
    reporter, then the User row deleted."""
    if not user.check_password(password):
        raise PasswordMismatch("That password doesn't match. Enter the password you sign in with.",
                               field="password")
    _erase(user)


@transaction.atomic
def user_erase_by_staff(*, user: User, actor: User, reason: str) -> None:
    """A site moderator erases an account from the admin. No password is asked (the person is not the
    one asking); the moderation log records which moderator did it and why, and nothing about the
    person. The erasure itself is the one the person can ask for."""
    if not actor.is_staff:
        raise DomainError("Only site moderators can erase another person's account.", code="not_staff",
                          status_code=403)
    if user.pk == actor.pk:
        raise DomainError("Erase your own account from your profile, with your password.",
                          code="cannot_erase_self", status_code=409)
    _model("moderation.ModerationLogEntry")._default_manager.create(action="account_erased", actor=actor,
                                                                    reason=reason)
    _erase(user)


def _erase(user: User) -> None:
    rsvp_release_all_for_user(user=user)  # frees their places, so waitlisted members move up
    _model("groups.Membership")._default_manager.filter(user=user).delete()
    _model("moderation.Concern")._default_manager.filter(reporter=user).update(reporter=None)
    ApiToken.objects.filter(user=user).delete()
    sessions_end_for_user(user=user)
    _forget_login_attempts(user)
    user.delete()  # cascades the rest (preferences, invitations); SET_NULL elsewhere
    bump(DIRECTORY)  # their name and membership leave the public (cached) directory and group pages now


def sessions_end_for_user(*, user: User) -> int:
    """Delete every database session signed in as ``user``; returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def _forget_login_attempts(user: User) -> None:
    """django-axes keeps the email of failed and successful sign-ins; it goes with the account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()

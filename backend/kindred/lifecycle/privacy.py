"""Data rights: export everything Kindred holds about a person, and erase the account.

The rule: the export holds everything erasure removes or anonymises. ``EXPORTED_FIELDS`` is the
single list of personal fields per model (rows the person owns), ``LINKED_SECTIONS`` what is
exported of other rows that point at the person (and lose that link on erasure), and the export
adds the rows other apps keep under their email or id (sign-in records, queued and sent emails,
the admin's log). ``tests/security/test_data_rights.py`` classifies every concrete field
of every Kindred model, so a new field or link is either exported here or declared not personal.
Erasure deletes the person's rows and the User row itself; concerns they raised are kept for
moderators with the reporter removed (the text alone, anonymised). What is held back, and why
(who raised a concern about them, and its words): docs/decisions/privacy-erasure.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kindred.accounts.models import ApiToken, User
from kindred.accounts.presenters import calendar_url
from kindred.accounts.services import sessions_end
from kindred.common.errors import Conflict, Forbidden, PasswordMismatch
from kindred.groups.events import membership_changed
from kindred.groups.models import FacilitatorInvitation, Membership
from kindred.meetings.services import rsvp_release_all_for_user
from kindred.moderation.models import Concern, ModerationLogEntry
from kindred.notifications.services import task_results_forget_person

logger = logging.getLogger("kindred.lifecycle")

# model label -> the fields of that model exported (in this order) for the person they belong to.
# Foreign keys to groups/occurrences are exported as the group's slug and name or the occurrence's
# time, never as another person's data.
EXPORTED_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts.User": ("id", "email", "display_name", "pronouns", "time_zone", "language", "show_on_rosters",
                      "date_joined", "last_login", "is_staff", "is_active", "calendar_secret",
                      "email_confirmed_at", "pending_email"),
    "accounts.ApiToken": ("id", "name", "scope", "prefix", "created_at", "last_used_at"),
    "groups.Membership": ("group", "role", "status", "display_name", "show_on_roster", "agreed_version",
                          "request_message", "joined_at", "created_at", "updated_at"),
    "groups.FacilitatorInvitation": ("group", "created_at"),
    "meetings.Rsvp": ("occurrence", "status", "share_name", "waitlisted_at", "created_at", "updated_at"),
    "moderation.Concern": ("id", "group", "occurrence", "message", "for_moderators", "status", "created_at",
                           "resolved_at"),
    "notifications.NotificationPreferences": (
        "occurrence_changed", "waitlist_promoted", "join_request_approved", "cofacilitator_invited",
        "join_requested", "reminders", "reminder_hours", "calendar_includes_group_meetings"),
    "notifications.SentReminder": ("occurrence", "sent_at"),
    "accounts.SignedInSession": ("public_id", "device", "signed_in_at", "last_seen_at", "expire_date"),
}

# Export section name for each model, and the field linking its rows to the person.
EXPORT_SECTIONS: dict[str, tuple[str, str]] = {
    "accounts.ApiToken": ("api_tokens", "user"),
    "groups.Membership": ("memberships", "user"),
    "groups.FacilitatorInvitation": ("facilitator_invitations", "invitee"),
    "meetings.Rsvp": ("rsvps", "user"),
    "moderation.Concern": ("concerns_raised", "reporter"),
    "notifications.SentReminder": ("reminders_sent", "user"),
    "accounts.SignedInSession": ("sessions", "user"),  # never the key or its data
}


# Rows that are someone else's but point at the person (set to null, or deleted, on erasure):
# section -> (model label, the field pointing at the person, the fields exported). What another
# person wrote about them is left out: the reporter of a concern and its words are never exported
# to the person it is about, nor a moderation reason written about them (see privacy-erasure.md).
LINKED_SECTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "concerns_about_me": ("moderation.Concern", "subject_user",
                          ("id", "group", "occurrence", "status", "created_at", "resolved_at")),
    "concerns_i_resolved": ("moderation.Concern", "resolved_by",
                            ("id", "group", "occurrence", "status", "resolution_note", "resolved_at")),
    "moderation_log_my_actions": ("moderation.ModerationLogEntry", "actor",
                                  ("id", "action", "group", "reason", "created_at")),
    "moderation_log_about_me": ("moderation.ModerationLogEntry", "subject_user",
                                ("id", "action", "group", "created_at")),
    "series_i_facilitate_on_the_day": ("meetings.MeetingSeries", "facilitator",
                                       ("id", "group", "title", "start_date", "start_time", "time_zone", "ended_at")),
    "facilitator_invitations_sent": ("groups.FacilitatorInvitation", "invited_by", ("group", "created_at")),
}

# django-axes' records of signing in, kept under the email address (deleted on erasure).
LOGIN_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sign_ins": ("axes.AccessLog", ("attempt_time", "logout_time", "ip_address", "user_agent", "path_info")),
    "failed_sign_ins": ("axes.AccessFailureLog",
                        ("attempt_time", "ip_address", "user_agent", "path_info", "locked_out")),
    "lockout_counters": ("axes.AccessAttempt", ("attempt_time", "ip_address", "user_agent", "path_info",
                                                "failures_since_start", "get_data", "post_data")),
}


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


def _row(instance: models.Model, label: str, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    return {name: _value(instance, name) for name in (fields or EXPORTED_FIELDS[label])}


def _related_rows(label: str, owner_field: str, user: User, fields: tuple[str, ...] | None = None,
                  ) -> Iterable[models.Model]:
    model = apps.get_model(label)
    relations = [name for name in (fields or EXPORTED_FIELDS[label]) if model._meta.get_field(name).is_relation]
    queryset = model._default_manager.filter(**{owner_field: user})
    if "occurrence" in relations:
        relations = [*relations, "occurrence__group"]
    return queryset.select_related(*relations).order_by("pk")


def user_export(*, user: User, with_secrets: bool = True) -> dict[str, Any]:
    """Every personal field held about ``user`` (never token digests or other people's data).
    ``with_secrets=False`` (asked with a personal token): the calendar secret and URL are null."""
    profile = _row(user, "accounts.User")
    profile["calendar_url"] = calendar_url(user)
    if not with_secrets:
        profile["calendar_secret"] = profile["calendar_url"] = None
    export: dict[str, Any] = {"exported_at": timezone.now().isoformat(), "profile": profile}
    for label, (section, owner_field) in EXPORT_SECTIONS.items():
        export[section] = [_row(row, label) for row in _related_rows(label, owner_field, user)]
    export["notification_preferences"] = _notification_preferences(user)
    for section, (label, link_field, fields) in LINKED_SECTIONS.items():
        export[section] = [_row(row, label, fields) for row in _related_rows(label, link_field, user, fields)]
    export["login_records"] = {section: [_row(row, label, fields) for row in _login_records(label, user)]
                               for section, (label, fields) in LOGIN_RECORDS.items()}
    export["emails"] = _emails(user)
    export["admin_log"] = _admin_log(user)
    return export


def _login_records(label: str, user: User) -> Iterable[models.Model]:
    return apps.get_model(label)._default_manager.filter(username__iexact=user.email).order_by("attempt_time", "pk")


def _emails(user: User) -> list[dict[str, Any]]:
    """Emails queued for or sent to the person while their task rows are kept (ids only, no words)."""
    from django_tasks_db.models import DBTaskResult

    rows = (DBTaskResult.objects.filter(args_kwargs__kwargs__user_id=user.pk, task_path__endswith=".deliver_email")
            .order_by("enqueued_at"))
    return [{"letter": row.args_kwargs["kwargs"].get("letter"), "about_id": row.args_kwargs["kwargs"].get("about_id"),
             "status": row.status, "enqueued_at": row.enqueued_at.isoformat(),
             "finished_at": row.finished_at.isoformat() if row.finished_at else None} for row in rows]


def _admin_log(user: User) -> dict[str, list[dict[str, Any]]]:
    """What site moderators changed on the account in the admin, and (for moderators) what they did
    there: when, which kind of action, the admin's own description. Never another person's name."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    about_me = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    mine = LogEntry.objects.filter(user=user).select_related("content_type")
    return {
        "changes_to_my_account": [{"action_time": entry.action_time.isoformat(), "action": _admin_action(entry),
                                   "change_message": entry.get_change_message()}
                                  for entry in about_me.order_by("action_time", "pk")],
        "my_actions": [{"action_time": entry.action_time.isoformat(), "action": _admin_action(entry),
                        "model": getattr(entry.content_type, "model", None),
                        "object_id": entry.object_id, "change_message": entry.get_change_message()}
                       for entry in mine.order_by("action_time", "pk")],
    }


def _admin_action(entry: Any) -> str:
    return {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, str(entry.action_flag))


def _notification_preferences(user: User) -> dict[str, Any]:
    label = "notifications.NotificationPreferences"
    model = apps.get_model(label)
    preferences = model._default_manager.filter(user=user).first()
    if preferences is None:
        preferences = model(user=user)  # the defaults are what applies until they are changed
    return _row(preferences, label)


@transaction.atomic
def user_erase(*, user: User, password: str) -> None:
    """Erase the account: RSVPs released (waitlists move up), memberships, invitations, tokens,
    sessions, preferences and login-failure records deleted, raised concerns kept without the
    reporter, then the User row deleted."""
    if not user.check_password(password):
        raise PasswordMismatch(_("That password doesn't match. Enter the password you sign in with."),
                               field="password")
    _erase(user)


@transaction.atomic
def user_erase_by_staff(*, user: User, actor: User, reason: str) -> None:
    """A site moderator erases an account from the admin. No password is asked (the person is not the
    one asking); the moderation log records which moderator did it and why, and nothing about the
    person. The erasure itself is the one the person can ask for."""
    if not actor.is_staff:
        raise Forbidden(_("Only site moderators can erase another person's account."), code="not_staff")
    if user.pk == actor.pk:
        raise Conflict(_("Erase your own account from your profile, with your password."), code="cannot_erase_self")
    ModerationLogEntry.objects.create(action=ModerationLogEntry.Action.ACCOUNT_ERASED, actor=actor, reason=reason)
    _erase(user)


def _erase(user: User) -> None:
    rsvp_release_all_for_user(user=user)  # frees their places, so waitlisted members move up
    memberships = Membership.objects.filter(user=user).select_related("group")
    groups = [membership.group for membership in memberships]
    memberships.delete()
    FacilitatorInvitation.objects.filter(invited_by=user).delete()  # void without them
    Concern.objects.filter(reporter=user).update(reporter=None)
    ApiToken.objects.filter(user=user).delete()
    sessions_end(user=user)
    _forget_login_attempts(user)
    _forget_admin_history(user)
    task_results_forget_person(user_id=user.pk)  # queued and sent emails (ids only, but theirs)
    user.delete()  # cascades the rest (preferences, invitations); SET_NULL elsewhere
    for group in groups:  # their name and membership leave the public pages now
        membership_changed.send(group=group, user=user)


def _forget_admin_history(user: User) -> None:
    """The admin's log names the account it changed (``object_repr`` is their display name)."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).delete()


def _forget_login_attempts(user: User) -> None:
    """django-axes keeps the email of failed and successful sign-ins; it goes with the account."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.email).delete()


# --- the one automatic deletion: accounts whose address was never confirmed ------------------------

def unconfirmed_accounts(*, now: dt.datetime | None = None) -> QuerySet[User]:
    """Accounts never confirmed, registered more than UNCONFIRMED_ACCOUNT_DAYS ago, that never signed
    in and hold nothing (no membership, reply, concern or token). Confirmed accounts, whatever their
    age or activity, are never deleted automatically."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS)
    return (User.objects.filter(email_confirmed_at__isnull=True, date_joined__lt=cutoff, last_login__isnull=True,
                                is_staff=False)
            .filter(memberships__isnull=True, rsvps__isnull=True, concerns_raised__isnull=True,
                    api_tokens__isnull=True)
            .distinct())


def unconfirmed_accounts_delete(*, now: dt.datetime | None = None) -> int:
    """Delete those accounts as an erasure deletes (their queued emails, sign-in records and sessions
    too); returns how many. Safe to run as often as you like."""
    deleted = 0
    for user in unconfirmed_accounts(now=now):
        with transaction.atomic():
            _erase(user)
        deleted += 1
    return deleted


HOUSEKEEPING_KEY = "kindred:housekeeping:unconfirmed"
HOUSEKEEPING_EVERY_SECONDS = 3600


def unconfirmed_accounts_delete_now_and_then(sender: Any, **kwargs: Any) -> None:
    """After a database task finishes, delete the expired unconfirmed accounts at most once an hour
    across every worker (as the task table is pruned, kindred.notifications.services), so the rule
    holds wherever a worker runs, with or without cron. Never fails the task that just finished."""
    from django_tasks_db.backend import DatabaseBackend

    backend = sender if isinstance(sender, type) else type(sender)
    try:
        if not issubclass(backend, DatabaseBackend) or not cache.add(HOUSEKEEPING_KEY, True,
                                                                     timeout=HOUSEKEEPING_EVERY_SECONDS):
            return
        deleted = unconfirmed_accounts_delete()
    except Exception:  # housekeeping must never fail the task that just finished
        logger.exception("could not delete unconfirmed accounts")
        return
    if deleted:
        logger.info("deleted %s account(s) never confirmed in %s days", deleted, settings.UNCONFIRMED_ACCOUNT_DAYS)

"""Notification writes: preferences, unsubscribing, recording reminders so none is sent twice, and
keeping the task table short (finished rows pruned, a person's rows gone with their account)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from kindred.accounts.models import User
from kindred.common.errors import NotFound
from kindred.common.services import model_update

from .models import NotificationPreferences, SentReminder
from .tokens import read_unsubscribe_token

logger = logging.getLogger("kindred.notifications")

PREFERENCE_FIELDS = (*NotificationPreferences.KINDS, "reminder_hours", "calendar_includes_group_meetings")


@transaction.atomic
def notification_preferences_update(*, user: User, data: dict[str, Any]) -> NotificationPreferences:
    preferences, _created = NotificationPreferences.objects.select_for_update().get_or_create(user=user)
    model_update(instance=preferences, fields=PREFERENCE_FIELDS, data=data)
    user.notification_preferences = preferences
    return preferences


def unsubscribe_target(*, token: str) -> tuple[User, str]:
    """The person and kind an unsubscribe token names; 404 for a forged token or an erased account."""
    parsed = read_unsubscribe_token(token)
    user = User.objects.filter(pk=parsed[0], is_active=True).first() if parsed else None
    if parsed is None or user is None or parsed[1] not in NotificationPreferences.KINDS:
        raise NotFound(_("This unsubscribe link is not valid. You can change your email choices on your profile."))
    return user, parsed[1]


@transaction.atomic
def notification_unsubscribe(*, token: str) -> tuple[User, str]:
    """Turn off one kind of email for the person the token names. Doing it twice changes nothing."""
    user, kind = unsubscribe_target(token=token)
    notification_preferences_update(user=user, data={kind: False})
    return user, kind


def reminder_record(*, user_id: int, occurrence_id: int) -> bool:
    """Claim the reminder for this person and meeting; False when it was already sent (or claimed)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(user_id=user_id, occurrence_id=occurrence_id)
    except IntegrityError:
        return False
    return True


def task_results_forget_person(*, user_id: int) -> int:
    """Delete the queued and finished task rows about one person (every task about one person carries
    ``user_id``); returns how many went. Part of erasing an account.

    A row a worker is running right now is left alone (deleting it under the worker would fail the
    worker); that task finds the person gone, sends nothing, and its row (ids only) is pruned later.
    """
    rows = DBTaskResult.objects.filter(args_kwargs__kwargs__user_id=user_id).exclude(status=TaskResultStatus.RUNNING)
    deleted, _by_model = rows.delete()
    return deleted


def task_results_prune(*, now: dt.datetime | None = None, days: float | None = None) -> int:
    """Delete task rows that finished more than ``days`` (default ``TASK_RESULT_RETENTION_DAYS``) ago."""
    days = settings.TASK_RESULT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


PRUNE_EVERY_SECONDS = 3600


def task_results_prune_now_and_then(sender: Any, **kwargs: Any) -> None:
    """After a database task finishes, prune old rows, at most once an hour across every worker (a
    cache key says when it last ran), so retention holds whenever a worker runs, with or without cron.
    Connected to django-tasks' ``task_finished`` signal; never lets a failure reach the worker (an
    exception here would mark the task that just succeeded as failed)."""
    backend = sender if isinstance(sender, type) else type(sender)  # django-tasks-db sends either
    try:
        if not issubclass(backend, DatabaseBackend) or not cache.add(PRUNED_KEY, True, timeout=PRUNE_EVERY_SECONDS):
            return
        pruned = task_results_prune()
    except Exception:  # housekeeping must never fail the task that just finished
        logger.exception("could not prune old task results")
        return
    if pruned:
        logger.info("pruned %s task results older than %s days", pruned, settings.TASK_RESULT_RETENTION_DAYS)


PRUNED_KEY = "kindred:tasks:pruned"

"""Finished background-task rows are deleted after TASK_RESULT_RETENTION_DAYS: by `manage.py
prune_tasks` (cron) and by the worker itself, hourly, as it runs tasks. Queued rows are never pruned."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kindred.notifications import tasks
from tests.factories import OccurrenceFactory, RsvpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_RESULT_RETENTION_DAYS = 7


def task_row(*, finished_days_ago: float | None) -> DBTaskResult:
    """A row of a real task; finished that many days ago, or still queued (None)."""
    result = tasks.send_reminders_task.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    if finished_days_ago is not None:
        row.status = "SUCCESSFUL"
        row.finished_at = timezone.now() - dt.timedelta(days=finished_days_ago)
        row.save()
    return row


def test_prune_tasks_deletes_finished_rows_past_the_retention_only(database_tasks):
    old, recent, queued = task_row(finished_days_ago=8), task_row(finished_days_ago=6), task_row(finished_days_ago=None)
    DBTaskResult.objects.filter(pk=queued.pk).update(enqueued_at=timezone.now() - dt.timedelta(days=30))
    out = io.StringIO()

    call_command("prune_tasks", stdout=out)

    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, queued.pk}
    assert "1 finished task row(s) deleted." in out.getvalue()
    assert old.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))


def test_prune_tasks_days_overrides_the_setting(database_tasks):
    task_row(finished_days_ago=2)
    call_command("prune_tasks", "--days", "1", stdout=io.StringIO())
    assert not DBTaskResult.objects.exists()
    with pytest.raises(CommandError):
        call_command("prune_tasks", "--days", "-1", stdout=io.StringIO())


def test_the_worker_prunes_old_rows_by_itself(database_tasks, group, member, facilitator, monkeypatch,
                                             django_capture_on_commit_callbacks):
    from django_tasks_db.management.commands import db_worker

    from tests.conftest import client_for

    old = task_row(finished_days_ago=10)
    occurrence = OccurrenceFactory(series__group=group)
    RsvpFactory(occurrence=occurrence, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(facilitator).post(f"/api/v1/occurrences/{occurrence.pk}/cancel/", {"note": ""}, format="json")
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # it would close the test's connection

    call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, interval=0,
                 verbosity=0)

    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2  # today's: the event and its email


def test_the_upgrade_forgets_rows_that_held_whole_emails(db):
    """Rows written before tasks carried ids only held the email's words; the migration deletes them."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kindred.notifications.migrations.0002_forget_rendered_email_payloads")
    legacy = DBTaskResult.objects.create(
        task_path="kindred.notifications.tasks.deliver_email", backend_name="default", run_after=timezone.now(),
        args_kwargs={"args": [], "kwargs": {"user_id": 1, "kind": "reminders", "subject": "Reminder: Circle",
                                            "body": "Hello Sam, ..."}})
    removed = DBTaskResult.objects.create(task_path="kindred.notifications.tasks.notify_waitlist_promoted",
                                          backend_name="default", run_after=timezone.now(),
                                          args_kwargs={"args": [], "kwargs": {"rsvp_id": 3}})
    current = DBTaskResult.objects.create(
        task_path="kindred.notifications.tasks.deliver_email", backend_name="default", run_after=timezone.now(),
        args_kwargs={"args": [], "kwargs": {"user_id": 1, "letter": "reminder", "about_id": 4}})

    migration.forget_rendered_payloads(apps, None)

    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [current.pk]
    assert legacy.pk != removed.pk

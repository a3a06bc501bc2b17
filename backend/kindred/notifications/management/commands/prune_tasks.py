"""Delete finished background-task rows older than the retention period (TASK_RESULT_RETENTION_DAYS)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindred.notifications.services import task_results_prune


class Command(BaseCommand):
    help = ("Delete background-task rows that finished more than TASK_RESULT_RETENTION_DAYS days ago "
            "(default 7). Queued and running tasks are never touched. Safe to run as often as you like.")

    def add_arguments(self, parser: CommandParser) -> None:
        default = settings.TASK_RESULT_RETENTION_DAYS
        parser.add_argument("--days", type=float, default=None,
                            help=f"Keep finished rows this many days (default {default:g}).")

    def handle(self, *args: Any, days: float | None = None, **options: Any) -> None:
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        pruned = task_results_prune(days=days)
        self.stdout.write(f"{pruned} finished task row(s) deleted.")

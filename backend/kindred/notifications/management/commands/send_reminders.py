"""Send the meeting reminders that are due. Run it from cron every few minutes; it never repeats one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kindred.notifications.tasks import send_reminders


class Command(BaseCommand):
    help = "Email reminders to people who asked for them, N hours before meetings they said going or maybe to."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")

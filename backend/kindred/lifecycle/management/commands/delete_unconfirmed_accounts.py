"""Delete accounts whose address was never confirmed, UNCONFIRMED_ACCOUNT_DAYS (30) after registering."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kindred.lifecycle.privacy import unconfirmed_accounts_delete


class Command(BaseCommand):
    help = (f"Delete accounts never confirmed, registered more than UNCONFIRMED_ACCOUNT_DAYS "
            f"({settings.UNCONFIRMED_ACCOUNT_DAYS:g}) days ago, that never signed in and hold nothing. The task "
            "workers do this once an hour by themselves; safe to run as often as you like.")

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = unconfirmed_accounts_delete()
        self.stdout.write(f"{deleted} unconfirmed account(s) deleted.")

"""Read replicas: reads go to a replica, writes and everything inside a transaction to the primary.

Enabled only when ``DATABASE_REPLICA_URL`` is set (one URL, or several separated by commas); see
docs/deploy.md. Reads made inside ``transaction.atomic`` (every service) stay on the primary, so
a service always sees its own writes; migrations run on the primary only.
"""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.db import connections

PRIMARY = "default"


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


class PrimaryReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        replicas = replica_aliases()
        if not replicas or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY

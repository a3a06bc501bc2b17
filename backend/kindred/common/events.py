"""Domain events: an app announces what happened, and the apps above it listen.

Each event is declared in the app whose services make it happen (``kindred/groups/events.py``,
``kindred/meetings/events.py``) and sent by those services; the listeners connect in their own
``AppConfig.ready()``, so the app that sends never imports the apps that listen. The table of
events, their senders and their listeners is in docs/architecture.md.

A listener runs either

- **after the transaction commits** (the default: emails, and later webhooks), and if it fails the
  failure is logged, never turned into an error for the person whose action it was; or
- **at once** (``at_once=True``), inside the transaction, as the event is sent: for invalidating
  caches, which must stop serving the old answer as soon as the write starts (and repeat after commit).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction

logger = logging.getLogger("kindred.events")

Listener = Callable[..., None]


class Event:
    """Something that happened, with keyword arguments naming what it happened to."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.at_once: list[Listener] = []
        self.after_commit: list[Listener] = []

    def __repr__(self) -> str:
        return f"<Event {self.name}>"

    def connect(self, listener: Listener, *, at_once: bool = False) -> None:
        """Listen to this event (connecting the same listener twice changes nothing)."""
        listeners = self.at_once if at_once else self.after_commit
        if listener not in listeners:
            listeners.append(listener)

    def send(self, **payload: Any) -> None:
        for listener in self.at_once:
            listener(**payload)
        if self.after_commit:
            transaction.on_commit(partial(self._deliver, payload))

    def _deliver(self, payload: dict[str, Any]) -> None:
        for listener in self.after_commit:
            try:
                listener(**payload)
            except Exception:  # what already happened must not fail because a listener did
                logger.exception("listener %s of %s failed", getattr(listener, "__qualname__", listener), self.name)

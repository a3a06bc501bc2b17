"""Domain events: an app announces what happened, and the apps above it listen.

Each event is declared by the app whose services make it happen (``groups/events.py``,
``meetings/events.py``); listeners connect in their own ``AppConfig.ready()``, so the sender never
imports them (the table: docs/architecture.md). A listener runs after the transaction commits (the
default; a failure is logged, never the caller's error) or, with ``at_once=True``, inside it as the
event is sent (cache invalidation, which must not serve the old answer once the write starts).
Either way it runs in the language active when the event was sent (the request's), so what it
enqueues (an email) knows the language of the request that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation

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
            transaction.on_commit(partial(self._deliver, payload, translation.get_language()))

    def _deliver(self, payload: dict[str, Any], language: str | None = None) -> None:
        with translation.override(language):
            self._deliver_each(payload)

    def _deliver_each(self, payload: dict[str, Any]) -> None:
        for listener in self.after_commit:
            try:
                listener(**payload)
            except Exception:  # what already happened must not fail because a listener did
                logger.exception("listener %s of %s failed", getattr(listener, "__qualname__", listener), self.name)

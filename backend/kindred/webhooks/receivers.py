"""Which domain events a webhook hears of: the webhooks app's listeners (connected in ``ready()``).

Each runs after the transaction commits and, when the group has a webhook for that event, enqueues
one task with ids only (the body is written when the task runs, from the public presenters). An
edit of an archived group is not news to anyone outside it; its archiving is (``previous_slug``).
A failure to enqueue is logged and swallowed: a receiver's trouble never fails a facilitator's action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from . import selectors, tasks
from .models import Event

if TYPE_CHECKING:
    from kindred.groups.models import Group
    from kindred.meetings.models import MeetingSeries, Occurrence

logger = logging.getLogger("kindred.webhooks")


def _announce(event: str, *, group_id: int, object_id: int, previous_slug: str = "") -> None:
    try:
        if not selectors.subscribers(group_id=group_id, event=event):
            return
        tasks.webhook_event.enqueue(event=event, group_id=group_id, object_id=object_id, previous_slug=previous_slug,
                                    happened_at=timezone.now().isoformat().replace("+00:00", "Z"))
    except Exception:  # the change already happened; a missed delivery must not undo or fail it
        logger.exception("could not enqueue webhook event %s for group %s", event, group_id)


def group_changed(*, group: Group, previous_slug: str = "", **_: Any) -> None:
    if group.is_archived and not previous_slug:
        return
    _announce(Event.GROUP_CHANGED, group_id=group.pk, object_id=group.pk, previous_slug=previous_slug)


def _listener(event: str, about: str) -> Callable[..., None]:
    """Announces ``event`` for the series or occurrence sent as ``about``."""
    def listener(**sent: Any) -> None:
        instance: MeetingSeries | Occurrence = sent[about]
        _announce(event, group_id=instance.group_id, object_id=instance.pk)

    listener.__qualname__ = f"{about} listener for {event}"
    return listener


series_created = _listener(Event.SERIES_CREATED, "series")
series_changed = _listener(Event.SERIES_CHANGED, "series")
series_ended = _listener(Event.SERIES_ENDED, "series")
occurrence_changed = _listener(Event.OCCURRENCE_CHANGED, "occurrence")
occurrence_cancelled = _listener(Event.OCCURRENCE_CANCELLED, "occurrence")


def connect() -> None:
    """Subscribe to the events a webhook can receive (once, from ``WebhooksConfig.ready``)."""
    from kindred.groups import events as group_events
    from kindred.meetings import events as meeting_events

    group_events.group_changed.connect(group_changed)
    meeting_events.series_created.connect(series_created)
    meeting_events.series_changed.connect(series_changed)
    meeting_events.series_ended.connect(series_ended)
    meeting_events.occurrence_changed.connect(occurrence_changed)
    meeting_events.occurrence_cancelled.connect(occurrence_cancelled)

"""What happens to meetings, announced by the meetings services (kindred.common.events)."""

from kindred.common.events import Event

series_created = Event("series_created")
"""A meeting series was scheduled. ``series``."""

series_changed = Event("series_changed")
"""A series' schedule or details changed from a date onward. ``series``."""

series_ended = Event("series_ended")
"""A series was ended early; its future meetings are removed or cancelled. ``series``."""

occurrence_changed = Event("occurrence_changed")
"""One meeting changed, by itself or by its series' edit. ``occurrence``; ``changed``, the names of the
fields that changed (``starts_at``, ``ends_at``, ``location``, ``online_url``, ``online_phone``,
``capacity``, ``note``, ``status``)."""

occurrence_cancelled = Event("occurrence_cancelled")
"""One meeting was cancelled (by a facilitator, or because its series no longer holds it). ``occurrence``."""

waitlist_promoted = Event("waitlist_promoted")
"""A waiting member got a place. ``rsvp``."""

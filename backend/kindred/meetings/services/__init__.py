"""Meeting writes: series and their occurrences, one-occurrence changes, RSVPs and waitlists.

Occurrence rows are materialised from the series rule up to a horizon and extended lazily.
Every RSVP change locks its occurrence row first (``select_for_update`` on PostgreSQL; SQLite runs
each transaction with ``BEGIN IMMEDIATE``, which serialises writers), so capacity can never be
exceeded and the counters on the occurrence always equal its RSVP rows.
"""

from .rsvps import (
    occurrence_lock,
    rsvp_release_all_for_user,
    rsvp_set,
    rsvp_withdraw,
    rsvps_hide_names,
    rsvps_release_for_member,
    waitlist_position,
)
from .schedule import (
    HORIZON,
    occurrence_cancel,
    occurrence_restore,
    occurrence_update,
    occurrences_extend,
    series_create,
    series_end,
    series_facilitator_release,
    series_update,
)

__all__ = [
    "HORIZON", "occurrence_cancel", "occurrence_lock", "occurrence_restore", "occurrence_update",
    "occurrences_extend",
    "rsvp_release_all_for_user",
    "rsvp_set", "rsvp_withdraw", "rsvps_hide_names", "rsvps_release_for_member", "series_create", "series_end",
    "series_facilitator_release", "series_update",
    "waitlist_position",
]
